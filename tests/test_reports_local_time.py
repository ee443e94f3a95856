"""Recorded UTC moments in reports and spreadsheets are shown in the laptop's own time
(here Asia/Jakarta, UTC+7), in the Indonesian format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from desa_layak.reports.data import Meeting, rakor_data, village_report
from desa_layak.reports.rakor import write_rakor
from desa_layak.reports.sample_area import fill_sample_area
from desa_layak.reports.village_report import write_village_report
from desa_layak.reports.xlsx_export import recap_workbook, village_workbook
from desa_layak.storage.db import Store

UTC = dt.UTC
NOW = dt.datetime(2026, 12, 6, 5, 20, tzinfo=UTC)  # 12.20 in Jakarta
IMPORTED = "2026-12-06T05:17:13+00:00"  # 12.17 in Jakarta
EXPORTED = "2026-12-05T20:30:00+00:00"  # already 6 Desember 03.30 in Jakarta
MEETING = Meeting(title="Rapat Koordinasi", date=dt.date(2026, 12, 7))



@pytest.fixture
def area(kecamatan_store: Store) -> tuple[Store, str]:
    """A kecamatan folder whose newest bundle was imported at 05.17 UTC."""
    today = dt.date(2026, 12, 6)
    fill_sample_area(kecamatan_store, 2026, today)
    code = kecamatan_store.db.execute(
        "SELECT village_code FROM village_sources ORDER BY village_code LIMIT 1").fetchone()[0]
    with kecamatan_store.atomic() as db:
        db.execute("UPDATE village_sources SET imported_at = '2026-12-06T01:00:00+00:00', "
                   "exported_at = '2026-12-06T01:00:00+00:00'")
        db.execute("UPDATE village_sources SET imported_at = ?, exported_at = ? "
                   "WHERE village_code = ?", [IMPORTED, EXPORTED, code])
    return kecamatan_store, code


def texts(path: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages]


def test_rakor_footer_and_village_pages_in_local_time(area: tuple[Store, str], tmp_path: Path,
                                                      jakarta: None) -> None:
    store, code = area
    out = tmp_path / "rakor.pdf"
    write_rakor(store, 2026, out, MEETING, on=dt.date(2026, 12, 6), now=NOW)
    pages = texts(out)
    for page in pages:
        assert "Dibuat 6 Desember 2026 12.20 \u00b7" in page
        assert "impor terakhir 6 Desember 2026 12.17" in page
    village_page = next(p for p in pages if f"kode {code}" in p)
    assert "bundel ke-" in village_page and "dibuat 6 Desember 2026" in village_page
    assert "5 Desember 2026" not in village_page


def test_village_report_footer_in_local_time(area: tuple[Store, str], tmp_path: Path,
                                             jakarta: None) -> None:
    store, code = area
    out = tmp_path / "desa.pdf"
    write_village_report(store, code, 2026, out, on=dt.date(2026, 12, 6), now=NOW)
    for page in texts(out):
        assert "Dibuat 6 Desember 2026 12.20 \u00b7 Data: bundel ke-" in page
        assert "dibuat 6 Desember 2026 03.30" in page


def test_spreadsheets_in_local_time(area: tuple[Store, str], jakarta: None) -> None:
    store, code = area
    data = rakor_data(store, 2026, MEETING, on=dt.date(2026, 12, 6), now=NOW)
    ws = recap_workbook(data)["Rekap"]
    assert ws["A1"].value == (f"Rekap kelengkapan {data.area_label} tahun 2026, keadaan per "
                              "6 Desember 2026; dibuat 6 Desember 2026 12.20.")
    header = [c.value for c in ws[2]]
    made, imported = header.index("Bundel dibuat") + 1, header.index("Bundel diimpor") + 1
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 2).value == code)
    assert ws.cell(row, imported).value == dt.datetime(2026, 12, 6, 12, 17, 13)
    assert ws.cell(row, made).value == dt.datetime(2026, 12, 6, 3, 30)
    fmt = ws.cell(row, imported).number_format
    assert fmt.startswith("[$-421]d mmmm yyyy")  # "6 Desember 2026 12:17" in any language

    report = village_report(store, code, 2026, on=dt.date(2026, 12, 6), now=NOW)
    note = village_workbook(report)["Kelengkapan"]["A1"].value
    assert "keadaan per 6 Desember 2026; dibuat 6 Desember 2026 12.20." in note
