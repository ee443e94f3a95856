"""Kecamatan mode: every import attempt (file, village, sequence, when, result, reason)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desa_layak.bundles import importer
from desa_layak.core.formatting import format_date
from desa_layak.ui.context import AppContext
from desa_layak.ui.rows_model import RowsModel

RESULT_COLOURS = {importer.IMPORTED: "#2e7d32", importer.ALREADY: "#1565c0",
                  importer.REFUSED: "#c62828"}


def _t(text: str) -> str:
    return QCoreApplication.translate("ImportHistory", text)


class ImportHistoryModel(RowsModel):
    items: list[importer.LogEntry]

    def headers(self) -> list[str]:
        return [_t("Waktu"), _t("Berkas"), _t("Desa/Kelurahan"), _t("No. urut"), _t("Hasil"),
                _t("Keterangan")]

    def set_rows(self, rows: list[importer.LogEntry]) -> None:
        self.set_items(rows)

    def entry(self, row: int) -> importer.LogEntry:
        return self.items[row]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN201
        if not index.isValid():
            return None
        e = self.items[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{format_date(e.at[:10])} {e.at[11:16]}"
            if col == 1:
                return e.file_name
            if col == 2:
                return f"{e.village_name} ({e.village_code})" if e.village_code else "-"
            if col == 3:
                return "" if e.seq is None else str(e.seq)
            if col == 4:
                return QCoreApplication.translate("import_result", e.result_label)
            return e.reason
        if role == Qt.ItemDataRole.ForegroundRole and col == 4:
            return QBrush(QColor(RESULT_COLOURS.get(e.result, "#000000")))
        if role == Qt.ItemDataRole.ToolTipRole and col == 5:
            return e.reason
        return None


class ImportHistoryPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)
        self.summary = QLabel(self)
        layout.addWidget(self.summary)
        self.model = ImportHistoryModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        layout.addWidget(self.table, 1)
        self.refresh()

    def page_title(self) -> str:
        return self.tr("Riwayat impor")

    def refresh(self) -> None:
        rows = importer.history(self.ctx.store, 2000)
        self.model.set_rows(rows)
        refused = sum(1 for r in rows if r.result == importer.REFUSED)
        self.summary.setText(self.tr("{n} kali impor tercatat; {refused} ditolak. Yang terbaru "
                                     "di atas.").format(n=len(rows), refused=refused))
        self.table.resizeColumnsToContents()
        for col, width in ((1, 340), (2, 240)):
            if self.table.columnWidth(col) > width:
                self.table.setColumnWidth(col, width)
