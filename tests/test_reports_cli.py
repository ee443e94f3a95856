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


def test_an_area_outside_the_folder_or_without_villages_is_wrong_usage(
        tmp_path: Path, today: dt.date, capsys) -> None:  # noqa: ANN001
    """Found by an exploratory tester: 'report rakor --area 63.06.04' in the Kandangan folder
    wrote a handout for "0 dari 0 desa/kelurahan" and exited 0; export-xlsx did the same."""
    data = tmp_path / "kec"
    store = setup.open_store(data)
    setup.initialise(store, "kecamatan", "63.06.05")
    fill_sample_area(store, 2024, today)
    store.close()
    for args, said in ((["report", "rakor", "--area", "63.06.04"], "bukan bagian dari"),
                       (["report", "rakor", "--area", "63.07"], "bukan bagian dari"),
                       (["report", "rakor", "--area", "63.06.05.2005"], "report village"),
                       (["export-xlsx", "--area", "63.06.04"], "bukan bagian dari")):
        out = tmp_path / ("x.pdf" if args[0] == "report" else "x.xlsx")
        assert main(["--data-dir", str(data), *args, "--out", str(out)]) == 2, args
        assert said in capsys.readouterr().err, args
        assert not out.exists()
    assert main(["--data-dir", str(data), "report", "rakor", "--area", "63.06.05", "--out",
                 str(tmp_path / "ok.pdf"), "--year", "2024", "--on", "2024-03-27"]) == 0
    kab = tmp_path / "kab"  # a kabupaten: one of its kecamatan, or a code it does not have
    store = setup.open_store(kab)
    setup.initialise(store, "kecamatan", "63.06")
    store.close()
    out = tmp_path / "kosong.pdf"
    assert main(["--data-dir", str(kab), "report", "rakor", "--area", "63.06.99",
                 "--out", str(out)]) == 2
    assert "Tidak ada desa/kelurahan berkode 63.06.99" in capsys.readouterr().err
    assert not out.exists()
    assert main(["--data-dir", str(kab), "report", "rakor", "--area", "63.06.03",
                 "--out", str(out), "--year", "2024"]) == 0
    cover = PdfReader(str(out)).pages[0].extract_text()
    assert "Data: bundel 0 dari 11 desa/kelurahan" in cover  # that kecamatan's, not 148
    assert "- (belum ada yang mengirim)" in cover and "0,0 dari 8" not in cover


def test_recap_of_a_past_year_says_the_day_it_is_judged_on(tmp_path: Path, today: dt.date,
                                                           capsys) -> None:  # noqa: ANN001
    data = tmp_path / "kec"
    store = setup.open_store(data)
    setup.initialise(store, "kecamatan", "63.06.05")
    store.close()
    assert main(["--data-dir", str(data), "recap", "--year", "2023"]) == 0
    assert "tahun 2023, per 31 Desember 2023" in capsys.readouterr().out
