"""Table models of the kecamatan recap: villages x items, counts per item, expiring documents."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from desa_layak.core.formatting import format_date
from desa_layak.core.recap import NOT_SENT_LABEL, ExpiringDocument, Recap, VillageRecap
from desa_layak.core.states import ItemState
from desa_layak.core.timestamps import format_stamp, local_time
from desa_layak.ui.checklist_model import state_icon, state_label
from desa_layak.ui.rows_model import Index, RowsModel

VillageRole = Qt.ItemDataRole.UserRole
DISPLAY = Qt.ItemDataRole.DisplayRole  # asked for most: looked up once
NOT_SENT_COLOUR = "#757575"
NO_STATE = "–"  # an item cell of a village that sent nothing for the year


def _t(text: str) -> str:
    return QCoreApplication.translate("RecapModel", text)


_SHORT_STATE_LABELS: dict[ItemState, str] = {}


def short_state_label(state: ItemState) -> str:
    """A one-word form of the state label (context "state", like the full labels)."""
    words = _SHORT_STATE_LABELS
    if not words:  # translated once, at first use (the translators are installed by then)
        words.update({
            ItemState.COMPLETE: QCoreApplication.translate("state", "Lengkap"),
            ItemState.EXPIRING: QCoreApplication.translate("state", "Segera"),
            ItemState.NO_ATTACHMENT: QCoreApplication.translate("state", "Lampiran"),
            ItemState.IN_PROGRESS: QCoreApplication.translate("state", "Proses"),
            ItemState.NOT_STARTED: QCoreApplication.translate("state", "Belum"),
            ItemState.EXPIRED: QCoreApplication.translate("state", "Habis"),
        })
    return words[state]


def local_day(stamp: str | None) -> str:
    """The day of a recorded UTC moment in the laptop's own time zone: a bundle exported at
    20.30 UTC on 5 December was made on 6 December in Jakarta."""
    if not stamp:
        return ""
    try:
        return format_date(local_time(stamp).date())
    except (ValueError, TypeError, OverflowError):
        return format_stamp(stamp)  # a date alone, or shown as it is


def tint(colour: str) -> QColor:
    """A light background of a state colour: readable text, the colour still visible."""
    c = QColor(colour)
    return QColor.fromRgbF(1 - (1 - c.redF()) * 0.18, 1 - (1 - c.greenF()) * 0.18,
                           1 - (1 - c.blueF()) * 0.18)


class RecapModel(QAbstractTableModel):
    """Rows: every village of the area. Columns: code, name, A..H, fulfilled, last bundle."""

    COL_CODE, COL_NAME = 0, 1
    ALL, NOT_SENT, ATTENTION = range(3)  # the kinds of filter

    def __init__(self, parent=None):  # noqa: ANN001
        super().__init__(parent)
        self._recap: Recap | None = None
        self._codes: list[str] = []
        self.words = True  # item cells: mark and short word; False: the mark alone
        # Every village with its display texts (worked out once), and the rows shown: those
        # the filter lets through, in the chosen order. The model filters and sorts itself:
        # a QSortFilterProxyModel in front would call into Python for every row again.
        self._all: list[tuple[VillageRecap, list[str]]] = []
        self._shown: list[tuple[VillageRecap, list[str]]] = []
        self._text = ""
        self._kind = self.ALL
        self._sort: tuple[int, Qt.SortOrder] = (self.COL_CODE, Qt.SortOrder.AscendingOrder)

    def set_words(self, words: bool) -> None:
        """Narrow windows show only the coloured marks in the item columns."""
        if words == self.words:
            return
        self.words = words
        if self._shown and self._codes:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self._shown) - 1,
                                                               1 + len(self._codes)))

    def set_recap(self, recap: Recap) -> None:
        self.beginResetModel()
        self._recap = recap
        self._codes = [it.code for it in recap.items]
        self._all = [(v, self._row_texts(v)) for v in recap.villages]
        self._shown = self._filtered_sorted()
        self.endResetModel()

    # -- filter and order ------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        """Show the villages whose code, name or kecamatan contains ``text``."""
        self._text = text.strip().lower()
        self._refilter()

    def set_kind(self, kind: int) -> None:
        """ALL, NOT_SENT (no bundle for the year) or ATTENTION (sent, and some item is not
        complete: missing, in progress, without its scan, expired or ending soon)."""
        self._kind = kind
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        self._shown = self._filtered_sorted()
        self.endResetModel()

    def _accepts(self, v: VillageRecap) -> bool:
        text = self._text
        if text and text not in v.code and text not in v.label.lower() \
                and text not in v.district_name.lower():
            return False
        if self._kind == self.NOT_SENT:
            return not v.sent
        if self._kind == self.ATTENTION:  # the weakest villages first of all
            return v.sent and any(s.state is not ItemState.COMPLETE for s in v.statuses)
        return True

    def _filtered_sorted(self) -> list[tuple[VillageRecap, list[str]]]:
        column, order = self._sort
        rows = [row for row in self._all if self._accepts(row[0])]
        rows.sort(key=lambda row: self._sort_key(row[0], column),
                  reverse=order == Qt.SortOrder.DescendingOrder)
        return rows

    def _sort_key(self, v: VillageRecap, col: int) -> object:
        """Items sort by their state's priority. The sort is stable and the villages come in
        code order, so ties stay in code order (either way round)."""
        item = self.item_at_column(col)
        if item:
            state = v.state_of(item)
            key: object = state.priority if state else -1
        elif col == self.col_fulfilled():
            key = v.fulfilled if v.sent else -1
        elif col == self.col_source():
            key = v.source.exported_at if v.source else ""
        elif col == self.COL_NAME:
            key = v.name.lower()
        else:
            key = v.code
        return key

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Called by the view when a column header is clicked (sorting enabled)."""
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        codes = [self._shown[i.row()][0].code if 0 <= i.row() < len(self._shown) else None
                 for i in before]
        self._shown = self._filtered_sorted()
        where = {v.code: row for row, (v, _) in enumerate(self._shown)}
        self.changePersistentIndexList(before, [
            self.index(where[code], i.column()) if code in where else QModelIndex()
            for code, i in zip(codes, before, strict=True)])
        self.layoutChanged.emit()

    def _row_texts(self, v: VillageRecap) -> list[str]:
        """The display texts of one village's row, worked out once: Qt asks for them again
        on every paint, and the column widths are measured from them."""
        kabupaten = bool(self._recap) and self._recap.area_code.count(".") == 1
        name = (_t("{village} · Kec. {district}").format(village=v.label,
                                                         district=v.district_name)
                if kabupaten else v.label)
        states = [v.state_of(code) for code in self._codes]
        items = [NO_STATE if st is None else short_state_label(st) for st in states]
        if not v.sent:
            fulfilled = QCoreApplication.translate("recap", NOT_SENT_LABEL)
        else:
            fulfilled = _t("{n} dari {total}").format(n=v.fulfilled, total=len(self._codes))
        source = "" if v.source is None else local_day(v.source.exported_at)
        return [v.code, name, *items, fulfilled, source]

    @property
    def item_codes(self) -> list[str]:
        return list(self._codes)

    def col_fulfilled(self) -> int:
        return 2 + len(self._codes)

    def col_source(self) -> int:
        return 3 + len(self._codes)

    def item_at_column(self, col: int) -> str | None:
        i = col - 2
        return self._codes[i] if 0 <= i < len(self._codes) else None

    def column_texts(self, col: int) -> list[str]:
        """The display texts of one column (every village, shown or not), for sizing it
        without a call per cell."""
        return [texts[col] for _, texts in self._all]

    def village_labels(self) -> list[str]:
        """Every village's own name ("Desa Gambah Luar"), without its kecamatan."""
        return [v.label for v, _ in self._all]

    def village_at(self, row: int) -> VillageRecap | None:
        return self._shown[row][0] if 0 <= row < len(self._shown) else None

    # -- Qt API --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 4 + len(self._codes)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if orientation != Qt.Orientation.Horizontal:
            return None
        item = self.item_at_column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == self.COL_CODE:
                return _t("Kode")
            if section == self.COL_NAME:
                return _t("Desa/Kelurahan")
            if item:
                return item
            if section == self.col_fulfilled():
                return _t("Terpenuhi")
            return _t("Bundel terakhir")
        if role == Qt.ItemDataRole.ToolTipRole and item and self._recap:
            it = next(i for i in self._recap.items if i.code == item)
            return f"{it.code}. {it.title}"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201, C901
        if not index.isValid():
            return None
        col = index.column()
        v, texts = self._shown[index.row()]
        if role == DISPLAY:
            text = texts[col]
            if not self.words and text != NO_STATE and self.item_at_column(col):
                return ""  # narrow window: the mark (DecorationRole) alone
            return text
        item = self.item_at_column(col)
        state = v.state_of(item) if item else None
        if role == Qt.ItemDataRole.DecorationRole and state is not None:
            return state_icon(state)
        if role == Qt.ItemDataRole.BackgroundRole:
            # Item cells carry a coloured mark, not a fill (144 filled cells are too busy);
            # a village that sent nothing is greyed in its summary cell.
            if not v.sent and col == self.col_fulfilled():
                return tint(NOT_SENT_COLOUR)
        if role == Qt.ItemDataRole.ForegroundRole and not v.sent and col != self.COL_CODE:
            return QColor(NOT_SENT_COLOUR)  # Qt takes a colour as a brush
        if role == Qt.ItemDataRole.TextAlignmentRole and item and (state is None
                                                                   or not self.words):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and col == self.col_fulfilled() and not v.sent:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if state is not None:
                status = next(s for s in v.statuses if s.item.code == item)
                return f"{v.label}, {item}: {state_label(state)}\n{status.reason}"
            if not v.sent:
                return _t("{name}: belum mengirim bundel untuk tahun ini.").format(name=v.label)
            if col == self.col_source() and v.source is not None:
                return _t("Bundel nomor urut {seq}, diekspor {date}").format(
                    seq=v.source.seq, date=format_stamp(v.source.exported_at))
        if role == VillageRole:
            return v.code
        if role == Qt.ItemDataRole.AccessibleTextRole and item:
            return f"{v.label}, {item}: {state_label(state) if state else NOT_SENT_LABEL}"
        return None


class CountsModel(QAbstractTableModel):
    """Per item: how many villages are in each state, plus those that sent nothing."""

    STATES = (ItemState.COMPLETE, ItemState.EXPIRING, ItemState.NO_ATTACHMENT,
              ItemState.IN_PROGRESS, ItemState.NOT_STARTED, ItemState.EXPIRED)

    def __init__(self, parent=None):  # noqa: ANN001
        super().__init__(parent)
        self._recap: Recap | None = None

    def set_recap(self, recap: Recap) -> None:
        self.beginResetModel()
        self._recap = recap
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self._recap is None else len(self.STATES) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self._recap is None else len(self._recap.items)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if self._recap is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return self._recap.items[section].code
            if section < len(self.STATES):
                return state_label(self.STATES[section])
            return QCoreApplication.translate("recap", NOT_SENT_LABEL)
        if role == Qt.ItemDataRole.DecorationRole and orientation == Qt.Orientation.Vertical \
                and section < len(self.STATES):
            return state_icon(self.STATES[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid() or self._recap is None:
            return None
        code = self._recap.items[index.column()].code
        if role == Qt.ItemDataRole.DisplayRole:
            if index.row() < len(self.STATES):
                return str(self._recap.counts.get(code, {}).get(self.STATES[index.row()], 0))
            return str(len(self._recap.not_sent))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class ExpiringModel(RowsModel):
    """Documents expired (without a replacement) or ending within 90 days."""

    items: list[ExpiringDocument]

    def headers(self) -> list[str]:
        return [_t("Desa/Kelurahan"), _t("Butir"), _t("Nomor"), _t("Berlaku sampai"),
                _t("Keadaan")]

    def set_rows(self, rows: list[ExpiringDocument]) -> None:
        self.set_items(rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        e = self.items[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return e.village_name
            if col == 1:
                return f"{e.item_code}. {e.item_short}"
            if col == 2:
                return e.doc_number
            if col == 3:
                return format_date(e.valid_until)
            if e.state == ItemState.EXPIRING and e.days_left is not None:
                return _t("Berakhir {n} hari lagi").format(n=e.days_left)
            return state_label(e.state)
        if role == Qt.ItemDataRole.DecorationRole and col == 4:
            return state_icon(e.state)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _t("{village}: {item}, {number}, berlaku sampai {date}").format(
                village=e.village_name, item=f"{e.item_code}. {e.item_short}",
                number=e.doc_number or "-", date=format_date(e.valid_until))
        if role == VillageRole:
            return e.village_code
        return None
