"""Kecamatan mode: the recap of every village against items A-H, with counts and expiries."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
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
    QVBoxLayout,
    QWidget,
)

from desa_layak.core import recap as recap_core
from desa_layak.ui.context import AppContext
from desa_layak.ui.recap_model import (
    CountsModel,
    ExpiringModel,
    RecapFilterProxy,
    RecapModel,
    VillageRole,
)

ITEM_COLUMN_WIDTH = 104


class RecapPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.recap: recap_core.Recap | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)

        top = QHBoxLayout()
        self.summary = QLabel(self)
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
        top.addWidget(self.kind_combo)
        self.import_button = QPushButton(self.tr("Impor bundel…"), self)
        self.import_button.setVisible(False)  # shown when the import action is installed
        top.addWidget(self.import_button)
        layout.addLayout(top)

        self.model = RecapModel(self)
        self.proxy = RecapFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.doubleClicked.connect(self._open_detail)
        self.table.setToolTip(self.tr("Klik dua kali untuk melihat rincian desa."))

        self.counts_model = CountsModel(self)
        self.counts = QTableView(self)
        self.counts.setModel(self.counts_model)
        self.counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.counts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.counts.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)

        self.expiring_model = ExpiringModel(self)
        self.expiring = QTableView(self)
        self.expiring.setModel(self.expiring_model)
        self.expiring.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.expiring.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.expiring.verticalHeader().setVisible(False)
        self.expiring.horizontalHeader().setStretchLastSection(True)
        self.expiring.setWordWrap(False)
        self.expiring.doubleClicked.connect(self._open_expiring)

        bottom = QWidget(self)
        bl = QHBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        self.counts_label = QLabel(self.tr("<b>Jumlah desa per butir</b>"), bottom)
        left.addWidget(self.counts_label)
        left.addWidget(self.counts)
        right = QVBoxLayout()
        self.expiring_label = QLabel(bottom)
        right.addWidget(self.expiring_label)
        right.addWidget(self.expiring)
        bl.addLayout(left, 1)
        bl.addLayout(right, 1)

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)

        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.kind_combo.currentIndexChanged.connect(self.proxy.set_kind)
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
            "<b>{area}</b>, tahun {year}: {sent} dari {total} desa/kelurahan sudah mengirim; "
            "<b>{missing}</b> belum mengirim.").format(
                area=rec.area_name, year=rec.year, sent=sent, total=len(rec.villages),
                missing=len(rec.not_sent)))
        self.expiring_label.setText(self.tr(
            "<b>Dokumen kedaluwarsa atau berakhir dalam 90 hari</b> ({n})").format(
                n=len(rec.expiring)))
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Column widths from the texts' font metrics. Qt's ResizeToContents would ask the
        model for every cell on every layout (90,000 calls for a kabupaten of 148 villages)."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        fm, head_fm = self.table.fontMetrics(), header.fontMetrics()
        icon = self.table.iconSize().width() if self.table.iconSize().isValid() else 16
        for col in range(self.model.columnCount()):
            title = str(self.model.headerData(col, Qt.Orientation.Horizontal) or "")
            if self.model.item_at_column(col):
                width = ITEM_COLUMN_WIDTH
            else:
                texts = self.model.column_texts(col)
                width = max([fm.horizontalAdvance(t) for t in texts] or [0]) + 16
                if col == self.model.COL_NAME:
                    width = min(width, 360)
            self.table.setColumnWidth(col, max(width, head_fm.horizontalAdvance(title) + icon))
        header.setStretchLastSection(True)
        # Two lines per row, the same for every village: "Belum ada / lampiran" fits.
        lines = self.table.fontMetrics().lineSpacing()
        self.table.verticalHeader().setDefaultSectionSize(2 * lines + 8)
        exp = self.expiring.horizontalHeader()
        exp.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        exp.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        exp.setStretchLastSection(False)

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
