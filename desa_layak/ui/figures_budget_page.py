"""Budget for children's rights (item G): the APBDes total, the lines for children, and the
share of the APBDes they take. Money is integer Rupiah (Python int; signals carry object)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desa_layak.core import budget
from desa_layak.core.budget import Budget, BudgetLine
from desa_layak.core.formatting import format_rupiah
from desa_layak.errors import DesaLayakError
from desa_layak.ui import dialogs
from desa_layak.ui.context import AppContext
from desa_layak.ui.record_form import UnsavedInput, configure_record_view, record_buttons
from desa_layak.ui.rows_model import Index, RowsModel
from desa_layak.ui.views import MinimumHeightHint, scroll_pane


class MoneyEdit(QLineEdit):
    """Rupiah input: accepts ``12500000`` or ``Rp 12.500.000``, shows ``Rp 12.500.000`` when
    left. ``amount()`` is a Python int (no 32-bit limit) or None when empty/invalid."""

    amount_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("Rp 0")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.editingFinished.connect(self._tidy)

    def amount(self) -> int | None:
        if not self.text().strip():
            return None
        try:
            return budget.parse_amount(self.text())
        except DesaLayakError:
            return None

    def set_amount(self, value: int | None) -> None:
        self.setText("" if value is None else format_rupiah(value))

    def state(self) -> int | str:
        """What the field says, for telling whether it was changed: the amount, or the text
        when it is not one ("3.000.000" and "Rp 3.000.000" are the same)."""
        value = self.amount()
        return value if value is not None else self.text().strip()

    def _tidy(self) -> None:
        value = self.amount()
        if value is not None:
            self.set_amount(value)
            self.amount_changed.emit(value)


class BudgetLinesModel(RowsModel):
    items: list[BudgetLine]

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Kegiatan"),
            self.tr("Bidang"),
            self.tr("Sumber dana"),
            self.tr("Anggaran"),
            self.tr("Realisasi"),
        )

    def set_lines(self, lines: list[BudgetLine]) -> None:
        self.set_items(lines)

    def display(self, line: BudgetLine, column: int) -> str:
        return (line.activity, line.bidang or "-", line.source or "-",
                format_rupiah(line.amount), format_rupiah(line.realised))[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return self.items[index.row()].id
        return super().data(index, role)


class _LinesView(MinimumHeightHint, QTableView):
    """The budget lines: a short window squeezes the list, not the form below it."""


class BudgetPage(QWidget):
    """APBDes and the year's budget lines for children."""

    apbdes_saved = Signal(object)  # int Rupiah

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.budget: Budget | None = None
        self.current_id: str | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = scroll_pane(self)  # the whole page scrolls on a short window
        outer.addWidget(scroll)
        page = QWidget(scroll)
        layout = QVBoxLayout(page)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600; color: #1f3b2d;")
        layout.addWidget(self.title)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Total APBDes:"), self))
        self.apbdes_edit = MoneyEdit(self)
        self.apbdes_edit.setMinimumWidth(220)
        self.apbdes_edit.setAccessibleName(self.tr("Total APBDes"))
        top.addWidget(self.apbdes_edit)
        self.apbdes_button = QPushButton(self.tr("Simpan APBDes"), self)
        top.addWidget(self.apbdes_button)
        top.addStretch(1)
        layout.addLayout(top)
        self.summary = QLabel(self)
        self.summary.setStyleSheet("font-size: 11pt; font-weight: 600; color: #1f3b2d;")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.warnings = QLabel(self)
        self.warnings.setStyleSheet("color: #b71c1c;")
        self.warnings.setWordWrap(True)
        layout.addWidget(self.warnings)

        self.model = BudgetLinesModel(self)
        self.view = _LinesView(self)
        self.view.setModel(self.model)
        configure_record_view(self.view)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # On a short window the list gives up height first (two lines stay), then the page
        # scrolls.
        self.view.setMinimumHeight(self.view.horizontalHeader().sizeHint().height()
                                   + 2 * self.view.verticalHeader().defaultSectionSize() + 4)
        layout.addWidget(self.view, 1)

        box = QGroupBox(self.tr("Kegiatan untuk anak"), self)
        form = QFormLayout(box)
        self.activity_edit = QLineEdit(box)
        self.bidang_combo = QComboBox(box)
        self.bidang_combo.setEditable(True)
        self.bidang_combo.addItems(["", *budget.BIDANG])
        self.source_combo = QComboBox(box)
        self.source_combo.setEditable(True)
        self.source_combo.addItems(["", *budget.SOURCES])
        self.amount_edit = MoneyEdit(box)
        self.realised_edit = MoneyEdit(box)
        form.addRow(self.tr("Kegiatan"), self.activity_edit)
        form.addRow(self.tr("Bidang"), self.bidang_combo)
        form.addRow(self.tr("Sumber dana"), self.source_combo)
        form.addRow(self.tr("Anggaran"), self.amount_edit)
        form.addRow(self.tr("Realisasi"), self.realised_edit)
        buttons, self.new_button, self.delete_button, self.save_button = record_buttons(
            box, self.tr("Kegiatan baru"), self.tr("Hapus kegiatan"),
            self.tr("Simpan kegiatan"), save_before_delete=True)
        form.addRow(buttons)
        layout.addWidget(box)
        scroll.setWidget(page)

        # Typed-in input is asked about before it would be dropped (another line, a new one,
        # another year, closing the window), as on the checklist page.
        self.apbdes_guard = UnsavedInput(
            self, state=self.apbdes_edit.state, what=lambda: self.tr("total APBDes"),
            save=self.save_apbdes, discard=self._show_apbdes)
        self.line_guard = UnsavedInput(
            self, state=self._line_state, what=self._line_what, save=self.save_line,
            discard=lambda: self._show_line(self.current_id))
        self.line_guard.guard_list(self.view, self.select_line)
        self.apbdes_button.clicked.connect(self.save_apbdes)
        self.apbdes_edit.returnPressed.connect(self.save_apbdes)
        self.new_button.clicked.connect(self._new_clicked)
        self.save_button.clicked.connect(self.save_line)
        self.delete_button.clicked.connect(self.delete_line)
        self.refresh()

    def page_title(self) -> str:
        return self.tr("Anggaran Anak")

    # -- unsaved input -------------------------------------------------------------------
    def maybe_leave(self) -> bool:
        """Before the year changes or the window closes: save, discard or stay."""
        return self.apbdes_guard.maybe_leave() and self.line_guard.maybe_leave()

    def _line_state(self) -> tuple:
        return (self.activity_edit.text().strip(), self.bidang_combo.currentText().strip(),
                self.source_combo.currentText().strip(), self.amount_edit.state(),
                self.realised_edit.state())

    def _line_what(self) -> str:
        stored = self.current_line()
        name = stored.activity if stored else self.activity_edit.text().strip()
        if stored is None and not name:
            return self.tr("kegiatan anggaran baru")
        return self.tr("kegiatan anggaran \"{name}\"").format(name=name)

    def current_line(self) -> BudgetLine | None:
        row = self.line_guard.row_of(self.current_id)
        return self.budget.lines[row] if self.budget is not None and row >= 0 else None

    def _show_apbdes(self) -> None:
        self.apbdes_edit.set_amount((self.budget.apbdes_total or None) if self.budget else None)
        self.apbdes_guard.loaded()

    def _show_line(self, line_id: str | None) -> None:
        """The stored line in the form (a new one when it is not listed)."""
        row = self.line_guard.row_of(line_id)
        if row < 0:
            self.new_line()
            return
        self.line_guard.show_current(line_id)
        self.select_line(row)

    def _new_clicked(self) -> None:
        if self.line_guard.maybe_leave():
            self.new_line()
            self.activity_edit.setFocus()

    # -- data ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the year's budget; typed-in, unsaved input stays in its field."""
        code = self.ctx.village_code
        self.title.setText(self.tr("Anggaran pemenuhan hak anak {year}").format(
            year=self.ctx.year))
        if not code:
            self.budget = None
            self.model.set_lines([])
            return
        self.budget = budget.get_budget(self.ctx.store, code, self.ctx.year)
        if not self.apbdes_guard.is_dirty():
            self._show_apbdes()
        self.model.set_lines(self.budget.lines)
        self._update_summary()
        if self.line_guard.is_dirty():
            self.line_guard.show_current(self.current_id)
        else:
            self._show_line(self.current_id)

    def _update_summary(self) -> None:
        b = self.budget
        if b is None:
            return
        if b.share is None:
            text = self.tr("Untuk anak: {lines} dari {n} kegiatan. Isi total APBDes untuk "
                           "menghitung porsinya.").format(lines=format_rupiah(b.lines_total),
                                                          n=len(b.lines))
        else:
            text = self.tr("Untuk anak: {lines} dari APBDes {total} = {share}").format(
                lines=format_rupiah(b.lines_total), total=format_rupiah(b.apbdes_total),
                share=b.share_text())
        text += self.tr("  ·  Realisasi: {r}").format(r=format_rupiah(b.realised_total))
        self.summary.setText(text)
        self.warnings.setText("\n".join(b.warnings()))

    def _changed(self, message: str) -> None:
        self.ctx.data_changed.emit()
        self.refresh()
        self.ctx.status_message.emit(message)

    def save_apbdes(self) -> bool:
        try:
            value = budget.set_apbdes(self.ctx.store, self.ctx.village_code, self.ctx.year,
                                      self.apbdes_edit.text() or "0")
        except DesaLayakError as err:
            dialogs.error(self, str(err))
            return False
        self.apbdes_edit.set_amount(value or None)
        self.apbdes_guard.loaded()
        self.apbdes_saved.emit(value)
        self._changed(self.tr("Total APBDes tersimpan"))
        return True

    def select_line(self, row: int) -> None:
        if self.budget is None or not 0 <= row < len(self.budget.lines):
            return
        line = self.budget.lines[row]
        self.current_id = line.id
        self.activity_edit.setText(line.activity)
        self.bidang_combo.setCurrentText(line.bidang)
        self.source_combo.setCurrentText(line.source)
        self.amount_edit.set_amount(line.amount)
        self.realised_edit.set_amount(line.realised)
        self.delete_button.setEnabled(True)
        self.line_guard.loaded()

    def new_line(self) -> None:
        self.current_id = None
        self.line_guard.show_current(None)
        self.activity_edit.clear()
        self.bidang_combo.setCurrentText("")
        self.source_combo.setCurrentText("")
        self.amount_edit.clear()
        self.realised_edit.clear()
        self.delete_button.setEnabled(False)
        self.line_guard.loaded()

    def save_line(self) -> bool:
        if not self.ctx.village_code:
            return False
        line = BudgetLine(self.current_id, self.ctx.village_code, self.ctx.year,
                          self.activity_edit.text(), self.bidang_combo.currentText(),
                          self.source_combo.currentText(),
                          self.amount_edit.text() or "0", self.realised_edit.text() or "0")
        try:
            saved = budget.save_line(self.ctx.store, line)
        except DesaLayakError as err:
            dialogs.error(self, str(err))
            return False
        self.current_id = saved.id
        self.line_guard.loaded()  # what the form shows is stored now
        self._changed(self.tr("Kegiatan anggaran tersimpan"))
        return True

    def delete_line(self) -> None:
        if not self.current_id:
            return
        if not dialogs.confirm(self, self.tr("Hapus kegiatan anggaran ini?"),
                               self.tr("Hapus")):
            return
        try:
            budget.delete_line(self.ctx.store, self.current_id)
        except DesaLayakError as err:
            dialogs.error(self, str(err))
            return
        self.new_line()
        self._changed(self.tr("Kegiatan anggaran dihapus"))
