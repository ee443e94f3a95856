"""The form of one document (SK, Perdes, ...): explicit save with Ctrl+S and a visible state."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desa_layak.core import checklist
from desa_layak.core.checklist import Document
from desa_layak.core.formatting import parse_date
from desa_layak.errors import DesaLayakError
from desa_layak.ui import dialogs, style

_EMPTY = QDate(1900, 1, 1)
DATE_FORMAT = "d MMMM yyyy"  # the app's date format in date fields (27 Maret 2024)


class OptionalDateEdit(QWidget):
    """A date that may be left empty: a QDateEdit showing "kosong" at its minimum, and a small
    button to empty it. Typing or clicking into an empty field starts from a sensible date."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = _DateEdit(self)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("×")
        self.clear_button.setToolTip(self.tr("Kosongkan tanggal"))
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(self.clear)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.clear_button)
        self.setFocusProxy(self.edit)
        self.default_date = dt.date.today
        self.edit.dateChanged.connect(self._on_changed)
        self._on_changed()

    def _on_changed(self, *_args) -> None:  # noqa: ANN002
        self.clear_button.setEnabled(not self.is_empty())
        self.changed.emit()

    def is_empty(self) -> bool:
        return self.edit.date() == _EMPTY

    def clear(self) -> None:
        self.edit.setDate(_EMPTY)

    def set_value(self, value: str | dt.date | None) -> None:
        d = parse_date(value)
        self.edit.setDate(_EMPTY if d is None else QDate(d.year, d.month, d.day))

    def value(self) -> str | None:
        """ISO date (``2024-03-27``) or None when empty."""
        if self.is_empty():
            return None
        q = self.edit.date()
        return dt.date(q.year(), q.month(), q.day()).isoformat()

    def set_empty_text(self, text: str) -> None:
        self.edit.setSpecialValueText(text)

    def start_if_empty(self) -> None:
        if self.is_empty():
            d = self.default_date()
            self.edit.setDate(QDate(d.year, d.month, d.day))


class _DateEdit(QDateEdit):
    def __init__(self, owner: OptionalDateEdit):
        super().__init__(owner)
        self._owner = owner
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_FORMAT)
        self.setMinimumDate(_EMPTY)
        self.setMaximumDate(QDate(2100, 12, 31))
        self.setSpecialValueText(self.tr("(kosong)"))
        self.setDate(_EMPTY)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002, N802 - Qt API
        # Tab leaves the field (day, month and year are reached with the arrow keys or by
        # typing), instead of QDateEdit's default of tabbing through its three sections.
        return QWidget.focusNextPrevChild(self, next)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        self._owner.start_if_empty()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self._owner.is_empty():
            return
        if event.text().isdigit() or event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down,
                                                      Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self._owner.start_if_empty()
        super().keyPressEvent(event)


class DocumentEditor(QWidget):
    """Edit one document. ``saved`` carries the stored Document after a successful save."""

    saved = Signal(object)
    dirty_changed = Signal(bool)

    def __init__(self, ctx, parent: QWidget | None = None, *,  # noqa: ANN001 - AppContext
                 shortcut: bool = True):
        """``shortcut``: install Ctrl+S on the form itself (a page may install its own,
        page-wide one instead: two Ctrl+S in one window cancel each other out)."""
        super().__init__(parent)
        self.ctx = ctx
        self._doc: Document | None = None
        self._dirty = False
        self._loading = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.origin_label = QLabel(self)
        self.origin_label.setWordWrap(True)
        style.set_colour(self.origin_label, "#1565c0")
        self.origin_label.hide()
        layout.addWidget(self.origin_label)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(3)  # eight rows: compact enough for a 700 px high screen
        self.status_combo = QComboBox(self)
        self.status_combo.addItem(self.tr("Sudah ditetapkan"), "ditetapkan")
        self.status_combo.addItem(self.tr("Masih draf"), "draf")
        self.number_edit = QLineEdit(self)
        self.number_edit.setPlaceholderText(self.tr("mis. 141/05/SK/2024"))
        self.title_edit = QLineEdit(self)
        self.date_set_edit = OptionalDateEdit(self)
        self.valid_from_edit = OptionalDateEdit(self)
        self.valid_until_edit = OptionalDateEdit(self)
        self.issuer_edit = QLineEdit(self)
        self.issuer_edit.setPlaceholderText(self.tr("mis. Kepala Desa"))
        self.notes_edit = QLineEdit(self)
        form.addRow(self.tr("&Status:"), self.status_combo)
        form.addRow(self.tr("&Nomor:"), self.number_edit)
        form.addRow(self.tr("&Judul/perihal:"), self.title_edit)
        form.addRow(self.tr("&Tanggal ditetapkan:"), self.date_set_edit)
        form.addRow(self.tr("Berlaku &mulai:"), self.valid_from_edit)
        form.addRow(self.tr("Berlaku s&ampai:"), self.valid_until_edit)
        form.addRow(self.tr("&Dikeluarkan oleh:"), self.issuer_edit)
        form.addRow(self.tr("Cata&tan:"), self.notes_edit)
        layout.addLayout(form)
        self.validity_hint = ""

        row = QHBoxLayout()
        self.state_label = QLabel(self)
        style.set_font(self.state_label, bold=True)
        # Created in Tab order (Qt's focus chain follows creation): Urungkan, then Simpan.
        self.revert_button = QPushButton(self.tr("Urungkan"), self)
        self.revert_button.setToolTip(self.tr("Kembalikan isian ke yang terakhir disimpan"))
        self.save_button = QPushButton(self.tr("Simpan"), self)
        self.save_button.setToolTip(self.tr("Simpan dokumen (Ctrl+S)"))
        self.save_button.setDefault(True)
        row.addWidget(self.state_label, 1)
        row.addWidget(self.revert_button)
        row.addWidget(self.save_button)
        layout.addLayout(row)

        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        if shortcut:
            save_key = QShortcut(QKeySequence.StandardKey.Save, self)
            save_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            save_key.activated.connect(self.save)
        for edit in (self.number_edit, self.title_edit, self.issuer_edit, self.notes_edit):
            edit.textEdited.connect(self._mark_dirty)
        self.status_combo.currentIndexChanged.connect(self._mark_dirty)
        for date_edit in (self.date_set_edit, self.valid_from_edit, self.valid_until_edit):
            date_edit.changed.connect(self._mark_dirty)
        self.set_document(None)

    # -- state ---------------------------------------------------------------------------
    @property
    def document(self) -> Document | None:
        return self._doc

    def is_dirty(self) -> bool:
        return self._dirty

    def _set_dirty(self, dirty: bool) -> None:
        changed = dirty != self._dirty
        self._dirty = dirty
        self.save_button.setEnabled(self._doc is not None and (dirty or self._doc.id is None))
        self.revert_button.setEnabled(dirty and self._doc is not None)
        if self._doc is None:
            self.state_label.setText("")
        elif dirty or self._doc.id is None:
            self.state_label.setText(self.tr("● Belum disimpan"))
            style.set_colour(self.state_label, "#ef6c00")
        else:
            self.state_label.setText(self.tr("✓ Tersimpan"))
            style.set_colour(self.state_label, "#2e7d32")
        if changed:
            self.dirty_changed.emit(dirty)

    def _mark_dirty(self, *_args) -> None:  # noqa: ANN002
        if not self._loading and self._doc is not None:
            self._set_dirty(True)

    # -- load ----------------------------------------------------------------------------
    def set_document(self, doc: Document | None, *, new: bool = False,
                     lapsed: bool = False) -> None:
        """Show a document (a copy is edited). ``new``: a fresh, unsaved document;
        ``lapsed``: the item's last document, no longer valid this year."""
        self._doc = dataclasses.replace(doc) if doc is not None else None
        self._loading = True
        try:
            enabled = doc is not None
            for w in (self.status_combo, self.number_edit, self.title_edit, self.date_set_edit,
                      self.valid_from_edit, self.valid_until_edit, self.issuer_edit,
                      self.notes_edit):
                w.setEnabled(enabled)
            d = doc or Document(None, "", "A", self.ctx.year)
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(d.status)))
            self.number_edit.setText(d.doc_number or "")
            self.title_edit.setText(d.title or "")
            self.date_set_edit.set_value(d.date_set)
            self.valid_from_edit.set_value(d.valid_from)
            self.valid_until_edit.set_value(d.valid_until)
            self.issuer_edit.setText(d.issuer or "")
            self.notes_edit.setText(d.notes or "")
            if doc is not None and lapsed:
                self.origin_label.setText(self.tr(
                    "Dokumen terakhir ini (tahun {year}) sudah tidak berlaku untuk {now}. "
                    "Catat dokumen baru dengan \"Baru\".").format(year=doc.year,
                                                                   now=self.ctx.year))
                style.set_colour(self.origin_label, "#c62828")
                self.origin_label.show()
            elif doc is not None and doc.year != self.ctx.year:
                style.set_colour(self.origin_label, "#1565c0")
                self.origin_label.setText(self.tr(
                    "Dokumen ini dicatat pada tahun {year} dan masih berlaku untuk {now}; "
                    "perubahan berlaku untuk catatan aslinya.").format(year=doc.year,
                                                                      now=self.ctx.year))
                self.origin_label.show()
            else:
                self.origin_label.hide()
            self._update_hint()
        finally:
            self._loading = False
        self._set_dirty(new)

    def _update_hint(self) -> None:
        """What an empty 'berlaku sampai' means for this item's validity rule."""
        from desa_layak.core import catalogue

        kind, years = "standing", 1
        if self._doc is not None:
            try:
                validity = catalogue.load().item(self._doc.item_code).validity
                kind, years = validity.kind, validity.years
            except KeyError:
                pass
        if kind == "yearly":
            empty = self.tr("(kosong: s.d. 31 Desember)")
            hint = self.tr("Berlaku satu tahun: bila kosong, dianggap sampai 31 Desember "
                           "tahun mulai berlaku.")
        elif kind == "period":
            empty = self.tr("(kosong: periode {n} tahun)").format(n=years)
            hint = self.tr("Berlaku satu periode ({n} tahun): bila kosong, dihitung dari tahun "
                           "mulai berlaku.").format(n=years)
        else:
            empty = self.tr("(kosong: sampai diganti)")
            hint = self.tr("Berlaku sampai diganti dengan yang baru.")
        self.validity_hint = hint
        self.valid_until_edit.set_empty_text(empty)
        self.valid_until_edit.setToolTip(hint)

    def revert(self) -> None:
        if self._doc is None:
            return
        if self._doc.id:
            self.set_document(checklist.get_document(self.ctx.store, self._doc.id))
        else:
            self.set_document(self._doc, new=True)

    # -- save ----------------------------------------------------------------------------
    def form_document(self) -> Document | None:
        """The document as the form currently shows it (not saved)."""
        if self._doc is None:
            return None
        return dataclasses.replace(
            self._doc,
            status=self.status_combo.currentData(),
            doc_number=self.number_edit.text().strip(),
            title=self.title_edit.text().strip(),
            date_set=self.date_set_edit.value(),
            valid_from=self.valid_from_edit.value(),
            valid_until=self.valid_until_edit.value(),
            issuer=self.issuer_edit.text().strip(),
            notes=self.notes_edit.text().strip(),
        )

    def save(self) -> bool:
        """Save through the core; on refusal the typed input stays in the form."""
        doc = self.form_document()
        if doc is None:
            return False
        if not self._dirty and doc.id is not None:
            return True
        try:
            stored = checklist.save_document(self.ctx.store, doc)
        except DesaLayakError as err:
            dialogs.error(self, str(err), self.tr("Dokumen belum tersimpan"))
            return False
        self._doc = stored
        self._set_dirty(False)
        self.ctx.status_message.emit(self.tr("Tersimpan: {number}").format(
            number=stored.doc_number or stored.title or stored.item_code))
        self.saved.emit(stored)
        return True
