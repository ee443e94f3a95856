"""Page templates, styles and small building blocks shared by every printed report.

Only imported by report builders (never on the app's start-up path): reportlab loads here.
Footer: the time the report was made and the data's state on the left, ``Halaman 2 dari 5`` on
the right; the total page count is written in a second pass over the saved pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desa_layak.core.states import STATE_COLOURS, STATE_LABELS, ItemState
from desa_layak.core.timestamps import format_stamp
from desa_layak.reports import fonts

MARGIN = 16 * mm
FOOTER_Y = 9 * mm
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#5f6b7a")
RULE = colors.HexColor("#b8c1cc")
HEAD_BG = colors.HexColor("#e6ebf1")
ZEBRA = colors.HexColor("#f6f8fa")

# A shape per state, so a black-and-white copy still tells the states apart.
STATE_MARKS: dict[ItemState, str] = {
    ItemState.COMPLETE: "\u2714",  # heavy check
    ItemState.EXPIRING: "\u25d1",  # half circle
    ItemState.NO_ATTACHMENT: "\u25b2",  # triangle
    ItemState.IN_PROGRESS: "\u25cb",  # circle
    ItemState.NOT_STARTED: "\u2013",  # dash
    ItemState.EXPIRED: "\u2716",  # heavy cross
}

LEGEND_ORDER = (ItemState.COMPLETE, ItemState.EXPIRING, ItemState.NO_ATTACHMENT,
                ItemState.IN_PROGRESS, ItemState.NOT_STARTED, ItemState.EXPIRED)


def state_colour(state: ItemState) -> colors.Color:
    return colors.HexColor(STATE_COLOURS[state])


def tint(colour: colors.Color, amount: float = 0.82) -> colors.Color:
    """The colour mixed with white (for cell backgrounds that print lightly)."""
    return colors.Color(colour.red + (1 - colour.red) * amount,
                        colour.green + (1 - colour.green) * amount,
                        colour.blue + (1 - colour.blue) * amount)


# -- styles -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    cell_center: ParagraphStyle
    head: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    letterhead: ParagraphStyle
    letterhead_big: ParagraphStyle
    letterhead_small: ParagraphStyle
    center: ParagraphStyle


_STYLES: Styles | None = None


def styles() -> Styles:
    global _STYLES
    if _STYLES is None:
        fonts.register()
        base = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=9.5, leading=12.5,
                              textColor=INK)
        cell = ParagraphStyle("cell", parent=base, fontName=fonts.CONDENSED, fontSize=8.5,
                              leading=10.5)
        _STYLES = Styles(
            body=base,
            small=ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=MUTED),
            cell=cell,
            cell_bold=ParagraphStyle("cellb", parent=cell, fontName=fonts.CONDENSED_BOLD),
            cell_right=ParagraphStyle("cellr", parent=cell, alignment=TA_RIGHT),
            cell_center=ParagraphStyle("cellc", parent=cell, alignment=TA_CENTER),
            head=ParagraphStyle("head", parent=cell, fontName=fonts.CONDENSED_BOLD),
            h1=ParagraphStyle("h1", parent=base, fontName=fonts.BOLD, fontSize=14, leading=18,
                              spaceBefore=4, spaceAfter=6),
            h2=ParagraphStyle("h2", parent=base, fontName=fonts.BOLD, fontSize=11.5, leading=15,
                              spaceBefore=10, spaceAfter=4),
            h3=ParagraphStyle("h3", parent=base, fontName=fonts.BOLD, fontSize=9.5, leading=12,
                              spaceBefore=6, spaceAfter=2),
            title=ParagraphStyle("title", parent=base, fontName=fonts.BOLD, fontSize=13,
                                 leading=17, alignment=TA_CENTER, spaceAfter=2),
            subtitle=ParagraphStyle("subtitle", parent=base, fontSize=10.5, leading=14,
                                    alignment=TA_CENTER, spaceAfter=8),
            letterhead=ParagraphStyle("lh", parent=base, fontName=fonts.BOLD, fontSize=12,
                                      leading=15, alignment=TA_CENTER),
            letterhead_big=ParagraphStyle("lhb", parent=base, fontName=fonts.BOLD, fontSize=15,
                                          leading=19, alignment=TA_CENTER),
            letterhead_small=ParagraphStyle("lhs", parent=base, fontSize=8.5, leading=11,
                                            alignment=TA_CENTER, textColor=MUTED),
            center=ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        )
    return _STYLES


def esc(text: object) -> str:
    """Text safe inside a reportlab Paragraph."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def P(text: str, style: ParagraphStyle | None = None) -> Paragraph:  # noqa: N802 - short
    return Paragraph(text, style or styles().body)


# -- the canvas: footer with page X of Y --------------------------------------------------------

@dataclass(frozen=True)
class Footer:
    made_at: dt.datetime  # local, or aware (shown in local time)
    data_state: str
    running_title: str = ""  # small header on every page after the first


def footer_canvas(footer: Footer):  # noqa: ANN201 - a canvasmaker for BaseDocTemplate.build
    """A canvas class that defers each page until the end, then writes the footers."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):  # noqa: ANN002, ANN003 - reportlab's signature
            kwargs["initialFontName"] = fonts.REGULAR  # no stray Helvetica in the PDF
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for number, state in enumerate(self._saved_pages, start=1):
                self.__dict__.update(state)
                self._draw_footer(number, total)
                super().showPage()
            super().save()

        def _draw_footer(self, number: int, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, FOOTER_Y + 9, width - MARGIN, FOOTER_Y + 9)
            self.setFillColor(MUTED)
            page_text = f"Halaman {number} dari {total}"
            left = f"Dibuat {format_stamp(footer.made_at)} \u00b7 {footer.data_state}"
            room = width - 2 * MARGIN - self.stringWidth(page_text, fonts.REGULAR, 7.5) - 12
            size = 7.5
            while size > 5.5 and self.stringWidth(left, fonts.REGULAR, size) > room:
                size -= 0.25
            self.setFont(fonts.REGULAR, size)
            self.drawString(MARGIN, FOOTER_Y, left)
            self.setFont(fonts.REGULAR, 7.5)
            self.drawRightString(width - MARGIN, FOOTER_Y, page_text)
            if number > 1 and footer.running_title:
                self.drawString(MARGIN, height - 10 * mm, footer.running_title)
                self.line(MARGIN, height - 10 * mm - 3, width - MARGIN, height - 10 * mm - 3)
            self.restoreState()

    return NumberedCanvas


class ReportDoc(BaseDocTemplate):
    """A4 with a portrait and a landscape template (switch with NextPageTemplate)."""

    def __init__(self, out, *, title: str, author: str = "Desa Layak", subject: str = ""):  # noqa: ANN001
        fonts.register()
        super().__init__(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=15 * mm, bottomMargin=16 * mm, title=title, author=author,
                         subject=subject, creator="Desa Layak", invariant=False)
        pw, ph = A4
        lw, lh = landscape(A4)
        portrait_frame = Frame(MARGIN, 16 * mm, pw - 2 * MARGIN, ph - 31 * mm, id="p",
                               leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        landscape_frame = Frame(MARGIN, 16 * mm, lw - 2 * MARGIN, lh - 31 * mm, id="l",
                                leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("portrait", [portrait_frame], pagesize=A4),
            PageTemplate("landscape", [landscape_frame], pagesize=landscape(A4)),
        ])

    @property
    def portrait_size(self) -> tuple[float, float]:
        return A4[0] - 2 * MARGIN, A4[1] - 31 * mm

    @property
    def landscape_size(self) -> tuple[float, float]:
        lw, lh = landscape(A4)
        return lw - 2 * MARGIN, lh - 31 * mm


def build(doc: ReportDoc, story: list[Flowable], footer: Footer) -> int:
    """Lay out the story; returns the number of pages."""
    doc.build(story, canvasmaker=footer_canvas(footer))
    return doc.page


# -- building blocks ----------------------------------------------------------------------------

def state_cell(state: ItemState, *, words: bool = True) -> Paragraph:
    """The colour mark (a shape in the state's colour) followed by the state in words."""
    s = styles()
    colour = STATE_COLOURS[state]
    mark = f'<font name="{fonts.BOLD}" color="{colour}">{STATE_MARKS[state]}</font>'
    if not words:
        return Paragraph(mark, s.cell_center)
    return Paragraph(f"{mark}&nbsp;{esc(STATE_LABELS[state])}", s.cell)


def legend(states: Iterable[ItemState] = LEGEND_ORDER, width: float | None = None) -> Table:
    """One line: each state's mark and its word."""
    s = styles()
    states = tuple(states)
    cells = []
    for state in states:
        colour = STATE_COLOURS[state]
        cells.append(Paragraph(
            f'<font name="{fonts.BOLD}" color="{colour}">{STATE_MARKS[state]}</font>'
            f"&nbsp;{esc(STATE_LABELS[state])}", s.cell.clone("lg", fontSize=7.5)))
    widths = [width / len(states)] * len(states) if width else None
    t = Table([cells], colWidths=widths, hAlign="LEFT")
    style = [("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
             ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BOX", (0, 0), (-1, -1), 0.5, RULE)]
    for i, state in enumerate(states):
        style.append(("BACKGROUND", (i, 0), (i, 0), tint(state_colour(state))))
    t.setStyle(TableStyle(style))
    return t


_CELL_CLASSES: dict[tuple, type] = {}


def cell_class(**defaults: object) -> type:
    """A reportlab CellStyle subclass whose class attributes are the table's defaults.

    Passing cells of this class to ``Table(cellStyles=...)`` sets font, size, colour, padding
    and alignment without a style command per cell (each command visits every cell)."""
    from reportlab.platypus.tables import CellStyle

    key = tuple(sorted(defaults.items()))
    cls = _CELL_CLASSES.get(key)
    if cls is None:
        cls = type("HouseCellStyle", (CellStyle,), dict(defaults))
        _CELL_CLASSES[key] = cls
    return cls


def _house_defaults(valign: str, overrides: dict) -> dict:
    fonts.register()
    defaults = {"fontname": fonts.CONDENSED, "fontsize": 8.5, "leading": 10.5, "color": INK,
                "leftPadding": 3, "rightPadding": 3, "topPadding": 2.5, "bottomPadding": 2.5,
                "valign": valign}
    defaults.update(overrides)
    return defaults


def house_cells(n_rows: int, n_cols: int, valign: str = "TOP", **overrides: object) -> list:
    """Fresh cell styles in the house look (condensed 8.5 pt, ink colour, tight padding)."""
    cls = cell_class(**_house_defaults(valign, overrides))
    return [[cls("c") for _ in range(n_cols)] for _ in range(n_rows)]


def mark_cell_class(state: ItemState, valign: str = "MIDDLE", **overrides: object) -> type:
    """The cell style class of a state mark: bold, centred, in the state's colour."""
    defaults = _house_defaults(valign, overrides)
    defaults.update(fontname=fonts.BOLD, alignment="CENTER", color=state_colour(state))
    return cell_class(**defaults)


def mark_cell(state: ItemState, valign: str = "MIDDLE", **overrides: object) -> object:
    return mark_cell_class(state, valign, **overrides)("m")


def grid_style(header_rows: int = 1, zebra: bool = True, n_rows: int = 0) -> list[tuple]:
    """The house table look: light bold header, thin rules, optional zebra stripes (the cell
    defaults come from ``house_cells``)."""
    style: list[tuple] = [
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
    ]
    if header_rows:
        style += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BG),
            ("FONTNAME", (0, 0), (-1, header_rows - 1), fonts.CONDENSED_BOLD),
            ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
        ]
    if zebra:
        for r in range(header_rows + 1, n_rows, 2):
            style.append(("BACKGROUND", (0, r), (-1, r), ZEBRA))
    return style


def table(rows: Sequence[Sequence], widths: Sequence[float], *, header_rows: int = 1,
          extra: Sequence[tuple] = (), zebra: bool = True, repeat: bool = True) -> Table:
    rows = list(rows)
    t = Table(rows, colWidths=list(widths), repeatRows=header_rows if repeat else 0,
              hAlign="LEFT", cellStyles=house_cells(len(rows), len(widths)))
    t.setStyle(TableStyle(grid_style(header_rows, zebra, len(rows)) + list(extra)))
    return t


def signature_block(place_date: str, role: str, name: str, width: float,
                    lead: str = "") -> Table:
    """Right-aligned: ``Kandangan, 27 Maret 2024`` / role / space to sign / name."""
    s = styles()
    lines = [[P(esc(place_date), s.body)]]
    if lead:
        lines.append([P(esc(lead), s.body)])
    lines += [[P(esc(role), s.body)], [Spacer(1, 18 * mm)],
              [P(f"<u><b>{esc(name) if name else '.' * 40}</b></u>", s.body)]]
    inner = Table(lines, colWidths=[75 * mm])
    inner.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    outer = Table([["", inner]], colWidths=[width - 75 * mm, 75 * mm])
    outer.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return outer


class KeepStart(KeepTogether):
    """A section whose heading never stays alone at a page foot: when the section does not fit
    and less than ``room`` points are left, it starts on the next page; with more room left it
    starts here and its table splits (reportlab's ``maxHeight`` works the other way round)."""

    def __init__(self, flowables: list[Flowable], room: float):
        super().__init__(flowables)
        self._room = room

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 - reportlab API
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        content = self._content[:]
        if self._H > aH and aH < self._room:
            content.insert(0, self.FrameBreak())
        return content


class HRule(Flowable):
    """A horizontal rule (double for letterheads)."""

    def __init__(self, width: float, double: bool = False, colour: colors.Color = INK):
        super().__init__()
        self.width = width
        self.double = double
        self.colour = colour
        self.height = 5 if double else 2

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:  # noqa: ARG002
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(self.colour)
        if self.double:
            c.setLineWidth(1.6)
            c.line(0, 4, self.width, 4)
            c.setLineWidth(0.5)
            c.line(0, 1, self.width, 1)
        else:
            c.setLineWidth(0.6)
            c.line(0, 1, self.width, 1)


# -- fast tables: plain strings (no Paragraph parsing) for long, regular lists ------------------

CELL_PAD = 3  # left + right padding of grid_style cells, each side


def text_width(text: str, bold: bool = False, size: float = 8.5) -> float:
    """The width of one line of table text (condensed, 8.5 pt unless told)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    fonts.register()
    return stringWidth(text, fonts.CONDENSED_BOLD if bold else fonts.CONDENSED, size)


def fits(text: str, width: float, bold: bool = False, size: float = 8.5) -> bool:
    return text_width(text, bold, size) <= width - 2 * CELL_PAD - 0.5


def widest_date(bold: bool = False, size: float = 8.5) -> str:
    """The widest date in the Indonesian format (``28 September 2024``, digits being of one
    width): columns of dates are sized from it, so that no date is ever cut."""
    from desa_layak.core.formatting import MONTHS

    return max((f"28 {m} 2024" for m in MONTHS), key=lambda t: text_width(t, bold, size))


def text_cell(text: str, width: float, style: ParagraphStyle | None = None) -> object:
    """The text as a plain string when it fits on one line, else a wrapping Paragraph."""
    if fits(text, width):
        return text
    return Paragraph(esc(text), style or styles().cell)


def state_columns(state: ItemState) -> list[str]:
    """Two plain cells: the coloured mark, and the state in words (see state_column_style)."""
    return [STATE_MARKS[state], STATE_LABELS[state]]


def plain_table(rows: Sequence[Sequence], widths: Sequence[float], *, header_rows: int = 1,
                extra: Sequence[tuple] = (), zebra: bool = True,
                right: Sequence[int] = (),
                marks: Sequence[tuple[int, int, ItemState]] = ()) -> Table:
    """The house look on plain-string cells; ``right``: columns aligned right; ``marks``:
    (row, column, state) of cells that hold a state mark."""
    rows = list(rows)
    style = grid_style(header_rows, zebra, len(rows))
    for c in right:
        style.append(("ALIGN", (c, header_rows), (c, -1), "RIGHT"))
    cells = house_cells(len(rows), len(widths), valign="MIDDLE")
    for r, c, state in marks:
        cells[r][c] = mark_cell(state)
    t = Table(rows, colWidths=list(widths), repeatRows=header_rows, hAlign="LEFT",
              cellStyles=cells)
    t.setStyle(TableStyle(style + list(extra)))
    return t


class TextLine(Flowable):
    """One line of text in runs of fonts, drawn directly (no markup parsing): for the headings
    repeated on every village page of a long handout."""

    def __init__(self, parts: Sequence[tuple[str, str]], size: float, *,
                 colour: colors.Color = INK, leading: float | None = None,
                 space_before: float = 0, space_after: float = 0):
        super().__init__()
        self.parts = list(parts)
        self.size = size
        self.colour = colour
        self.leading = leading or size * 1.3
        self.spaceBefore = space_before
        self.spaceAfter = space_after

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:  # noqa: ARG002
        self.width = aw
        return aw, self.leading

    def draw(self) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        c = self.canv
        c.setFillColor(self.colour)
        x, y = 0.0, (self.leading - self.size) / 2 + self.size * 0.22
        for text, font in self.parts:
            c.setFont(font, self.size)
            c.drawString(x, y, text)
            x += stringWidth(text, font, self.size)


def heading_line(text: str, size: float = 14, **kwargs: object) -> TextLine:
    fonts.register()
    return TextLine([(text, fonts.BOLD)], size, **kwargs)
