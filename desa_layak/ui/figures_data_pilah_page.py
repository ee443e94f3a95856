"""Data pilah gender (item F): an editable grid of the year's figures with totals per row
and per column, whole numbers only, and a part larger than its whole flagged at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRegularExpression, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desa_layak.core import data_pilah, figure_catalogue, figures_io
from desa_layak.core.figure_catalogue import Cell, Figure, FigureCatalogue
from desa_layak.core.formatting import format_number
from desa_layak.errors import DesaLayakError
from desa_layak.ui import dialogs
from desa_layak.ui.context import AppContext
from desa_layak.ui.rows_model import Index

PROBLEM_BG = QColor("#fde0dc")
TOTAL_BG = QColor("#eef2ef")
LOCKED_BG = QColor("#f6f6f6")


class WholeNumberDelegate(QStyledItemDelegate):
    """Editor that accepts only digits (whole numbers >= 0); empty clears the cell."""

    def __init__(self, maximum: int = data_pilah.MAX_VALUE, parent: QWidget | None = None):
        super().__init__(parent)
        self.maximum = maximum

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: Index) -> QWidget:
        editor = QLineEdit(parent)
        # digits only; empty is acceptable too (it clears the cell). Larger than the maximum
        # is refused by the core with a sentence.
        digits = len(str(self.maximum))
        editor.setValidator(QRegularExpressionValidator(
            QRegularExpression(rf"^\d{{0,{digits}}}$"), editor))
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model, index: Index) -> None:  # noqa: ANN001, N802
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


@dataclass(frozen=True)
class GridRow:
    kind: str  # 'cell' (one sex), 'total' (L+P, read-only), 'count' (a yearly count)
    figure: Figure
    sex: str = ""


class DataPilahModel(QAbstractTableModel):
    """Rows: each split figure by sex plus its L+P total row; each yearly count. Columns:
    the figure, the age bands, and Jumlah. Edits are saved at once through the core."""

    rejected = Signal(str)  # a value refused, with the reason in words
    saved = Signal()

    COL_LABEL = 0

    def __init__(self, ctx: AppContext, parent=None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.cat: FigureCatalogue = figure_catalogue.load()
        self.village_code: str | None = ctx.village_code
        self.year = ctx.year
        self.table: dict[Cell, int] = {}
        self.problem_cells: dict[Cell, str] = {}
        self.rows: list[GridRow] = []
        for fig in self.cat.figures:
            if fig.is_split:
                self.rows += [GridRow("cell", fig, s.code) for s in self.cat.sexes]
                self.rows.append(GridRow("total", fig))
            else:
                self.rows.append(GridRow("count", fig))
        self.bands = [b.code for b in self.cat.age_bands]
        self.col_total = 1 + len(self.bands)

    # -- data ----------------------------------------------------------------------------
    def load(self, village_code: str | None, year: int) -> None:
        self.beginResetModel()
        self.village_code, self.year = village_code, year
        self.table = (data_pilah.values(self.ctx.store, village_code, year)
                      if village_code else {})
        self._recheck()
        self.endResetModel()

    def _recheck(self) -> None:
        self.problem_cells = {p.cell: p.text for p in data_pilah.problems(self.table, self.cat)}

    def problems(self) -> list[str]:
        return [p.text for p in data_pilah.problems(self.table, self.cat)]

    def filled(self) -> tuple[int, int]:
        return data_pilah.filled(self.table, self.cat)

    def cell_at(self, index: Index) -> Cell | None:
        """The stored cell an index edits (None for labels and totals)."""
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if row.kind == "cell" and 1 <= col <= len(self.bands):
            return (row.figure.key, row.sex, self.bands[col - 1])
        if row.kind == "count" and col == self.col_total:
            return (row.figure.key, "", "")
        return None

    def value_at(self, index: Index) -> int | None:
        cell = self.cell_at(index)
        if cell is not None:
            return self.table.get(cell)
        row = self.rows[index.row()]
        col = index.column()
        if col == self.COL_LABEL or row.kind == "count":
            return None
        sexes = [row.sex] if row.kind == "cell" else [s.code for s in self.cat.sexes]
        bands = self.bands if col == self.col_total else [self.bands[col - 1]]
        picked = [self.table[c] for s in sexes for b in bands
                  if (c := (row.figure.key, s, b)) in self.table]
        return sum(picked) if picked else None

    def column_total(self, figure_key: str, band: str | None) -> int | None:
        return data_pilah.figure_total(self.table, figure_key, band=band)

    # -- Qt model API --------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 2 + len(self.bands)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section == self.COL_LABEL:
            return self.tr("Data")
        if section == self.col_total:
            return self.tr("Jumlah")
        return self.tr("{band} th").format(band=self.bands[section - 1])

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.cell_at(index) is not None and self.village_code:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        cell = self.cell_at(index)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_LABEL:
                if row.kind == "cell":
                    return f"{row.figure.label} · {self.cat.sex_label(row.sex)}"
                if row.kind == "total":
                    return self.tr("{label} · Jumlah L+P").format(label=row.figure.label)
                return row.figure.label
            value = self.value_at(index)
            return "" if value is None else format_number(value)
        if role == Qt.ItemDataRole.EditRole:
            return self.value_at(index)
        if role == Qt.ItemDataRole.TextAlignmentRole and col != self.COL_LABEL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if cell is not None and cell in self.problem_cells:
                return QBrush(PROBLEM_BG)
            if row.kind == "total" or (col == self.col_total and row.kind == "cell"):
                return QBrush(TOTAL_BG)
            if row.kind == "count" and 1 <= col < self.col_total:
                return QBrush(LOCKED_BG)
        if role == Qt.ItemDataRole.FontRole and (
                row.kind == "total" or (col == self.col_total and row.kind == "cell")):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and cell is not None:
            return self.problem_cells.get(cell) or self.cat.cell_label(cell)
        return None

    def write(self, changes: dict[Cell, object]) -> bool:
        """Save several cells in one transaction (all or nothing) and update the grid."""
        if not changes or not self.village_code:
            return False
        try:
            data_pilah.set_values(self.ctx.store, self.village_code, self.year, changes)
        except DesaLayakError as err:
            self.rejected.emit(str(err))
            return False
        self.table = data_pilah.values(self.ctx.store, self.village_code, self.year)
        self._recheck()
        self.dataChanged.emit(self.index(0, 1), self.index(self.rowCount() - 1,
                                                            self.col_total))
        self.saved.emit()
        return True

    def paste(self, start: Index, text: str) -> bool:
        """Paste a block (tab-separated, as copied from a spreadsheet) from ``start``; cells
        that land on totals or labels are skipped. Refused whole if any number is bad."""
        if not start.isValid():
            return False
        changes: dict[Cell, object] = {}
        for r, values in enumerate(parse_block(text)):
            for c, raw in enumerate(values):
                row, col = start.row() + r, start.column() + c
                if row >= self.rowCount() or col >= self.columnCount():
                    continue
                cell = self.cell_at(self.index(row, col))
                if cell is not None:
                    # the core reads 1.234 as thousands (data_pilah.parse_value)
                    changes[cell] = raw.strip() or None
        return self.write(changes)

    def clear_cells(self, indexes: list[Index]) -> bool:
        cells = [c for i in indexes if (c := self.cell_at(i)) is not None and c in self.table]
        return self.write({c: None for c in cells})

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: ANN001, N802
        cell = self.cell_at(index)
        if cell is None or role != Qt.ItemDataRole.EditRole or not self.village_code:
            return False
        try:
            parsed = data_pilah.parse_value(value, self.cat.cell_label(cell))
            if self.table.get(cell) == parsed:
                return True
            data_pilah.set_value(self.ctx.store, self.village_code, self.year, cell, parsed)
        except DesaLayakError as err:
            self.rejected.emit(str(err))
            return False
        if parsed is None:
            self.table.pop(cell, None)
        else:
            self.table[cell] = parsed
        self._recheck()
        # the figure's rows (values, totals, problem colours of its parts) change together
        self.dataChanged.emit(self.index(0, 1), self.index(self.rowCount() - 1,
                                                            self.col_total))
        self.saved.emit()
        return True


def parse_block(text: str) -> list[list[str]]:
    """Cells copied from a spreadsheet: rows by newline, columns by tab."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    return [line.split("\t") for line in lines]


class DataPilahView(QTableView):
    """The grid; Ctrl+V pastes a block copied from Excel, Delete clears the selected cells."""

    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt API
        model = self.model()
        if event.matches(QKeySequence.StandardKey.Paste) and isinstance(model, DataPilahModel):
            from PySide6.QtGui import QGuiApplication

            model.paste(self.currentIndex(), QGuiApplication.clipboard().text())
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) \
                and isinstance(model, DataPilahModel) and self.state() != self.State.EditingState:
            model.clear_cells(self.selectionModel().selectedIndexes())
            return
        super().keyPressEvent(event)


class DataPilahPage(QWidget):
    """The year's data pilah table, its import/export, and what needs checking."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._own_change = False
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600; color: #1f3b2d;")
        self.fill_label = QLabel(self)
        head.addWidget(self.title)
        head.addSpacing(16)
        head.addWidget(self.fill_label, 1)
        self.export_button = QPushButton(self.tr("Ekspor templat…"), self)
        self.import_button = QPushButton(self.tr("Impor templat…"), self)
        head.addWidget(self.export_button)
        head.addWidget(self.import_button)
        layout.addLayout(head)
        hint = QLabel(self.tr(
            "Isi angka bulat 0 atau lebih; kosongkan sel yang belum diketahui. Setiap angka "
            "langsung tersimpan. Baris \"Jumlah L+P\" dan kolom \"Jumlah\" dihitung sendiri. "
            "Angka yang disalin dari Excel dapat ditempel dengan Ctrl+V."),
            self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #55615b;")
        layout.addWidget(hint)

        self.model = DataPilahModel(ctx, self)
        self.view = DataPilahView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(WholeNumberDelegate(parent=self.view))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(26)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultSectionSize(90)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.totals_label = QLabel(self)
        self.totals_label.setWordWrap(True)
        layout.addWidget(self.totals_label)
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #b71c1c;")
        self.warnings.setAccessibleName(self.tr("Peringatan data pilah"))
        layout.addWidget(self.warnings)

        self.model.rejected.connect(self._on_rejected)
        self.model.saved.connect(self._on_saved)
        self.export_button.clicked.connect(self.choose_export)
        self.import_button.clicked.connect(self.choose_import)
        self.refresh()

    def page_title(self) -> str:
        return self.tr("Data Pilah")

    def refresh(self) -> None:
        if self._own_change:
            return
        self.model.load(self.ctx.village_code, self.ctx.year)
        self._update_labels()

    def _update_labels(self) -> None:
        done, required = self.model.filled()
        self.title.setText(self.tr("Data pilah gender {year}").format(year=self.ctx.year))
        if done >= required:
            self.fill_label.setText(self.tr("Semua {n} isian terisi.").format(n=required))
        else:
            self.fill_label.setText(self.tr("Terisi {done} dari {required} isian.").format(
                done=done, required=required))
        anak = self.model.column_total("anak", None)
        self.totals_label.setText(self.tr("Jumlah seluruh anak: {n}").format(
            n="-" if anak is None else format_number(anak)))
        problems = self.model.problems()
        if problems:
            self.warnings.setText(self.tr("Periksa angka berikut:") + "\n"
                                  + "\n".join(f"• {p}" for p in problems))
        else:
            self.warnings.setText("")
        has_village = bool(self.ctx.village_code)
        self.export_button.setEnabled(has_village)
        self.import_button.setEnabled(has_village)

    def _on_saved(self) -> None:
        self._update_labels()
        self._own_change = True
        try:
            self.ctx.data_changed.emit()
        finally:
            self._own_change = False
        self.ctx.status_message.emit(self.tr("Tersimpan"))

    def _on_rejected(self, text: str) -> None:
        self.warnings.setText(text)
        self.ctx.status_message.emit(text)

    # -- template ------------------------------------------------------------------------
    def choose_export(self) -> None:
        name = f"data-pilah-{self.ctx.year}.xlsx"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Simpan templat data pilah"), str(Path.home() / name),
            self.tr("Lembar kerja Excel (*.xlsx);;CSV (*.csv)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> Path | None:
        if path.suffix.lower() not in figures_io.FORMATS:  # 'data.2026' -> 'data.2026.xlsx',
            path = path.with_name(path.name + ".xlsx")  # never another file's name
        try:
            out = figures_io.export_template(self.ctx.store, self.ctx.village_code,
                                             self.ctx.year, path)
        except DesaLayakError as err:
            dialogs.error(self, str(err))
            return None
        self.ctx.status_message.emit(self.tr("Templat disimpan: {path}").format(path=out))
        return out

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Pilih templat data pilah yang sudah diisi"), str(Path.home()),
            self.tr("Lembar kerja (*.xlsx *.csv)"))
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> bool:
        try:  # the file is read and checked once; nothing is written before the question
            table, emptied = figures_io.read_import(self.ctx.store, self.ctx.village_code,
                                                    self.ctx.year, path)
        except DesaLayakError as err:
            dialogs.error(self, str(err))
            return False
        if emptied and not dialogs.confirm(
                self, self.tr("Berkas {name} mengosongkan {n} isian data pilah {year} yang "
                              "sudah terisi (selnya kosong di berkas itu). Lanjutkan?").format(
                    name=path.name, n=emptied, year=self.ctx.year),
                self.tr("Kosongkan dan impor")):
            return False
        try:
            result = figures_io.import_table(self.ctx.store, self.ctx.village_code,
                                             self.ctx.year, table)
        except DesaLayakError as err:
            dialogs.error(self, str(err))
            return False
        self.ctx.data_changed.emit()
        self.refresh()
        text = self.tr("Data pilah {year} dibaca dari {name}: {n} isian berubah.").format(
            year=self.ctx.year, name=path.name, n=result.changed)
        self.ctx.status_message.emit(text)
        return True
