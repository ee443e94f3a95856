"""The report commands make the same files as the GUI, with the right exit codes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from pypdf import PdfReader

from desa_layak.cli import main
from desa_layak.core import demo, setup
from desa_layak.reports.data import load_meeting
from desa_layak.reports.sample_area import fill_sample_area


def test_village_report_and_xlsx_commands(tmp_path: Path, today: dt.date) -> None:
    data = tmp_path / "desa"
    demo.build_demo(data, today=today).close()
    pdf = tmp_path / "laporan.pdf"
    assert main(["--data-dir", str(data), "report", "village", "--out", str(pdf),
                 "--year", "2024", "--on", "2024-03-27"]) == 0
    text = " ".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert "DESA GAMBAH LUAR" in text and "keadaan per 27 Maret 2024" in text
    xlsx = tmp_path / "desa.xlsx"
    assert main(["--data-dir", str(data), "export-xlsx", "--out", str(xlsx),
                 "--year", "2024"]) == 0
    assert "Kelengkapan" in openpyxl.load_workbook(xlsx).sheetnames
    # the handout needs kecamatan mode: usage error, no file
    out = tmp_path / "rakor.pdf"
    assert main(["--data-dir", str(data), "report", "rakor", "--out", str(out)]) == 2
    assert not out.exists()


def test_rakor_command_remembers_meeting(tmp_path: Path, today: dt.date) -> None:
    data = tmp_path / "kec"
    store = setup.open_store(data)
    setup.initialise(store, "kecamatan", "63.06.05")
    fill_sample_area(store, 2024, today)
    store.close()
    pdf = tmp_path / "rakor.pdf"
    assert main(["--data-dir", str(data), "report", "rakor", "--out", str(pdf),
                 "--year", "2024", "--on", "2024-03-27", "--title", "Rakor DLA Semester I",
                 "--date", "2024-04-02", "--place", "Aula Kecamatan",
                 "--signer", "Drs. Ahmad"]) == 0
    first = PdfReader(str(pdf)).pages[0].extract_text()
    assert "RAKOR DLA SEMESTER I" in first and "2 April 2024" in first
    store = setup.open_store(data)
    m = load_meeting(store)
    assert (m.title, m.date, m.place, m.signer_name) == (
        "Rakor DLA Semester I", dt.date(2024, 4, 2), "Aula Kecamatan", "Drs. Ahmad")
    store.close()
    # a village of the area, and the area recap
    one = tmp_path / "satu.pdf"
    assert main(["--data-dir", str(data), "report", "village", "--area", "63.06.05.2005",
                 "--out", str(one), "--year", "2024"]) == 0
    assert "GAMBAH LUAR" in PdfReader(str(one)).pages[0].extract_text()
    assert main(["--data-dir", str(data), "report", "village", "--out", str(one)]) == 2
    assert main(["--data-dir", str(data), "report", "village", "--area", "11.01.01.2001",
                 "--out", str(tmp_path / "x.pdf")]) == 2
    rekap = tmp_path / "rekap.xlsx"
    assert main(["--data-dir", str(data), "export-xlsx", "--out", str(rekap),
                 "--year", "2024"]) == 0
    assert openpyxl.load_workbook(rekap)["Rekap"].max_row == 2 + 18
