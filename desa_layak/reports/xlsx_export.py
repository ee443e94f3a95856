"""Spreadsheets (openpyxl): the area recap, or one village's full data.

Numbers are stored as numbers, dates as dates, money as integers with a Rupiah number format;
every sheet has its header row frozen and column widths set from the content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desa_layak.core.formatting import format_date, format_rupiah, parse_date
from desa_layak.core.states import STATE_LABELS
from desa_layak.core.timestamps import format_stamp, local_time
from desa_layak.reports.data import (
    ProgressFn,
    RakorData,
    VillageReport,
    rakor_data,
    village_report,
)
from desa_layak.storage.db import Store

RUPIAH_FORMAT = '"Rp" #,##0'
# Real dates (they sort and filter) shown the Indonesian way whatever the spreadsheet's
# language: [$-421] is the Indonesian locale, so "6 Desember 2026 12:17" (the time separator
# is the system's own: "12.17" on an Indonesian Windows).
DATE_FORMAT = "[$-421]d mmmm yyyy"
DATETIME_FORMAT = "[$-421]d mmmm yyyy hh:mm"
PERCENT_FORMAT = "0.0%"


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "text"  # text | int | rupiah | date | datetime | percent
    width: float | None = None


def _value(kind: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    if kind == "date":
        return parse_date(value)
    if kind == "datetime":  # a recorded UTC moment: the local time, as a real date/time
        try:
            return local_time(value).replace(tzinfo=None)
        except (ValueError, TypeError, OverflowError):
            return str(value)  # data from a bundle is never trusted to be well formed
    if kind in ("int", "rupiah"):
        return int(value)
    if kind == "percent":
        return float(value)
    return str(value)


def _sheet(wb, title: str, columns: Sequence[Column], rows: Sequence[Sequence[Any]],  # noqa: ANN001
           note: str = "") -> None:
    """One sheet: optional note line, bold header (frozen), typed cells, widths from content."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title[:31])
    header_row = 1
    if note:
        ws.cell(row=1, column=1, value=note).font = Font(italic=True, color="5F6B7A")
        header_row = 2
    fill = PatternFill("solid", fgColor="E6EBF1")
    for c, col in enumerate(columns, start=1):
        cell = ws.cell(row=header_row, column=c, value=col.title)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    formats = {"rupiah": RUPIAH_FORMAT, "date": DATE_FORMAT, "datetime": DATETIME_FORMAT,
               "percent": PERCENT_FORMAT, "int": "0"}
    widths = [len(col.title) + 2 for col in columns]
    for r, row in enumerate(rows, start=header_row + 1):
        for c, (col, raw) in enumerate(zip(columns, row, strict=True), start=1):
            value = _value(col.kind, raw)
            cell = ws.cell(row=r, column=c, value=value)
            if col.kind in formats and value is not None:
                cell.number_format = formats[col.kind]
            shown = {"date": 19, "datetime": 25, "rupiah": len(f"Rp {value:,}") + 1
                     if isinstance(value, int) else 4}.get(col.kind, len(str(value or "")) + 2)
            widths[c - 1] = max(widths[c - 1], shown)
    for c, col in enumerate(columns, start=1):
        width = col.width or min(max(widths[c - 1], 6), 60)
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = (f"A{header_row}:{get_column_letter(len(columns))}"
                          f"{header_row + max(len(rows), 1)}")


def _new_workbook():  # noqa: ANN202
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    return wb


def _save(wb, dest: Path) -> None:  # noqa: ANN001
    from desa_layak.storage.files import atomic_write

    with atomic_write(Path(dest)) as fh:
        wb.save(fh)


# -- the recap ----------------------------------------------------------------------------------

def recap_workbook(data: RakorData):  # noqa: ANN201
    wb = _new_workbook()
    note = (f"Rekap kelengkapan {data.area_label} tahun {data.year}, keadaan per "
            f"{format_date(data.as_of)}; dibuat {format_stamp(data.generated_at)}.")
    cols = [Column("No", "int", 6), Column("Kode wilayah", width=15),
            Column("Desa/Kelurahan"), Column("Jenis", width=10), Column("Kecamatan")]
    cols += [Column(f"{it.code}. {it.short}", width=16) for it in data.items]
    cols += [Column("Butir terpenuhi", "int", 10), Column("Jumlah butir", "int", 9),
             Column("Mengirim data", width=10), Column("Bundel ke", "int", 9),
             Column("Bundel dibuat", "datetime"), Column("Bundel diimpor", "datetime")]
    rows = []
    for n, v in enumerate(data.villages, start=1):
        states = ([STATE_LABELS[r.state] for r in v.rows] if v.sent
                  else [""] * len(data.items))
        b = v.bundle
        rows.append([n, v.code, v.name, v.kind.capitalize(), v.district_name, *states,
                     v.fulfilled if v.sent else None, len(data.items),
                     "ya" if v.sent else "belum", b.last_seq if b else None,
                     b.exported_at if b else None, b.imported_at if b else None])
    _sheet(wb, "Rekap", cols, rows, note)

    count_cols = [Column("Butir", width=8), Column("Nama butir", width=40),
                  Column("Terpenuhi", "int"), Column("Persen", "percent")]
    count_cols += [Column(label, "int") for label in STATE_LABELS.values()]
    count_rows = [[c.item.code, c.item.title, c.complete, c.share,
                   *[c.by_state[s] for s in STATE_LABELS]] for c in data.counts]
    sent = sum(1 for v in data.villages if v.sent)
    missing = len(data.villages) - sent
    _sheet(wb, "Per butir", count_cols, count_rows,
           f"Banyaknya desa/kelurahan menurut keadaan tiap butir: {sent} yang sudah mengirim "
           f"bundel tahun {data.year}, dari {len(data.villages)}"
           + (f"; {missing} belum mengirim (lembar Rekap)." if missing else "."))

    doc_cols = [Column("Kode wilayah", width=15), Column("Desa/Kelurahan"),
                Column("Butir", width=7), Column("Keadaan", width=18),
                Column("Nomor dokumen"), Column("Ditetapkan", "date"),
                Column("Berlaku sampai", "date"), Column("Lampiran", "int"),
                Column("Keterangan", width=60)]
    doc_rows = [[v.code, v.name, r.item.code, STATE_LABELS[r.state],
                 r.doc_number if r.doc_number != "-" else None, r.date_iso, r.valid_until,
                 r.attachments if r.doc_number != "-" else None, r.reason]
                for v in data.villages if v.sent for r in v.rows]
    _sheet(wb, "Butir per desa", doc_cols, doc_rows)
    return wb


# -- one village --------------------------------------------------------------------------------

_NOTHING_RECEIVED = "Belum ada bundel data tahun ini dari desa/kelurahan ini."


def village_workbook(data: VillageReport):  # noqa: ANN201
    wb = _new_workbook()
    p = data.profile
    note = (f"{p.full_name}, Kec. {p.district_name}, {p.regency_name}: tahun {data.year}, "
            f"keadaan per {format_date(data.as_of)}; dibuat {format_stamp(data.generated_at)}.")
    if not data.received:  # kecamatan side: nothing from the village for this year
        note += (f" {p.full_name} belum mengirim bundel data tahun {data.year}: keadaannya "
                 "belum dapat dinilai.")
    cols = [Column("Butir", width=7), Column("Nama butir", width=40),
            Column("Keadaan", width=18), Column("Nomor dokumen"),
            Column("Ditetapkan", "date"), Column("Berlaku sampai", "date"),
            Column("Lampiran", "int"), Column("Keterangan", width=60)]
    rows = [[r.item.code, r.item.title,
             STATE_LABELS[r.state] if data.received else "Belum dapat dinilai",
             r.doc_number if r.doc_number != "-" else None, r.date_iso, r.valid_until,
             r.attachments if r.doc_number != "-" else None,
             r.reason if data.received else "Belum ada bundel data tahun ini."]
            for r in data.checklist]
    _sheet(wb, "Kelengkapan", cols, rows, note)

    dp = data.data_pilah
    pilah_cols = [Column("Data", width=48), Column("Kelompok umur", width=14),
                  Column("Jenis kelamin", width=12), Column("Jumlah", "int")]
    pilah_rows: list[list[Any]] = []
    band_labels = dict(dp.bands)
    sex_labels = dict(dp.sexes)
    for r in dp.split:
        for (band, sex), value in zip(dp.columns, r.values, strict=True):
            pilah_rows.append([r.label, band_labels[band], sex_labels[sex], value])
    for r in dp.single:
        pilah_rows.append([r.label, "", "", r.values[0]])
    _sheet(wb, "Data pilah", pilah_cols, pilah_rows)

    b = data.budget
    budget_cols = [Column("Kegiatan", width=44), Column("Bidang", width=34),
                   Column("Sumber", width=16), Column("Anggaran", "rupiah"),
                   Column("Realisasi", "rupiah")]
    budget_rows = [[x.activity, x.bidang, x.source, x.amount, x.realised] for x in b.lines]
    _sheet(wb, "Anggaran", budget_cols, budget_rows,
           f"APBDes {data.year}: {format_rupiah(b.apbdes_total)}; untuk anak: "
           f"{format_rupiah(b.total)}.")

    fac_cols = [Column("Jenis", width=22), Column("Nama", width=30), Column("Lokasi", width=30),
                Column("Sejak", "int"), Column("Kondisi", width=14), Column("Aktif", width=8),
                Column("Foto", "int")]
    fac_rows = [[f.kind, f.name, f.location, f.since_year, f.condition,
                 "ya" if f.active else "tidak", f.photos] for f in data.facilities]
    _sheet(wb, "Fasilitas", fac_cols, fac_rows)

    team_cols = [Column("Butir", width=7), Column("Tim", width=32), Column("Ketua", width=24),
                 Column("Anggota L", "int"), Column("Anggota P", "int"),
                 Column("Kegiatan", "int"), Column("Kegiatan terakhir", "date")]
    # Nothing received (kecamatan side): no member counts and no verdicts, as in the checklist
    # sheet and the PDF (not "0 members" and "Belum terpenuhi" for data never sent).
    team_rows = [[t.item_code, t.title, t.chair_name, t.members_l, t.members_p, t.activities,
                  t.last_activity] if data.received else
                 [t.item_code, t.title, None, None, None, None, None] for t in data.teams]
    _sheet(wb, "Tim", team_cols, team_rows, "" if data.received else _NOTHING_RECEIVED)

    drppa_cols = [Column("No", "int", 6), Column("Indikator", width=50),
                  Column("Penilaian", width=20), Column("Keterangan", width=60)]
    drppa_rows = [[d.indicator, d.title, d.verdict, d.summary] if data.received else
                  [d.indicator, d.title, "Belum dapat dinilai", "Belum ada bundel data tahun ini."]
                  for d in data.drppa]
    _sheet(wb, "DRPPA", drppa_cols, drppa_rows)
    return wb


# -- entry points -------------------------------------------------------------------------------

def write_recap_xlsx(store: Store, year: int, dest: Path, *, on: dt.date | None = None,
                     progress: ProgressFn | None = None, area_code: str | None = None) -> None:
    data = rakor_data(store, year, on=on, progress=progress, area_code=area_code)
    _save(recap_workbook(data), dest)


def write_village_xlsx(store: Store, village_code: str, year: int, dest: Path, *,
                       on: dt.date | None = None) -> None:
    data = village_report(store, village_code, year, on=on)
    _save(village_workbook(data), dest)
