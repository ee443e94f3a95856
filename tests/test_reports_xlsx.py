"""Spreadsheets read back with openpyxl and checked cell by cell against the database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from desa_layak.core import checklist, data_pilah, demo
from desa_layak.core.states import STATE_LABELS
from desa_layak.reports.sample_area import fill_sample_area
from desa_layak.reports.xlsx_export import write_recap_xlsx, write_village_xlsx
from desa_layak.storage.db import Store


def rows_of(ws, header_row: int) -> tuple[list[str], list[tuple]]:  # noqa: ANN001
    header = [c.value for c in ws[header_row]]
    body = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=header_row + 1)]
    return header, body


def check_layout(ws, header_row: int) -> None:  # noqa: ANN001
    assert ws.freeze_panes == f"A{header_row + 1}"
    for cell in ws[header_row]:
        assert cell.font.bold
        width = ws.column_dimensions[cell.column_letter].width
        assert width and width >= 6, (ws.title, cell.value)


def test_village_workbook(demo_store: Store, tmp_path: Path, today: dt.date) -> None:
    out = tmp_path / "desa.xlsx"
    write_village_xlsx(demo_store, demo.DEMO_VILLAGE, 2024, out, on=today)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Kelengkapan", "Data pilah", "Anggaran", "Fasilitas", "Tim",
                             "DRPPA"]

    ws = wb["Kelengkapan"]
    check_layout(ws, 2)
    header, body = rows_of(ws, 2)
    assert header[:7] == ["Butir", "Nama butir", "Keadaan", "Nomor dokumen", "Ditetapkan",
                          "Berlaku sampai", "Lampiran"]
    statuses = checklist.statuses(demo_store, demo.DEMO_VILLAGE, 2024, on=today)
    assert len(body) == len(statuses)
    for row, s in zip(body, statuses, strict=True):
        assert row[0] == s.item.code
        assert row[2] == STATE_LABELS[s.state]
        if s.document is not None:
            assert row[3] == s.document.doc_number
            if s.document.date_set:
                assert isinstance(row[4], dt.datetime)
                assert row[4].date().isoformat() == s.document.date_set
            assert isinstance(row[6], int) and row[6] == s.document.attachments
        else:
            assert row[3] is None and row[6] is None

    ws = wb["Anggaran"]
    check_layout(ws, 2)
    _, body = rows_of(ws, 2)
    db_lines = demo_store.db.execute(
        "SELECT activity, amount, realised FROM budget_lines WHERE village_code = ? "
        "AND year = 2024 AND deleted_at IS NULL", [demo.DEMO_VILLAGE]).fetchall()
    assert sorted((r[0], r[3], r[4]) for r in body) == sorted(db_lines)
    for r in body:
        assert isinstance(r[3], int) and isinstance(r[4], int)
    assert ws.cell(row=3, column=4).number_format == '"Rp" #,##0'

    ws = wb["Data pilah"]
    check_layout(ws, 1)
    _, body = rows_of(ws, 1)
    stored = data_pilah.values(demo_store, demo.DEMO_VILLAGE, 2024)
    assert stored, "the demo fills data pilah"
    numbers = [r[3] for r in body if r[3] is not None]
    assert all(isinstance(n, int) for n in numbers)
    assert sum(numbers) == sum(stored.values())
    assert len(numbers) == len(stored)

    ws = wb["Tim"]
    _, body = rows_of(ws, 1)
    db_teams = dict((k, (ml, mp)) for k, ml, mp in demo_store.db.execute(
        "SELECT team_key, members_l, members_p FROM teams WHERE village_code = ? AND year = 2024 "
        "AND deleted_at IS NULL", [demo.DEMO_VILLAGE]).fetchall())
    assert sum(r[3] + r[4] for r in body) == sum(a + b for a, b in db_teams.values())
    assert wb["DRPPA"].max_row == 11


def test_recap_workbook(kecamatan_store: Store, tmp_path: Path, today: dt.date) -> None:
    fill_sample_area(kecamatan_store, 2024, today)
    out = tmp_path / "rekap.xlsx"
    write_recap_xlsx(kecamatan_store, 2024, out, on=today)
    wb = openpyxl.load_workbook(out)
    ws = wb["Rekap"]
    check_layout(ws, 2)
    header, body = rows_of(ws, 2)
    villages = kecamatan_store.db.execute(
        "SELECT code, name FROM villages ORDER BY code").fetchall()
    assert [(r[1], r[2]) for r in body] == villages
    seqs = dict(kecamatan_store.db.execute(
        "SELECT village_code, last_seq FROM village_sources").fetchall())
    col = {name: i for i, name in enumerate(header)}
    item_cols = [i for i, name in enumerate(header) if len(name) > 2 and name[1] == "."]
    assert len(item_cols) == 8
    for row in body:
        assert isinstance(row[0], int)
        code = row[1]
        if code in seqs:
            assert row[col["Bundel ke"]] == seqs[code]
            assert isinstance(row[col["Bundel diimpor"]], dt.datetime)
            statuses = checklist.statuses(kecamatan_store, code, 2024, on=today)
            assert [row[i] for i in item_cols] == [STATE_LABELS[s.state] for s in statuses]
            assert row[col["Butir terpenuhi"]] == sum(1 for s in statuses if s.fulfilled)
            assert row[col["Mengirim data"]] == "ya"
        else:
            assert row[col["Bundel ke"]] is None
            assert row[col["Mengirim data"]] == "belum"
            assert all(row[i] is None for i in item_cols)

    ws = wb["Per butir"]
    check_layout(ws, 2)
    _, body = rows_of(ws, 2)
    assert [r[0] for r in body] == list("ABCDEFGH")
    # the state columns count the villages that sent: the note says how many did not
    missing = len(villages) - len(seqs)
    assert f"{len(seqs)} yang sudah mengirim" in ws["A1"].value
    assert f"{missing} belum mengirim" in ws["A1"].value
    assert all(sum(r[4:]) == len(seqs) for r in body)
    for r in body:
        assert isinstance(r[2], int) and isinstance(r[3], (int, float))
        assert r[3] == pytest.approx(r[2] / len(villages))

    ws = wb["Butir per desa"]
    check_layout(ws, 1)
    _, body = rows_of(ws, 1)
    assert len(body) == 8 * len(seqs)
    for r in body:
        if r[5] is not None:
            assert isinstance(r[5], dt.datetime)


def test_a_village_that_sent_nothing_gets_no_verdicts_in_its_workbook(
        kecamatan_store: Store, tmp_path: Path, today: dt.date) -> None:
    """Found by an exploratory tester: the checklist sheet said "belum dapat dinilai" while the
    DRPPA sheet said "Belum terpenuhi" and the teams sheet had 0 members."""
    from desa_layak.reports.xlsx_export import write_village_xlsx

    out = tmp_path / "desa.xlsx"
    write_village_xlsx(kecamatan_store, "63.06.05.2005", 2024, out, on=today)
    wb = openpyxl.load_workbook(out)
    values = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
              if c.value is not None]
    assert not any("Belum terpenuhi" in v or v == "Terpenuhi" for v in values)
    drppa = wb["DRPPA"]
    verdicts = {row[2].value for row in drppa.iter_rows(min_row=3) if row[0].value}
    assert verdicts == {"Belum dapat dinilai"}
    team_counts = [c.value for row in wb["Tim"].iter_rows(min_row=3) for c in row[3:6]]
    assert team_counts and all(v is None for v in team_counts)
