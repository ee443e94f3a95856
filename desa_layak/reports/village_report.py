"""The village report: one village's checklist, figures and signature, on A4 paper."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import BinaryIO

from desa_layak.core.formatting import format_date, format_number, format_percent, format_rupiah
from desa_layak.core.timestamps import local_date
from desa_layak.reports.data import (
    ProgressFn,
    VillageReport,
    village_report,
)
from desa_layak.storage.db import Store

REPORT_TITLE = "Laporan Kelengkapan Desa/Kelurahan Layak Anak dan DRPPA"
KEEP_START = 130.0  # points: room for a heading, its first lines and a few table rows


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


def _period(text: str) -> str:
    """A period that wraps after its dash or after ``sejak``, never inside a date (no-break
    spaces within each date; the column is wide enough for the widest date, see
    ``_period_width``)."""
    import re

    from desa_layak.reports.layout import esc

    glued = re.sub(r"(\d{1,2}) (\w+) (\d{4})", "\\1\u00a0\\2\u00a0\\3", text)
    return esc(glued).replace(" \u2013 ", "\u00a0\u2013 ")


def _period_width(minimum: float) -> float:
    """The period column: ``sejak`` and the widest date of any month on one line."""
    from desa_layak.reports.layout import CELL_PAD, text_width, widest_date

    longest = max(text_width(f"sejak {widest_date()}"), text_width(f"{widest_date()}\u00a0\u2013"))
    return max(minimum, longest + 2 * CELL_PAD + 1)


def _checklist_section(data: VillageReport, width: float) -> list:
    from reportlab.lib.units import mm

    from desa_layak.reports.layout import (
        CELL_PAD,
        P,
        esc,
        legend,
        state_cell,
        styles,
        table,
        text_width,
    )

    s = styles()
    rows = [[P("Butir", s.head), P("Keadaan", s.head), P("Nomor dokumen", s.head),
             P("Ditetapkan", s.head), P("Masa berlaku", s.head), P("Lamp.", s.head)]]
    for r in data.checklist:
        title = f"<b>{r.item.code}.</b> {esc(r.item.title)}"
        if r.carried_from:
            title += f"<br/><font size=7 color='#5f6b7a'>dicatat tahun {r.carried_from}</font>"
        rows.append([
            P(title, s.cell), state_cell(r.state), P(esc(r.doc_number), s.cell),
            P(esc(r.date_set), s.cell), P(_period(r.validity), s.cell),
            P(str(r.attachments) if r.doc_number != "-" else "-", s.cell_center),
        ])
    lamp_w = text_width("Lamp.", bold=True) + 2 * CELL_PAD + 1
    widths = [0, 27 * mm, 30 * mm, 22 * mm, _period_width(33 * mm), lamp_w]
    widths[0] = width - sum(widths)
    return [
        P(f"1. Kelengkapan butir {data.checklist[0].item.code}\u2013"
          f"{data.checklist[-1].item.code}", s.h2),
        P(f"Terpenuhi <b>{data.fulfilled} dari {len(data.checklist)}</b> butir, "
          f"keadaan per {format_date(data.as_of)}.", s.body),
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


PARTIAL_MARK = "*"  # a total of a row not yet filled in full
PARTIAL_COLOUR = "#5f6b7a"  # layout.MUTED


def _sum_text(total: int | None, complete: bool) -> str:
    """A row's total: ``-`` when nothing is filled, ``1.234*`` when only part is."""
    if total is None:
        return "-"
    return format_number(total) + ("" if complete else PARTIAL_MARK)


def _pilah_section(data: VillageReport, width: float) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from desa_layak.reports.layout import (
        CELL_PAD,
        HEAD_BG,
        P,
        esc,
        styles,
        table,
        text_width,
    )

    s = styles()
    dp = data.data_pilah
    out = [P("3. Data pilah gender", s.h2)]
    if not dp.has_values:
        return out + [P(f"Belum ada data pilah untuk tahun {data.year}.", s.body)]
    out.append(P(f"Terisi {dp.filled} dari {dp.required} isian. Angka menurut kelompok umur "
                 "dan jenis kelamin (L = laki-laki, P = perempuan).", s.body))
    n_cols = len(dp.columns)
    sex_codes = [c for c, _ in dp.sexes]
    head1 = [P("Data", s.head)] + sum(
        ([P(esc(label), s.cell_center.clone("hc", fontName=s.head.fontName))] +
         [""] * (len(dp.sexes) - 1) for _, label in dp.bands), []) + [
        P("Jumlah", s.cell_center.clone("hc2", fontName=s.head.fontName))] + \
        [""] * len(dp.sexes)
    head2 = [""] + [P(c, s.cell_center) for _ in dp.bands for c in sex_codes] + \
        [P(c, s.cell_center) for c in sex_codes] + [P("L+P", s.cell_center)]
    rows = [head1, head2]
    value_texts, sum_texts, grand_texts = ["L+P"], [], []
    partial = False
    for r in dp.split:
        values = ["-" if v is None else format_number(v) for v in r.values]
        sums = [r.sum_of(dp.sex_indexes(c)) for c in sex_codes] + [r.sum_of()]
        texts = [_sum_text(total, complete) for total, complete in sums]
        value_texts += values
        sum_texts += texts[:-1]
        grand_texts.append(texts[-1])
        line = [P(esc(r.label), s.cell)] + [P(v, s.cell_right) for v in values]
        for i, (text, (total, complete)) in enumerate(zip(texts, sums, strict=True)):
            if i == len(texts) - 1:
                text = f"<b>{text}</b>"
            if total is not None and not complete:  # greyed as well as marked
                text = f"<font color='{PARTIAL_COLOUR}'>{text}</font>"
                partial = True
            line.append(P(text, s.cell_right))
        rows.append(line)
    # Every number whole on one line: each column as wide as its widest text (never
    # narrower than the band headings need), the label column takes what is left.
    pad = 2 * CELL_PAD + 1
    value_w = max(10.5 * mm, max(text_width(t) for t in value_texts) + pad)
    sum_w = max(10.5 * mm, max((text_width(t) for t in sum_texts), default=0) + pad)
    grand_w = max(10.5 * mm, max(text_width(t, bold=True) for t in grand_texts) + pad)
    widths = [0] + [value_w] * n_cols + [sum_w] * len(sex_codes) + [grand_w]
    widths[0] = width - sum(widths)
    extra = [("SPAN", (0, 0), (0, 1)), ("BACKGROUND", (0, 0), (-1, 1), HEAD_BG)]
    for i in range(len(dp.bands) + 1):
        c = 1 + i * len(sex_codes)
        span = len(sex_codes) + (1 if i == len(dp.bands) else 0)
        extra.append(("SPAN", (c, 0), (c + span - 1, 0)))
        extra.append(("LINEBEFORE", (c, 0), (c, -1), 0.5, "#b8c1cc"))
    out.append(table(rows, widths, header_rows=2, extra=extra))
    if partial:
        out.append(Spacer(1, 2))
        out.append(P(f"{PARTIAL_MARK} Jumlah sementara: baris itu belum terisi semua, jadi "
                     "jumlahnya hanya dari isian yang sudah ada. Tanda \u201c-\u201d: belum "
                     "diisi.", s.small))
    if dp.single:
        srows = [[P("Data tahunan", s.head), P("Jumlah", s.head)]]
        srows += [[P(esc(r.label), s.cell),
                   P("-" if r.values[0] is None else format_number(r.values[0]), s.cell_right)]
                  for r in dp.single]
        out.append(Spacer(1, 6))
        out.append(table(srows, [width - 30 * mm, 30 * mm]))
    return out


def _budget_section(data: VillageReport, width: float) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

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
        out.append(Spacer(1, 4))
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
                     P("Ya" if f.active else "Tidak", s.cell_center),
                     P(str(f.photos), s.cell_center)])
    widths = [28 * mm, 0, 42 * mm, 14 * mm, 18 * mm, 12 * mm, 12 * mm]
    widths[1] = width - sum(widths)
    return out + [table(rows, widths)]


def _teams_section(data: VillageReport, width: float) -> list:
    from reportlab.lib.units import mm

    from desa_layak.reports.layout import P, esc, styles, table

    s = styles()
    out = [P("6. Tim dan kelembagaan", s.h2)]
    if not any(t.members_l or t.members_p or t.chair_name or t.activities for t in data.teams):
        return out + [P(f"Belum ada susunan tim yang dicatat untuk tahun {data.year}.", s.body)]
    rows = [[P(h, s.head) for h in ("Tim", "Ketua", "L", "P", "Jumlah", "Kegiatan",
                                    "Kegiatan terakhir")]]
    for t in data.teams:
        rows.append([P(f"<b>{t.item_code}.</b> {esc(t.title)}", s.cell),
                     P(esc(t.chair_name or "-"), s.cell),
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
    met = sum(1 for d in data.drppa if d.met)
    unknown = sum(1 for d in data.drppa if d.met is None)
    out.append(P(f"{met} dari {len(data.drppa)} indikator terpenuhi"
                 + (f"; {unknown} belum dapat dinilai" if unknown else "") + ".", s.body))
    colour = {True: "#2e7d32", False: "#c62828", None: "#5f6b7a"}
    rows = [[P("No", s.head), P("Indikator", s.head), P("Penilaian", s.head),
             P("Keterangan", s.head)]]
    for d in data.drppa:
        facts = "; ".join(f"{esc(k)}: {esc(v)}" for k, v in d.facts)
        note = esc(d.summary) + (f"<br/><font color='#5f6b7a'>{facts}</font>" if facts else "")
        rows.append([P(str(d.indicator), s.cell_center), P(esc(d.title), s.cell),
                     P(f"<font color='{colour[d.met]}'>{esc(d.verdict)}</font>", s.cell),
                     P(note, s.cell)])
    widths = [9 * mm, 58 * mm, 26 * mm, 0]
    widths[-1] = width - sum(widths)
    return out + [table(rows, widths)]


def _signature(data: VillageReport, width: float) -> list:
    from reportlab.platypus import Spacer

    from desa_layak.reports.layout import signature_block

    p = data.profile
    place = p.report_place or p.district_name
    return [Spacer(1, 14),
            signature_block(f"{place}, {format_date(data.judged_on)}",
                            f"{p.head_title} {p.name}", p.head_name, width)]


NOT_RECEIVED_BG = "#fdecea"  # a light tint of the "kedaluwarsa" red


def _not_received(data: VillageReport, width: float) -> list:
    """Kecamatan side, a village that sent no bundle with this year in it: said at the top in
    a box, and no verdict (nothing was judged), only the items that will be."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table, TableStyle

    from desa_layak.reports.layout import INK, P, esc, styles, table

    s = styles()
    p = data.profile
    name = esc(p.full_name)
    if data.bundle is None:
        last = f"Belum pernah ada bundel data dari {name}."
    else:
        last = (f"Bundel terakhir dari {name} (ke-{data.bundle.last_seq}, dibuat "
                f"{local_date(data.bundle.exported_at)}) tidak memuat data tahun {data.year}.")
    box = Table([
        [P(f"<b>{name} belum mengirim bundel data tahun {data.year}.</b>",
           s.body.clone("nr_head", fontSize=11.5, leading=15))],
        [P(f"{last} Karena itu kelengkapan butir {data.checklist[0].item.code}\u2013"
           f"{data.checklist[-1].item.code}, data pilah, anggaran, fasilitas, tim dan "
           f"indikator DRPPA tahun {data.year} <b>belum dapat dinilai</b>; laporan ini bukan "
           "penilaian. Mohon desa/kelurahan mengirim bundel data terbaru dari aplikasi Desa "
           "Layak (menu Kirim ke kecamatan).", s.body)],
    ], colWidths=[width], hAlign="LEFT")
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.2, INK),
        ("BACKGROUND", (0, 0), (-1, -1), NOT_RECEIVED_BG),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (0, 0), 7), ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
    ]))
    rows = [[P("Butir", s.head), P("Keadaan", s.head)]]
    rows += [[P(f"<b>{r.item.code}.</b> {esc(r.item.title)}", s.cell),
              P(f"<font color='{PARTIAL_COLOUR}'>Belum dapat dinilai</font>", s.cell)]
             for r in data.checklist]
    return [box, Spacer(1, 10),
            P(f"Butir yang akan dinilai setelah bundel tahun {data.year} diterima", s.h2),
            table(rows, [width - 40 * mm, 40 * mm])]


def story(data: VillageReport, width: float) -> list:
    from reportlab.platypus import KeepTogether

    from desa_layak.reports.layout import KeepStart, P, styles

    s = styles()
    out = _letterhead(data, width)
    title = f"Laporan Kelengkapan {data.profile.kind_label} Layak Anak dan DRPPA"
    out += [P(title.upper(), s.title), P(f"Tahun {data.year}", s.subtitle)]
    if not data.received:
        return out + _not_received(data, width)
    for section in (_checklist_section, _actions_section, _pilah_section, _budget_section,
                    _facilities_section, _teams_section):
        # A heading never stays alone at the foot of a page: a section that does not fit
        # goes to the next page when less than KEEP_START is left, else its table splits.
        out.append(KeepStart(section(data, width), KEEP_START))
    # The signature never stands alone on a page: it goes with the last section.
    out.append(KeepTogether(_drppa_section(data, width) + _signature(data, width)))
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

