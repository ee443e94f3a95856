"""The village report: one village's checklist, figures and signature, on A4 paper."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import BinaryIO

from desa_layak.core.formatting import format_date, format_number, format_percent, format_rupiah
from desa_layak.reports.data import (
    SEX_LABELS,
    ProgressFn,
    VillageReport,
    village_report,
)
from desa_layak.storage.db import Store

REPORT_TITLE = "Laporan Kelengkapan Desa/Kelurahan Layak Anak dan DRPPA"


def _letterhead(data: VillageReport, width: float) -> list:
    from desa_layak.reports.layout import HRule, P, Spacer, esc, styles

    s = styles()
    p = data.profile
    regency = p.regency_name.upper()
    out = [
        P(f"PEMERINTAH {esc(regency)}", s.letterhead),
        P(f"KECAMATAN {esc(p.district_name.upper())}", s.letterhead),
        P(f"{esc(p.kind_label.upper())} {esc(p.name.upper())}", s.letterhead_big),
    ]
    if p.address:
        out.append(P(esc(p.address), s.letterhead_small))
    out += [Spacer(1, 3), HRule(width, double=True), Spacer(1, 8)]
    return out


def _checklist_section(data: VillageReport, width: float) -> list:
    from reportlab.lib.units import mm

    from desa_layak.reports.layout import P, esc, legend, state_cell, styles, table

    s = styles()
    rows = [[P("Butir", s.head), P("Keadaan", s.head), P("Nomor dokumen", s.head),
             P("Ditetapkan", s.head), P("Masa berlaku", s.head), P("Lampiran", s.head)]]
    for r in data.checklist:
        title = f"<b>{r.item.code}.</b> {esc(r.item.title)}"
        if r.carried_from:
            title += f"<br/><font size=7 color='#5f6b7a'>dicatat tahun {r.carried_from}</font>"
        rows.append([
            P(title, s.cell), state_cell(r.state), P(esc(r.doc_number), s.cell),
            P(esc(r.date_set), s.cell), P(esc(r.validity), s.cell),
            P(str(r.attachments) if r.doc_number != "-" else "-", s.cell_center),
        ])
    widths = [50 * mm, 27 * mm, 30 * mm, 22 * mm, 33 * mm, 16 * mm]
    widths[0] += width - sum(widths)
    return [
        P("1. Kelengkapan butir A\u2013H", s.h2),
        P(f"Terpenuhi <b>{data.fulfilled} dari {len(data.checklist)}</b> butir, "
          f"keadaan per {format_date(data.judged_on)}.", s.body),
        table(rows, widths),
        legend(width=width),
    ]


def _actions_section(data: VillageReport, width: float) -> list:
    from reportlab.lib.units import mm

    from desa_layak.reports.layout import P, esc, state_cell, styles, table

    s = styles()
    out = [P("2. Yang perlu ditindaklanjuti lebih dulu", s.h2)]
    if not data.actions:
        return out + [P("Semua butir sudah lengkap. Pertahankan dan perbarui sebelum masa "
                        "berlakunya habis.", s.body)]
    rows = [[P("No", s.head), P("Butir", s.head), P("Keadaan", s.head),
             P("Yang perlu dilakukan", s.head)]]
    for n, r in enumerate(data.actions, start=1):
        rows.append([P(str(n), s.cell_center), P(f"<b>{r.item.code}.</b> {esc(r.item.short)}",
                                                 s.cell),
                     state_cell(r.state), P(esc(r.reason), s.cell)])
    widths = [9 * mm, 38 * mm, 30 * mm, 0]
    widths[-1] = width - sum(widths)
    return out + [table(rows, widths)]


def _pilah_section(data: VillageReport, width: float) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether

    from desa_layak.reports.layout import HEAD_BG, P, esc, styles, table

    s = styles()
    out = [P("3. Data pilah gender", s.h2)]
    if not data.data_pilah:
        return out + [P(f"Belum ada data pilah untuk tahun {data.year}.", s.body)]
    for t in data.data_pilah:
        head = [P("Kelompok umur", s.head)] + [P(SEX_LABELS[x], s.head) for x in t.sexes]
        with_total = len(t.sexes) > 1 and "" not in t.sexes
        if with_total:
            head.append(P("Jumlah", s.head))
        rows = [head]
        for band, values in t.rows:
            line = [P(esc(band), s.cell)] + [
                P(format_number(v) if v is not None else "-", s.cell_right) for v in values]
            if with_total:
                line.append(P(format_number(t.row_total(values)), s.cell_right))
            rows.append(line)
        total = [P("<b>Jumlah</b>", s.cell)] + [
            P(f"<b>{format_number(v)}</b>", s.cell_right) for v in t.column_totals]
        if with_total:
            total.append(P(f"<b>{format_number(t.grand_total)}</b>", s.cell_right))
        rows.append(total)
        n_num = len(head) - 1
        widths = [width - n_num * 24 * mm] + [24 * mm] * n_num
        widths[0] = min(widths[0], 70 * mm)
        out.append(KeepTogether([
            P(esc(t.title), s.h3),
            table(rows, widths, extra=[("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1),
                                        HEAD_BG)]),
        ]))
    return out


def _budget_section(data: VillageReport, width: float) -> list:
    from reportlab.lib.units import mm

    from desa_layak.reports.layout import HEAD_BG, P, esc, styles, table

    s = styles()
    b = data.budget
    out = [P("4. Anggaran pemenuhan hak anak", s.h2)]
    apbdes = format_rupiah(b.apbdes_total) if b.apbdes_total else "belum dicatat"
    out.append(P(f"APBDes {data.year}: <b>{apbdes}</b>.", s.body))
    if not b.lines:
        return out + [P("Belum ada kegiatan anggaran untuk anak yang dicatat.", s.body)]
    rows = [[P("No", s.head), P("Kegiatan", s.head), P("Bidang", s.head), P("Sumber", s.head),
             P("Anggaran", s.head), P("Realisasi", s.head)]]
    for n, line in enumerate(b.lines, start=1):
        rows.append([P(str(n), s.cell_center), P(esc(line.activity), s.cell),
                     P(esc(line.bidang or "-"), s.cell), P(esc(line.source or "-"), s.cell),
                     P(format_rupiah(line.amount), s.cell_right),
                     P(format_rupiah(line.realised), s.cell_right)])
    rows.append(["", P("<b>Jumlah</b>", s.cell), "", "",
                 P(f"<b>{format_rupiah(b.total)}</b>", s.cell_right),
                 P(f"<b>{format_rupiah(b.realised)}</b>", s.cell_right)])
    widths = [9 * mm, 0, 34 * mm, 22 * mm, 28 * mm, 28 * mm]
    widths[1] = width - sum(widths)
    last = len(rows) - 1
    out.append(table(rows, widths, extra=[("BACKGROUND", (0, last), (-1, last), HEAD_BG)]))
    if b.share is not None:
        out.append(P(f"Bagian untuk pemenuhan hak anak: <b>{format_percent(b.share, 2)}</b> "
                     f"dari APBDes.", s.body))
    return out


def _facilities_section(data: VillageReport, width: float) -> list:
    from reportlab.lib.units import mm

    from desa_layak.reports.layout import P, esc, styles, table

    s = styles()
    out = [P("5. Fasilitas informasi layak anak", s.h2)]
    if not data.facilities:
        return out + [P("Belum ada fasilitas informasi layak anak yang dicatat.", s.body)]
    rows = [[P(h, s.head) for h in ("Jenis", "Nama", "Lokasi", "Sejak", "Kondisi", "Aktif",
                                    "Foto")]]
    for f in data.facilities:
        rows.append([P(esc(f.kind), s.cell), P(esc(f.name), s.cell), P(esc(f.location or "-"),
                                                                       s.cell),
                     P(str(f.since_year or "-"), s.cell_center), P(esc(f.condition or "-"), s.cell),
                     P("ya" if f.active else "tidak", s.cell_center),
                     P(str(f.photos), s.cell_center)])
    widths = [28 * mm, 0, 42 * mm, 14 * mm, 18 * mm, 12 * mm, 12 * mm]
    widths[1] = width - sum(widths)
    return out + [table(rows, widths)]


def _teams_section(data: VillageReport, width: float) -> list:
    from reportlab.lib.units import mm

    from desa_layak.reports.layout import P, esc, styles, table

    s = styles()
    out = [P("6. Tim dan kelembagaan", s.h2)]
    if not data.teams:
        return out + [P(f"Belum ada susunan tim yang dicatat untuk tahun {data.year}.", s.body)]
    rows = [[P(h, s.head) for h in ("Tim", "Ketua", "L", "P", "Jumlah", "Kegiatan",
                                    "Kegiatan terakhir")]]
    for t in data.teams:
        rows.append([P(esc(t.title), s.cell), P(esc(t.chair_name or "-"), s.cell),
                     P(str(t.members_l), s.cell_right), P(str(t.members_p), s.cell_right),
                     P(str(t.members_l + t.members_p), s.cell_right),
                     P(str(t.activities), s.cell_right),
                     P(format_date(t.last_activity), s.cell)])
    widths = [0, 40 * mm, 10 * mm, 10 * mm, 14 * mm, 16 * mm, 30 * mm]
    widths[0] = width - sum(widths)
    return out + [table(rows, widths)]


def _drppa_section(data: VillageReport, width: float) -> list:
    from reportlab.lib.units import mm

    from desa_layak.reports.layout import P, esc, styles, table

    s = styles()
    out = [P("7. Indikator Desa Ramah Perempuan dan Peduli Anak (DRPPA)", s.h2)]
    answered = sum(1 for d in data.drppa if d.value)
    out.append(P(f"{answered} dari {len(data.drppa)} indikator sudah diisi.", s.body))
    rows = [[P("No", s.head), P("Indikator", s.head), P("Keadaan di desa", s.head)]]
    for d in data.drppa:
        value = esc(d.value) if d.value else "<font color='#5f6b7a'>belum diisi</font>"
        rows.append([P(str(d.indicator), s.cell_center), P(esc(d.title), s.cell), P(value, s.cell)])
    widths = [9 * mm, 0, 60 * mm]
    widths[1] = width - sum(widths)
    return out + [table(rows, widths)]


def _signature(data: VillageReport, width: float) -> list:
    from reportlab.platypus import CondPageBreak, Spacer

    from desa_layak.reports.layout import signature_block

    p = data.profile
    place = p.report_place or p.district_name
    return [CondPageBreak(60 * 2.835), Spacer(1, 14),
            signature_block(f"{place}, {format_date(data.judged_on)}",
                            f"{p.head_title} {p.name}", p.head_name, width)]


def story(data: VillageReport, width: float) -> list:
    from desa_layak.reports.layout import P, styles

    s = styles()
    out = _letterhead(data, width)
    title = f"Laporan Kelengkapan {data.profile.kind_label} Layak Anak dan DRPPA"
    out += [P(title.upper(), s.title), P(f"Tahun {data.year}", s.subtitle)]
    for section in (_checklist_section, _actions_section, _pilah_section, _budget_section,
                    _facilities_section, _teams_section, _drppa_section, _signature):
        out += section(data, width)
    return out


def render(data: VillageReport, out: BinaryIO | str) -> int:
    """Write the PDF to ``out``; returns the page count."""
    from desa_layak.reports.layout import Footer, ReportDoc, build

    doc = ReportDoc(out, title=f"{REPORT_TITLE} {data.year} - {data.profile.full_name}",
                    subject=f"{data.profile.full_name}, {data.profile.district_name}")
    footer = Footer(data.generated_at, data.data_state,
                    running_title=f"{data.profile.full_name} \u00b7 {REPORT_TITLE} "
                                  f"{data.year}")
    return build(doc, story(data, doc.portrait_size[0]), footer)


def write_village_report(store: Store, village_code: str, year: int, dest: Path, *,
                         on: dt.date | None = None, now: dt.datetime | None = None,
                         progress: ProgressFn | None = None) -> int:
    """Gather, lay out and write the report to ``dest`` (temp name, then rename)."""
    from desa_layak.storage.files import atomic_write

    if progress:
        progress(0, 3, "Mengumpulkan data")
    data = village_report(store, village_code, year, on=on, now=now)
    if progress:
        progress(1, 3, "Menyusun halaman")
    with atomic_write(Path(dest)) as fh:
        pages = render(data, fh)
    if progress:
        progress(3, 3, "Selesai")
    return pages

