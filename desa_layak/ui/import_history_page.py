"""Kecamatan mode: every import attempt (file, village, sequence, when, result, reason), and
every new village key an officer accepted (when, village, reason, old and new key)."""

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
from desa_layak.core.timestamps import format_stamp
from desa_layak.ui.context import AppContext
from desa_layak.ui.rows_model import RowsModel

RESULT_COLOURS = {importer.IMPORTED: "#2e7d32", importer.ALREADY: "#1565c0",
                  importer.REFUSED: "#c62828"}
# Widest a column may start (the text is elided; its tooltip and the widened column show
# all): at 1024 px the reason, the last column, still gets a good part of the row.
MAX_WIDTHS = {1: 200, 2: 200}
KEY_MAX_WIDTHS = {1: 220}


def _t(text: str) -> str:
    return QCoreApplication.translate("ImportHistory", text)


def _village(code: str | None, name: str) -> str:
    if not code:
        return "-"
    return f"{name} ({code})" if name else code


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
                return format_stamp(e.at)
            if col == 1:
                return e.file_name
            if col == 2:
                return _village(e.village_code, e.village_name)
            if col == 3:
                return "" if e.seq is None else str(e.seq)
            if col == 4:
                return QCoreApplication.translate("import_result", e.result_label)
            return e.short_reason
        if role == Qt.ItemDataRole.ForegroundRole and col == 4:
            return QBrush(QColor(RESULT_COLOURS.get(e.result, "#000000")))
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 5:
                return e.reason
            if col in (1, 2):
                return self.data(index)
        return None


class KeyChangesModel(RowsModel):
    items: list[importer.KeyChange]

    def headers(self) -> list[str]:
        return [_t("Waktu"), _t("Desa/Kelurahan"), _t("Sidik kunci lama"),
                _t("Sidik kunci baru"), _t("Alasan")]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN201
        if not index.isValid():
            return None
        c = self.items[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (format_stamp(c.at), _village(c.village_code, c.village_name),
                    c.old_fingerprint, c.new_fingerprint, c.reason)[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 2:
                return c.old_key
            if col == 3:
                return c.new_key
            if col == 4:
                return c.reason
        return None


def _table(parent: QWidget, model: RowsModel) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


def _fit(table: QTableView, widths: dict[int, int]) -> None:
    """Columns as wide as their text (some capped); the last one takes the rest of the row,
    no more: a long reason is elided at the edge (whole in its tooltip), never pushed behind
    a sideways scroll bar."""
    last = table.model().columnCount() - 1
    for col in range(last):
        table.resizeColumnToContents(col)
        if col in widths and table.columnWidth(col) > widths[col]:
            table.setColumnWidth(col, widths[col])
    table.setColumnWidth(last, table.horizontalHeader().sectionSizeHint(last))


class ImportHistoryPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)
        self.summary = QLabel(self)
        layout.addWidget(self.summary)
        self.model = ImportHistoryModel(self)
        self.table = _table(self, self.model)
        layout.addWidget(self.table, 3)
        self.keys_label = QLabel(self.tr("Kunci baru desa yang diterima petugas (terbaru di "
                                         "atas):"), self)
        layout.addWidget(self.keys_label)
        self.keys_model = KeyChangesModel(self)
        self.keys_table = _table(self, self.keys_model)
        layout.addWidget(self.keys_table, 1)
        self.refresh()

    def page_title(self) -> str:
        return self.tr("Riwayat impor")

    def refresh(self) -> None:
        rows = importer.history(self.ctx.store, 2000)
        self.model.set_rows(rows)
        refused = sum(1 for r in rows if r.result == importer.REFUSED)
        self.summary.setText(self.tr("{n} kali impor tercatat; {refused} ditolak. Yang terbaru "
                                     "di atas.").format(n=len(rows), refused=refused))
        _fit(self.table, MAX_WIDTHS)
        changes = importer.key_changes(self.ctx.store)
        self.keys_model.set_items(changes)
        self.keys_label.setVisible(bool(changes))
        self.keys_table.setVisible(bool(changes))
        _fit(self.keys_table, KEY_MAX_WIDTHS)
