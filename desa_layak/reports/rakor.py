"""The rakor handout: cover, recap matrix, chart and counts, expiries, missing bundles, and one
page per village. Long tables are built as many small tables (one per page)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from desa_layak.core.formatting import format_date, format_percent
from desa_layak.core.states import STATE_COLOURS, STATE_LABELS, ItemState
from desa_layak.core.timestamps import local_date
from desa_layak.reports.data import (
    Meeting,
    ProgressFn,
    RakorData,
    VillageRecap,
    item_counts,
    rakor_data,
)
from desa_layak.storage.db import Store

HANDOUT_TITLE = "Kelengkapan Desa/Kelurahan Layak Anak dan DRPPA"
ROW_H = 13.0  # points, one matrix line
HEAD_H = 16.0
LIST_ROWS = 42  # rows per small table in the lists
NOT_SENT_BG = "#f4f4f4"
KEEP_START = 110.0  # points: a list starts on the next page when less than this is left


def _pt(mm_value: float) -> float:
    return mm_value * 72 / 25.4


def _district_word(data: RakorData) -> str:
    return "Kabupaten" if data.is_kabupaten else "Kecamatan"


# -- cover --------------------------------------------------------------------------------------

def _cover(data: RakorData, width: float) -> list:
    from reportlab.platypus import Spacer, Table, TableStyle

    from desa_layak.reports import fonts
    from desa_layak.reports.layout import HRule, P, esc, styles

    s = styles()
    m = data.meeting
    out = [P(f"PEMERINTAH {esc(data.regency_name.upper())}", s.letterhead)]
    if not data.is_kabupaten:
        out.append(P(esc(data.area_label.upper()), s.letterhead_big))
    out += [Spacer(1, 3), HRule(width, double=True), Spacer(1, _pt(28))]
    out += [P(esc(m.title).upper(), s.title), Spacer(1, 6),
            P(f"{HANDOUT_TITLE}<br/>{esc(data.area_label)} \u00b7 Tahun {data.year}", s.subtitle),
            Spacer(1, _pt(14))]
    total = len(data.villages)
    sent = total - len(data.not_sent)
    avg = (sum(v.fulfilled for v in data.villages if v.sent) / sent) if sent else 0
    full = sum(1 for v in data.villages if v.sent and v.fulfilled == len(data.items))
    facts = [
        ("Hari, tanggal", format_date(m.date) if m.date else "-"),
        ("Tempat", m.place or "-"),
        ("Wilayah", f"{data.area_label} ({total} desa/kelurahan)"),
        ("Keadaan data per", format_date(data.as_of)),
        ("Sudah mengirim data", f"{sent} dari {total} desa/kelurahan"),
        ("Rata-rata terpenuhi (yang mengirim)",
         (f"{avg:.1f}".replace(".", ",") + f" dari {len(data.items)}") if sent
         else "- (belum ada yang mengirim)"),
        ("Lengkap semua butir", f"{full} desa/kelurahan"),
    ]
    t = Table([[P(esc(k), s.body), P(f"<b>{esc(v)}</b>", s.body)] for k, v in facts],
              colWidths=[_pt(72), width - _pt(80)], hAlign="CENTER")
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                           ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#b8c1cc"),
                           ("TOPPADDING", (0, 0), (-1, -1), 4),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    out += [t, Spacer(1, _pt(30))]
    out.append(_signer(data, width))
    return out


def _signer(data: RakorData, width: float):  # noqa: ANN202
    from desa_layak.reports.layout import signature_block

    m = data.meeting
    place = (data.regency_name.removeprefix("Kabupaten ").removeprefix("Kota ")
             if data.is_kabupaten else data.area_label.removeprefix("Kecamatan "))
    when = format_date(m.date) if m.date else format_date(data.judged_on)
    area = data.area_label.removeprefix("Kecamatan ").strip()
    role = m.signer_title or "Camat"
    if role == "Camat" and not data.is_kabupaten:
        role = f"Camat {area}"
    return signature_block(f"{place}, {when}", role, m.signer_name, width, lead="Mengetahui,")


# -- recap matrix -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Line:
    kind: str  # 'group' | 'village' | 'subtotal' | 'total'
    label: str
    village: VillageRecap | None = None
    members: tuple[VillageRecap, ...] = ()
    number: int = 0


def _matrix_lines(data: RakorData) -> list[_Line]:
    lines: list[_Line] = []
    n = 0
    if data.is_kabupaten:
        for _code, name, members in data.districts:
            lines.append(_Line("group", f"Kecamatan {name}"))
            for v in members:
                n += 1
                lines.append(_Line("village", v.name, v, number=n))
            lines.append(_Line("subtotal", f"Jumlah Kec. {name}", members=tuple(members)))
    else:
        for v in data.villages:
            n += 1
            lines.append(_Line("village", v.name, v, number=n))
    lines.append(_Line("total", "Jumlah seluruhnya", members=data.villages))
    return lines


def _matrix_widths(data: RakorData, width: float) -> list[float]:
    n_items = len(data.items)
    item_w = min(_pt(12), (width - _pt(80)) / n_items)
    fixed = _pt(8) + item_w * n_items + _pt(17) + _pt(13)
    return [_pt(8), width - fixed] + [item_w] * n_items + [_pt(17), _pt(13)]


def _matrix_header(data: RakorData) -> list:
    return ["No", "Desa/Kelurahan"] + [item.code for item in data.items] + ["Terpenuhi", "Bundel"]


def _matrix_table(data: RakorData, lines: list[_Line], widths: list[float]):  # noqa: ANN202
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    from desa_layak.reports import fonts
    from desa_layak.reports.layout import (
        HEAD_BG,
        INK,
        MUTED,
        RULE,
        STATE_MARKS,
        house_cells,
        mark_cell_class,
        state_colour,
        tint,
    )

    n_items = len(data.items)
    first_item, last_item = 2, 2 + n_items - 1
    rows: list[list] = [_matrix_header(data)]
    cell_args = {"valign": "MIDDLE", "fontsize": 8, "leading": 9.5, "leftPadding": 2.5,
                 "rightPadding": 2.5, "topPadding": 1, "bottomPadding": 2}
    cells = house_cells(len(lines) + 1, len(widths), alignment="CENTER", **cell_args)
    marks = {s: mark_cell_class(s, **{**cell_args, "fontsize": 8.5}) for s in ItemState}

    def mark(state: ItemState):  # noqa: ANN202 - a cell style of its own (styles change in place)
        return marks[state]("m")

    style: list[tuple] = [
        ("ALIGN", (0, 1), (0, -1), "RIGHT"),
        ("ALIGN", (1, 0), (1, -1), "LEFT"),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("FONTNAME", (0, 0), (-1, 0), fonts.CONDENSED_BOLD),
        ("FONTSIZE", (0, 0), (-1, 0), 8.5),
        ("FONTSIZE", (first_item, 0), (last_item, 0), 10),
        ("ALIGN", (first_item, 0), (-1, 0), "CENTER"),
        ("GRID", (0, 0), (-1, -1), 0.25, RULE),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
    ]
    for line in lines:
        r = len(rows)
        if line.kind == "group":
            rows.append(["", line.label] + [""] * (n_items + 2))
            style += [("SPAN", (1, r), (-1, r)),
                      ("FONTNAME", (0, r), (-1, r), fonts.CONDENSED_BOLD),
                      ("BACKGROUND", (0, r), (-1, r), colors.HexColor("#eef1f5"))]
        elif line.kind == "village":
            v = line.village
            assert v is not None
            name = v.name + (" (Kel.)" if v.kind == "kelurahan" else "")
            row = [str(line.number), name]
            if v.sent:
                run_start = first_item
                for i, ir in enumerate(v.rows):
                    row.append(STATE_MARKS[ir.state])
                    c = first_item + i
                    cells[r][c] = mark(ir.state)
                    last_of_run = i + 1 == len(v.rows) or v.rows[i + 1].state != ir.state
                    if last_of_run:  # one background command per run of equal states
                        style.append(("BACKGROUND", (run_start, r), (c, r),
                                      tint(state_colour(ir.state), 0.78)))
                        run_start = c + 1
                row.append(f"{v.fulfilled}/{n_items}")
            else:
                row += ["belum mengirim data tahun ini"] + [""] * (n_items - 1) + ["-"]
                style += [("SPAN", (first_item, r), (last_item, r)),
                          ("FONTNAME", (first_item, r), (last_item, r), fonts.CONDENSED),
                          ("FONTSIZE", (first_item, r), (last_item, r), 7.5),
                          ("TEXTCOLOR", (first_item, r), (last_item, r), MUTED),
                          ("BACKGROUND", (first_item, r), (last_item, r), NOT_SENT_BG)]
            seq = v.bundle.last_seq if v.bundle else None
            row.append(f"ke-{seq}" if seq else "belum")
            if not v.sent:
                style.append(("TEXTCOLOR", (-1, r), (-1, r), state_colour(ItemState.EXPIRED)))
            rows.append(row)
        else:
            members = line.members
            counts = item_counts(data.items, members)
            sent = sum(1 for v in members if v.sent)
            full = sum(1 for v in members if v.fulfilled == n_items)
            rows.append(["", line.label] + [str(c.complete) for c in counts]
                        + [f"{full} lengkap", f"{sent}/{len(members)}"])
            bg = HEAD_BG if line.kind == "total" else colors.HexColor("#f3f5f8")
            style += [("FONTNAME", (0, r), (-1, r), fonts.CONDENSED_BOLD),
                      ("FONTSIZE", (first_item, r), (last_item, r), 8),
                      ("BACKGROUND", (0, r), (-1, r), bg),
                      ("LINEABOVE", (0, r), (-1, r), 0.8, INK)]
    t = Table(rows, colWidths=widths, rowHeights=[HEAD_H] + [ROW_H] * (len(rows) - 1),
              repeatRows=1, hAlign="LEFT",
              cellStyles=cells)
    t.setStyle(TableStyle(style))
    return t


def _matrix(data: RakorData, width: float, height: float) -> list:
    from reportlab.platypus import NextPageTemplate, PageBreak

    from desa_layak.reports.layout import P, esc, legend, styles

    s = styles()
    intro = [
        P("1. Rekap kelengkapan per desa/kelurahan", s.h2),
        P(f"Keadaan tiap butir {data.items[0].code}\u2013{data.items[-1].code} tahun "
          f"{data.year}, per {format_date(data.as_of)}. "
          "<i>Terpenuhi</i>: butir yang lengkap atau segera berakhir. <i>Bundel</i>: nomor "
          "bundel terakhir yang diterima dari desa. Angka pada baris jumlah: banyaknya desa "
          "yang butirnya terpenuhi.", s.small),
        P(" \u00b7 ".join(f"<b>{i.code}</b> {esc(i.short)}" for i in data.items), s.small),
        legend(width=width),
    ]
    intro_h = sum(f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                  for f in intro) + 6
    widths = _matrix_widths(data, width)
    lines = _matrix_lines(data)
    per_page = int((height - HEAD_H - 2) // ROW_H)
    first_page = int((height - intro_h - HEAD_H - 2) // ROW_H)
    out: list = list(intro)
    start, capacity = 0, first_page
    while start < len(lines):
        chunk = lines[start:start + capacity]
        out.append(_matrix_table(data, chunk, widths))
        start += capacity
        capacity = per_page
        if start < len(lines):
            out.append(PageBreak())
    out += [NextPageTemplate("portrait"), PageBreak()]
    return out


# -- chart and counts ---------------------------------------------------------------------------

def _chart(data: RakorData, width: float):  # noqa: ANN202
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    from desa_layak.reports import fonts

    height = _pt(68)
    d = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 34, 26
    chart.width, chart.height = width - 50, height - 44
    chart.data = [[c.complete for c in data.counts]]
    chart.bars[0].fillColor = colors.HexColor(STATE_COLOURS[ItemState.COMPLETE])
    chart.bars[0].strokeColor = None
    chart.barWidth = 10
    chart.groupSpacing = 10
    total = len(data.villages)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(total, 1)
    step = max(1, round(total / 5 / 5) * 5) if total > 10 else max(1, total // 5 or 1)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = fonts.REGULAR
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dfe4ea")
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.categoryAxis.categoryNames = [f"{c.item.code}" for c in data.counts]
    chart.categoryAxis.labels.fontName = fonts.BOLD
    chart.categoryAxis.labels.fontSize = 9
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = fonts.REGULAR
    chart.barLabels.fontSize = 7.5
    chart.barLabels.nudge = 6
    d.add(chart)
    d.add(String(0, height - 8, f"Banyaknya desa/kelurahan (dari {total}) yang butirnya "
                                "terpenuhi", fontName=fonts.REGULAR, fontSize=8,
                 fillColor=colors.HexColor("#5f6b7a")))
    return d


def _counts(data: RakorData, width: float) -> list:
    from reportlab.platypus import PageBreak, Spacer

    from desa_layak.reports.layout import STATE_MARKS, P, esc, styles, table

    s = styles()
    order = (ItemState.COMPLETE, ItemState.EXPIRING, ItemState.NO_ATTACHMENT,
             ItemState.IN_PROGRESS, ItemState.NOT_STARTED, ItemState.EXPIRED)
    small_head = s.head.clone("ch", fontSize=7, leading=8.5)
    head = [P("Butir", s.head), P("Terpenuhi", small_head), P("%", small_head)]
    for st in order:
        head.append(P(f'<font color="{STATE_COLOURS[st]}">{STATE_MARKS[st]}</font> '
                      f"{esc(STATE_LABELS[st])}", small_head))
    rows = [head]
    for c in data.counts:
        rows.append([P(f"<b>{c.item.code}.</b> {esc(c.item.short)}", s.cell),
                     P(f"<b>{c.complete}</b>", s.cell_right),
                     P(format_percent(c.share), s.cell_right)]
                    + [P(str(c.by_state[st]), s.cell_right) for st in order])
    first = _pt(32)
    rest = (width - first - _pt(16) - _pt(14)) / len(order)
    widths = [first, _pt(16), _pt(14)] + [rest] * len(order)
    return [
        P("2. Butir yang terpenuhi", s.h2),
        _chart(data, width), Spacer(1, 6),
        P(f"Banyaknya desa/kelurahan menurut keadaan tiap butir (dari {len(data.villages)}"
          + (f"; {len(data.not_sent)} belum mengirim data tahun ini dan tidak terhitung"
             if data.not_sent else "") + ").", s.small),
        table(rows, widths),
        PageBreak(),
    ]


# -- lists --------------------------------------------------------------------------------------

def _chunks(rows: list, size: int) -> list[list]:
    return [rows[i:i + size] for i in range(0, len(rows), size)] or [[]]


def _keep_dates(text: str) -> str:
    """``1 Januari 2024`` never split over two lines (no-break spaces)."""
    import re

    return re.sub(r"(\d{1,2}) (\w+) (\d{4})", "\\1\u00a0\\2\u00a0\\3", text)


def _expiry(data: RakorData, width: float) -> list:
    from desa_layak.reports.layout import (
        CELL_PAD,
        STATE_MARKS,
        P,
        plain_table,
        styles,
        text_cell,
        text_width,
        widest_date,
    )

    s = styles()
    out = [P("3. Dokumen kedaluwarsa atau berakhir dalam 90 hari", s.h2)]
    entries = data.expiring
    if not entries:
        return out + [P("Tidak ada dokumen yang kedaluwarsa atau segera berakhir.", s.body)]
    out.append(P(f"{len(entries)} dokumen, per {format_date(data.as_of)}.", s.small))
    head = ["No", "Desa/Kelurahan", "Butir", "Nomor dokumen", "Berlaku sampai", "Keadaan", ""]
    # The date column is as wide as the widest date (28 September 2024): a date is never cut.
    until_w = max(_pt(29), text_width(widest_date()) + 2 * CELL_PAD + 1)
    widths = [_pt(8), 0, _pt(29), _pt(28), until_w, _pt(5), _pt(34)]
    widths[1] = width - sum(widths)
    numbered = list(enumerate(entries, start=1))
    for chunk in _chunks(numbered, LIST_ROWS):
        rows: list[list] = [head]
        marks = []
        for n, e in chunk:
            until = format_date(e.row.valid_until) if e.row.valid_until else "-"
            marks.append((len(rows), 5, e.state))
            rows.append([str(n), text_cell(e.village.full_name, widths[1]),
                         text_cell(f"{e.row.item.code}. {e.row.item.short}", widths[2]),
                         text_cell(e.row.doc_number, widths[3]), until,
                         STATE_MARKS[e.state], text_cell(_keep_dates(e.state_text), widths[6])])
        out.append(plain_table(rows, widths, extra=[("SPAN", (5, 0), (6, 0))], right=(0,),
                               marks=marks))
    return out


def _not_sent(data: RakorData, width: float) -> list:
    from desa_layak.reports.layout import P, plain_table, styles, text_cell

    s = styles()
    out = [P(f"4. Desa/kelurahan yang belum mengirim bundel data tahun {data.year}", s.h2)]
    missing = data.not_sent
    if not missing:
        return out + [P("Semua desa/kelurahan sudah mengirim bundel data.", s.body)]
    out.append(P(f"{len(missing)} dari {len(data.villages)} desa/kelurahan.", s.small))
    head = ["No", "Desa/Kelurahan", "Kecamatan", "Kode wilayah", "Bundel terakhir"]
    widths = [_pt(9), 0, _pt(42), _pt(28), _pt(48)]
    widths[1] = width - sum(widths)

    def last(v: VillageRecap) -> str:
        if v.bundle is None:
            return "belum pernah mengirim"
        return f"ke-{v.bundle.last_seq}, tanpa data {data.year}"

    for chunk in _chunks(list(enumerate(missing, start=1)), LIST_ROWS):
        rows = [head] + [[str(n), text_cell(v.full_name, widths[1]),
                          text_cell(v.district_name, widths[2]), v.code, last(v)]
                         for n, v in chunk]
        out.append(plain_table(rows, widths, right=(0,)))
    return out


# -- one page per village -----------------------------------------------------------------------

def _village_page(data: RakorData, v: VillageRecap, width: float) -> list:
    from reportlab.platypus import PageBreak

    from desa_layak.reports import fonts
    from desa_layak.reports.layout import (
        MUTED,
        P,
        TextLine,
        esc,
        heading_line,
        plain_table,
        state_columns,
        styles,
        text_cell,
    )

    s = styles()
    src = (f"bundel ke-{v.bundle.last_seq}, dibuat {local_date(v.bundle.exported_at)}"
           if v.bundle else "belum mengirim bundel data")
    out: list = [
        heading_line(v.full_name, 14, space_before=4, space_after=2),
        TextLine([(f"Kecamatan {v.district_name} \u00b7 kode {v.code} \u00b7 {src}",
                   fonts.REGULAR)], 8, colour=MUTED),
    ]
    if not v.sent:
        out.append(P(f"Kecamatan belum menerima data tahun {data.year} dari "
                     f"{esc(v.full_name)}. Mohon desa/kelurahan mengirim bundel data terbaru "
                     "dari aplikasi Desa Layak (menu Kirim ke kecamatan).", s.body))
        return out + [PageBreak()]
    out.append(TextLine([("Terpenuhi ", fonts.REGULAR),
                         (f"{v.fulfilled} dari {len(v.rows)}", fonts.BOLD),
                         (f" butir tahun {data.year}.", fonts.REGULAR)], 9.5, space_after=2))
    rows: list[list] = [["Butir", "Keadaan", "", "Nomor dokumen", "Masa berlaku", "Lamp."]]
    widths = [_pt(34), _pt(5), _pt(31), _pt(36), 0, _pt(11)]
    widths[4] = width - sum(widths)
    marks = []
    for r in v.rows:
        marks.append((len(rows), 1, r.state))
        rows.append([f"{r.item.code}. {r.item.short}", *state_columns(r.state),
                     text_cell(r.doc_number, widths[3]), text_cell(r.validity, widths[4]),
                     str(r.attachments) if r.doc_number != "-" else "-"])
    out.append(plain_table(rows, widths, extra=[("SPAN", (1, 0), (2, 0))], right=(5,),
                           marks=marks))
    needs = v.needs
    out.append(heading_line("Yang masih perlu dilengkapi", 9.5, space_before=6,
                            space_after=2))
    if needs:
        nw = width - _pt(8)
        nrows = [[f"{n}.", text_cell(f"{r.item.code}. {r.item.short}: {r.reason}", nw)]
                 for n, r in enumerate(needs, start=1)]
        out.append(plain_table(nrows, [_pt(8), nw], header_rows=0, zebra=False, right=(0,)))
    else:
        out.append(P("Semua butir lengkap.", s.body))
    return out + [PageBreak()]


def silent_districts(data: RakorData) -> list[tuple[str, str, list[VillageRecap]]]:
    """Kabupaten handout: the kecamatan none of whose villages sent data for the year. They get
    one line each in a list instead of a page per village (a kabupaten where few kecamatan
    have started would otherwise print hundreds of pages saying the same thing)."""
    if not data.is_kabupaten:
        return []
    return [(code, name, members) for code, name, members in data.districts
            if not any(v.sent for v in members)]


def _silent_districts(data: RakorData, silent: list, width: float) -> list:
    from desa_layak.reports.layout import P, plain_table, styles, text_cell

    s = styles()
    villages = sum(len(members) for _, _, members in silent)
    out = [P(f"Kecamatan yang belum satu pun desa/kelurahannya mengirim data tahun {data.year}: "
             f"{len(silent)} kecamatan, {villages} desa/kelurahan. Desa/kelurahan ini tidak "
             "diberi halaman sendiri di bawah; namanya tercantum di bagian 4.", s.body)]
    head = ["No", "Kecamatan", "Kode wilayah", "Desa/kelurahan", "Bundel yang diterima"]
    widths = [_pt(9), 0, _pt(28), _pt(28), _pt(62)]
    widths[1] = width - sum(widths)

    def bundles(members: list[VillageRecap]) -> str:
        older = sum(1 for v in members if v.bundle is not None)
        if not older:
            return "belum ada"
        return f"{older} bundel, tanpa data {data.year}"

    for chunk in _chunks(list(enumerate(silent, start=1)), LIST_ROWS):
        rows = [head] + [[str(n), text_cell(f"Kecamatan {name}", widths[1]), code,
                          str(len(members)), bundles(members)]
                         for n, (code, name, members) in chunk]
        out.append(plain_table(rows, widths, right=(0, 3)))
    return out


def needs_landscape(data: RakorData) -> bool:
    """The matrix turns the page sideways when the catalogue has more items than fit upright."""
    return len(data.items) > 10


def story(data: RakorData, width: float, height: float,
          progress: ProgressFn | None = None) -> list:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import NextPageTemplate, PageBreak

    from desa_layak.reports.layout import MARGIN, KeepStart, P, styles

    s = styles()
    out = _cover(data, width)
    if needs_landscape(data):
        lw, lh = landscape(A4)
        out += [NextPageTemplate("landscape"), PageBreak()]
        out += _matrix(data, lw - 2 * MARGIN, height - (A4[1] - lh))
    else:
        out.append(PageBreak())
        out += _matrix(data, width, height)
    out += _counts(data, width)
    out.append(KeepStart(_expiry(data, width), KEEP_START))  # no heading alone at a foot
    out += [KeepStart(_not_sent(data, width), KEEP_START), PageBreak()]
    out.append(P("5. Keadaan tiap desa/kelurahan", s.h2))
    silent = silent_districts(data)
    if silent:
        out += _silent_districts(data, silent, width) + [PageBreak()]
    skip = {code for code, _, _ in silent}
    for n, v in enumerate(data.villages):
        if progress and n % 10 == 0 and not progress(n, len(data.villages), v.name):
            from desa_layak.errors import DesaLayakError

            raise DesaLayakError("Pembuatan laporan dibatalkan.")
        if v.district_code not in skip:
            out += _village_page(data, v, width)
    if out and type(out[-1]).__name__ == "PageBreak":
        out.pop()
    return out


def render(data: RakorData, out: BinaryIO | str, progress: ProgressFn | None = None) -> int:
    """Write the handout PDF to ``out``; returns the page count."""
    from desa_layak.reports.layout import Footer, ReportDoc, build

    title = f"{data.meeting.title} - {HANDOUT_TITLE} {data.year}"
    doc = ReportDoc(out, title=title, subject=data.area_label)
    footer = Footer(data.generated_at, data.data_state,
                    running_title=f"{data.meeting.title} \u00b7 {data.area_label} \u00b7 "
                                  f"Tahun {data.year}")
    width, height = doc.portrait_size
    return build(doc, story(data, width, height, progress), footer)


def write_rakor(store: Store, year: int, dest: Path, meeting: Meeting | None = None, *,
                on: dt.date | None = None, now: dt.datetime | None = None,
                progress: ProgressFn | None = None, area_code: str | None = None) -> int:
    """Gather, lay out and write the handout to ``dest`` (temp name, then rename)."""
    from desa_layak.storage.files import atomic_write

    data = rakor_data(store, year, meeting, on=on, now=now, progress=progress,
                      area_code=area_code)
    with atomic_write(Path(dest)) as fh:
        return render(data, fh, progress)
