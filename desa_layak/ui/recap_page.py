"""Kecamatan mode: the recap of every village against items A-H, with counts and expiries."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desa_layak.core import recap as recap_core
from desa_layak.core.states import ItemState
from desa_layak.ui import style
from desa_layak.ui.context import AppContext
from desa_layak.ui.recap_model import (
    CountsModel,
    ExpiringModel,
    RecapModel,
    VillageRole,
    short_state_label,
)
from desa_layak.ui.views import MEASURED_TEXTS, content_width, own_viewport

NAME_COLUMN_MAX = 360
NAME_COLUMN_MIN = 120
EXPIRING_NAME_MIN, EXPIRING_NAME_MAX = 120, 200
EXPIRING_COLUMN_MAX = 320


class RecapPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.recap: recap_core.Recap | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)

        top = QHBoxLayout()
        # Plain text throughout: a label with markup lays out a whole text document, several
        # times per layout pass (measured: 3 such labels cost the first paint ~4 ms).
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 1)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("Cari desa/kelurahan atau kode…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(220)
        top.addWidget(self.filter_edit)
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItems([self.tr("Semua"), self.tr("Belum mengirim"),
                                  self.tr("Perlu perhatian")])
        self.kind_combo.setItemData(
            2, self.tr("Desa/kelurahan yang sudah mengirim tetapi belum lengkap: ada butir yang "
                       "belum ada, masih proses, tanpa pindaian, kedaluwarsa atau segera "
                       "berakhir"), Qt.ItemDataRole.ToolTipRole)
        top.addWidget(self.kind_combo)
        self.import_button = QPushButton(self.tr("Impor bundel…"), self)
        self.import_button.setVisible(False)  # shown when the import action is installed
        top.addWidget(self.import_button)
        layout.addLayout(top)

        self.model = RecapModel(self)
        self.table = QTableView(self)
        own_viewport(self.table)  # watched below; see views.own_viewport
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)  # one line per village: more villages in view
        self.table.horizontalHeader().setMinimumSectionSize(20)  # a mark's column may be 24
        self.table.viewport().installEventFilter(self)
        self.table.doubleClicked.connect(self._open_detail)
        self.table.setToolTip(self.tr("Klik dua kali untuk melihat rincian desa."))

        self.counts_model = CountsModel(self)
        self.counts = QTableView(self)
        self.counts.setModel(self.counts_model)
        self.counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.counts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.counts.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.counts.setWordWrap(False)

        self.expiring_model = ExpiringModel(self)
        self.expiring = QTableView(self)
        own_viewport(self.expiring)  # watched below (its resize fits the columns)
        self.expiring.setModel(self.expiring_model)
        self.expiring.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.expiring.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.expiring.verticalHeader().setVisible(False)
        self.expiring.horizontalHeader().setStretchLastSection(True)
        self.expiring.setWordWrap(False)
        self.expiring.doubleClicked.connect(self._open_expiring)

        # The two lists below the recap: side by side when both fit whole, else as two tabs
        # (a 1024x600 netbook, the window at its smallest), so that no column is cut or
        # hidden behind a scroll bar (see _arrange).
        self.counts_panel = QWidget(self)
        left = QVBoxLayout(self.counts_panel)
        left.setContentsMargins(0, 0, 0, 0)
        self.counts_label = QLabel(self.tr("Jumlah desa per butir"), self.counts_panel)
        style.set_font(self.counts_label, bold=True)
        left.addWidget(self.counts_label)
        left.addWidget(self.counts)
        self.expiring_panel = QWidget(self)
        right = QVBoxLayout(self.expiring_panel)
        right.setContentsMargins(0, 0, 0, 0)
        self.expiring_label = QLabel(self.expiring_panel)
        self.expiring_label.setTextFormat(Qt.TextFormat.PlainText)
        style.set_font(self.expiring_label, bold=True)
        right.addWidget(self.expiring_label)
        right.addWidget(self.expiring)

        bottom = QWidget(self)
        self.bottom_layout = QHBoxLayout(bottom)
        self.bottom_layout.setContentsMargins(0, 0, 0, 0)
        self.bottom_layout.addWidget(self.counts_panel, 2)
        self.bottom_layout.addWidget(self.expiring_panel, 3)
        self.tabs = QTabWidget(bottom)
        self.tabs.setDocumentMode(True)
        self.tabs.setVisible(False)
        self.bottom_layout.addWidget(self.tabs)
        self.side_by_side = True
        self.expiring.viewport().installEventFilter(self)

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(bottom)
        split.setStretchFactor(0, 2)  # the villages table gets most of the height
        split.setStretchFactor(1, 1)
        self.split = split
        layout.addWidget(split, 1)

        self.filter_edit.textChanged.connect(self.model.set_text)
        self.kind_combo.currentIndexChanged.connect(self.model.set_kind)
        self.refresh()

    def page_title(self) -> str:
        return self.tr("Rekap")

    def refresh(self) -> None:
        self.recap = recap_core.build(self.ctx.store, self.ctx.year)
        rec = self.recap
        self.model.set_recap(rec)
        self.counts_model.set_recap(rec)
        self.expiring_model.set_rows(rec.expiring)
        sent = len(rec.villages) - len(rec.not_sent)
        self.summary.setText(self.tr(
            "{area}, tahun {year}: {sent} dari {total} desa/kelurahan sudah mengirim; "
            "{missing} belum mengirim.").format(
                area=rec.area_name, year=rec.year, sent=sent, total=len(rec.villages),
                missing=len(rec.not_sent)))
        self.expiring_label.setText(self.tr(
            "Dokumen kedaluwarsa atau berakhir dalam 90 hari ({n})").format(
                n=len(rec.expiring)))
        if not self.side_by_side:
            self.tabs.setTabText(1, self.expiring_label.text())
        self._fit_columns()

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001, N802 - Qt API
        if event.type() == QEvent.Type.Resize:
            if watched is self.table.viewport():
                self._fit_item_columns()
            elif watched is self.expiring.viewport():
                self._fit_expiring()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt API
        super().resizeEvent(event)
        self._arrange()

    def _fit_columns(self) -> None:
        """Column widths from the texts' font metrics. Qt's ResizeToContents would ask the
        model for every cell on every layout (90,000 calls for a kabupaten of 148 villages)."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._fixed_width = 0
        for col in range(self.model.columnCount()):
            if self.model.item_at_column(col):
                continue
            width = content_width(self.table, col, NAME_COLUMN_MAX
                                  if col == self.model.COL_NAME else None)
            if col == self.model.COL_NAME:
                self._name_width = width
            self.table.setColumnWidth(col, width)
            self._fixed_width += width
        # On a narrow window the name column gives up its kecamatan part (kabupaten), never
        # the village's own name.
        fm = self.table.fontMetrics()
        labels = sorted(set(self.model.village_labels()), key=len, reverse=True)[:MEASURED_TEXTS]
        self._name_min = min(self._name_width, max(
            (fm.horizontalAdvance(t) + 16 for t in labels), default=NAME_COLUMN_MIN))
        header.setStretchLastSection(True)
        # One line per row, the same for every village.
        line = self.table.fontMetrics().lineSpacing() + 9
        self.table.verticalHeader().setDefaultSectionSize(line)
        self.counts.verticalHeader().setDefaultSectionSize(line)
        self._fit_item_columns()
        exp = self.expiring.horizontalHeader()
        exp.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        exp.setStretchLastSection(True)
        self.expiring.verticalHeader().setDefaultSectionSize(line)
        self._expiring_widths = self._expiring_needs()
        self._arrange()
        self._fit_expiring()

    # -- the two lists below: side by side, or tabs ------------------------------------------
    def _expiring_needs(self) -> list[int]:
        """What each column of the expiring list needs to show its texts whole; the state
        column (the last) with its coloured mark."""
        last = self.expiring_model.columnCount() - 1
        icon = self.expiring.iconSize().width() if self.expiring.iconSize().isValid() else 16
        widths = []
        for col in range(last + 1):
            if col == 0:  # the village name keeps a readable width (it used to shrink to "…")
                width = max(EXPIRING_NAME_MIN,
                            content_width(self.expiring, 0, EXPIRING_NAME_MAX))
            else:
                width = content_width(self.expiring, col, EXPIRING_COLUMN_MAX,
                                      extra=icon + 8 if col == last else 0)
            widths.append(width)
        return widths

    def _chrome(self, view: QTableView) -> int:
        """A view's width besides its columns: frame, vertical header, vertical scroll bar."""
        header = view.verticalHeader()
        return (2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width()
                + (header.sizeHint().width() if header.isVisible() else 0))

    def _counts_need(self) -> int:
        if self.counts_model.columnCount() == 0:
            return 0
        fm = self.counts.fontMetrics()
        cell = max(fm.horizontalAdvance(str(len(self.recap.villages) if self.recap else 0)),
                   fm.horizontalAdvance("H")) + 16
        header = self.counts.verticalHeader()
        return (2 * self.counts.frameWidth() + self.counts.verticalScrollBar().sizeHint().width()
                + header.sizeHint().width() + cell * self.counts_model.columnCount())

    def _expiring_need(self) -> int:
        return sum(getattr(self, "_expiring_widths", [])) + self._chrome(self.expiring)

    def _arrange(self) -> None:
        """Side by side when both lists fit whole in their share (2:3) of the width, else
        one tab each with the whole width."""
        if not hasattr(self, "_expiring_widths"):
            return
        margins = self.layout().contentsMargins()
        room = self.width() - margins.left() - margins.right() - self.bottom_layout.spacing()
        side = room * 2 / 5 >= self._counts_need() and room * 3 / 5 >= self._expiring_need()
        if side == self.side_by_side:
            return
        self.side_by_side = side
        if side:
            self.tabs.clear()  # gives the panels back, without deleting them
            self.bottom_layout.insertWidget(0, self.counts_panel, 2)
            self.bottom_layout.insertWidget(1, self.expiring_panel, 3)
        else:
            self.tabs.addTab(self.counts_panel, self.counts_label.text())
            self.tabs.addTab(self.expiring_panel, self.expiring_label.text())
        self.counts_label.setVisible(side)
        self.expiring_label.setVisible(side)
        self.counts_panel.setVisible(True)
        self.expiring_panel.setVisible(True)
        self.tabs.setVisible(not side)

    def _fit_expiring(self) -> None:
        """Every column of the expiring list its needed width; when the list is narrower than
        that, the village name gives up width first (down to EXPIRING_NAME_MIN), never the
        state, which stretches into what is left."""
        widths = list(getattr(self, "_expiring_widths", []))
        if not widths:
            return
        excess = sum(widths) - self.expiring.viewport().width()
        if excess > 0:
            widths[0] = max(EXPIRING_NAME_MIN, widths[0] - excess)
        for col, width in enumerate(widths[:-1]):  # the last one stretches
            if self.expiring.columnWidth(col) != width:
                self.expiring.setColumnWidth(col, width)

    def _fit_item_columns(self) -> None:
        """Item columns A–H: a mark and a word when there is room for all of them next to
        the other columns, else the mark alone (narrow windows), so that the last columns
        stay in view."""
        codes = [c for c in range(self.model.columnCount()) if self.model.item_at_column(c)]
        if not codes:
            return
        fm = self.table.fontMetrics()
        icon = self.table.iconSize().width() if self.table.iconSize().isValid() else 16
        # mark, its margins and the longest word (Qt's item delegate draws them)
        longest = max(fm.horizontalAdvance(short_state_label(s)) for s in ItemState)
        with_words = icon + longest + 14  # what Qt's delegate asks for, plus 1
        mark_only = icon + 14  # the mark centred in a margin each side
        viewport = self.table.viewport().width()
        fixed = getattr(self, "_fixed_width", 0)
        per_item = (viewport - fixed) // len(codes)
        words = per_item >= with_words
        width = with_words if words else mark_only
        # Still too wide with the marks alone: the name column gives up width first, down to
        # the longest village name (a kabupaten's kecamatan part goes), then the marks their
        # margins, so that "Terpenuhi" and the bundle's date stay in view.
        full = name = getattr(self, "_name_width", 0)
        over = fixed + width * len(codes) - viewport
        if over > 0 and name:
            name = max(getattr(self, "_name_min", name), name - over)
            over -= full - name
        if over > 0 and not words:
            width = max(icon + 8, width - -(-over // len(codes)))
        self.model.set_words(words)
        for col in codes:
            if self.table.columnWidth(col) != width:
                self.table.setColumnWidth(col, width)
        if name and self.table.columnWidth(self.model.COL_NAME) != name:
            self.table.setColumnWidth(self.model.COL_NAME, name)

    # -- detail ----------------------------------------------------------------------------
    def _open_detail(self, index: QModelIndex) -> None:
        code = index.data(VillageRole)
        if code:
            self.open_village(code)

    def _open_expiring(self, index: QModelIndex) -> None:
        code = self.expiring_model.index(index.row(), 0).data(VillageRole)
        if code:
            self.open_village(code)

    def open_village(self, code: str):  # noqa: ANN201 - returns the dialog (tests)
        from desa_layak.ui.village_detail_dialog import VillageDetailDialog

        dialog = VillageDetailDialog(self.ctx, code, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
