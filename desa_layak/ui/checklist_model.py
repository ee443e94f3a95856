"""Table model of the checklist A–H for one year (rows: ItemStatus from the core)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication as Q
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from desa_layak.core.formatting import format_date
from desa_layak.core.states import (
    STATE_COLOURS,
    STATE_LABELS,
    ItemState,
    ItemStatus,
    effective_period,
)
from desa_layak.ui.rows_model import Index, RowsModel
from desa_layak.ui.style import app_cache


def state_label(state: ItemState) -> str:
    """The state in words, through Qt translation (context "state")."""
    return Q.translate("state", STATE_LABELS[state])


def state_icon(state: ItemState, size: int = 14) -> QIcon:
    """A round colour mark for a state (colour shared with the printed reports)."""
    cache = app_cache("state_icon")
    if (state, size) not in cache:
        cache[(state, size)] = _draw_state_icon(state, size)
    return cache[(state, size)]


def _draw_state_icon(state: ItemState, size: int) -> QIcon:
    pix = QPixmap(size * 2, size * 2)
    pix.setDevicePixelRatio(2.0)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(STATE_COLOURS[state]))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pix)


def valid_until_text(status: ItemStatus) -> str:
    doc = status.document
    if doc is None or not doc.enacted:
        return ""  # a draft: no period worked out from its planned date
    _start, until = effective_period(doc, status.item.validity)
    if until is None:
        return Q.translate("ChecklistModel", "sampai diganti")
    return format_date(until)


class ChecklistModel(RowsModel):
    COL_CODE, COL_ITEM, COL_STATE, COL_NUMBER, COL_DATE, COL_UNTIL, COL_FILES, COL_FROM = range(8)
    items: list[ItemStatus]

    def headers(self) -> list[str]:
        return [
            Q.translate("ChecklistModel", "Butir"),
            Q.translate("ChecklistModel", "Kelengkapan"),
            Q.translate("ChecklistModel", "Keadaan"),
            Q.translate("ChecklistModel", "Nomor"),
            Q.translate("ChecklistModel", "Ditetapkan"),
            Q.translate("ChecklistModel", "Berlaku sampai"),
            Q.translate("ChecklistModel", "Lampiran"),
            Q.translate("ChecklistModel", "Asal"),
        ]

    # -- data in -------------------------------------------------------------------------
    def set_statuses(self, rows: list[ItemStatus]) -> None:
        self.set_items(rows)

    def row_of(self, item_code: str) -> int:
        for i, s in enumerate(self.items):
            if s.item.code == item_code:
                return i
        return -1

    # -- Qt API --------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        s = self.items[index.row()]
        col = index.column()
        doc = s.document
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_CODE:
                return s.item.code
            if col == self.COL_ITEM:
                return s.item.short
            if col == self.COL_STATE:
                return state_label(s.state)
            if col == self.COL_NUMBER:
                return doc.doc_number if doc else ""
            if col == self.COL_DATE:
                if doc is not None and not doc.enacted:
                    return Q.translate("ChecklistModel", "draf")
                return format_date(doc.date_set, "") if doc else ""
            if col == self.COL_UNTIL:
                return valid_until_text(s)
            if col == self.COL_FILES:
                return str(doc.attachments) if doc else ""
            if col == self.COL_FROM:
                if not s.carried_from:
                    return ""
                return Q.translate("ChecklistModel", "dari {year}").format(year=s.carried_from)
        elif role == Qt.ItemDataRole.DecorationRole and col == self.COL_STATE:
            return state_icon(s.state)
        elif role == Qt.ItemDataRole.ToolTipRole:
            return f"{s.item.code}. {s.item.title}\n{s.reason}"
        elif role == Qt.ItemDataRole.ForegroundRole and col == self.COL_STATE:
            if s.state in (ItemState.EXPIRED, ItemState.NO_ATTACHMENT):
                return QColor(STATE_COLOURS[s.state]).darker(115)  # Qt takes it as a brush
        elif role == Qt.ItemDataRole.FontRole and col == self.COL_CODE:
            font = QFont()
            font.setBold(True)
            return font
        elif role == Qt.ItemDataRole.TextAlignmentRole and col in (self.COL_CODE, self.COL_FILES):
            return int(Qt.AlignmentFlag.AlignCenter)
        elif role == Qt.ItemDataRole.UserRole:
            return s.item.code
        elif role == Qt.ItemDataRole.AccessibleTextRole and col == self.COL_STATE:
            return f"{s.item.code}: {state_label(s.state)}"
        return None
