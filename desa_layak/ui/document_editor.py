"""The form of one document (SK, Perdes, ...): explicit save with Ctrl+S and a visible state."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QMouseEvent, QShortcut, QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
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
from desa_layak.core.formatting import MONTHS, format_date, parse_date
from desa_layak.errors import DesaLayakError
from desa_layak.ui import dialogs, style

_EMPTY = QDate(1900, 1, 1)
DATE_FORMAT = "d MMMM yyyy"  # the app's date format in date fields (27 Maret 2024)
_PROBLEM_STYLE = "color: #c62828;"
_EXTRA_MONTHS = {"ags": 8, "agt": 8, "nop": 11, "pebruari": 2, "peb": 2}  # usual Indonesian


def _month_names(locale: QLocale) -> dict[str, int]:
    """Month names a person may type, lower case: Indonesian ones and the field's own
    locale's, long and short, and the usual Indonesian abbreviations."""
    names: dict[str, int] = dict(_EXTRA_MONTHS)
    english = QLocale(QLocale.Language.English)
    for month in range(1, 13):
        names[MONTHS[month - 1].lower()] = month
        for loc in (locale, english):
            for fmt in (QLocale.FormatType.LongFormat, QLocale.FormatType.ShortFormat):
                names[loc.monthName(month, fmt).lower().rstrip(".")] = month
                names[loc.standaloneMonthName(month, fmt).lower().rstrip(".")] = month
    return names


def _find_month(word: str, names: dict[str, int]) -> int | None:
    """A month by its name or by the start of one name (at least three letters)."""
    word = word.lower()
    if word in names:
        return names[word]
    found = {m for name, m in names.items() if len(word) >= 3 and name.startswith(word)}
    return found.pop() if len(found) == 1 else None


def _year(token: str) -> int | None:
    if len(token) == 4:
        return int(token)
    if len(token) == 2:
        return 2000 + int(token)
    return None


def parse_typed_date(text: str, base: dt.date, locale: QLocale | None = None) -> dt.date | None:
    """A date as a person types it, day first: ``27 Maret 2024``, ``27 mar 2024``,
    ``27/03/2024``, ``27-3-24``, ``27.03.2024``, ``27032024``, or ``2024-03-27``. A part left
    out (``27 Maret``, ``27``) is taken from ``base``. None when it is not a date."""
    tokens = re.findall(r"\d+|[^\W\d_]+", text)
    if not tokens:
        return None
    words = [t for t in tokens if not t.isdigit()]
    if len(words) > 1:
        return None
    day = month = year = None
    if words:  # 27 Maret 2024, 27 Maret
        month = _find_month(words[0], _month_names(locale or QLocale()))
        index = tokens.index(words[0])
        numbers = tokens[:index] + tokens[index + 1:]
        if month is None or index != 1 or len(numbers) not in (1, 2):
            return None
        day = int(numbers[0])
        if len(numbers) == 2:
            year = _year(numbers[1])
            if year is None:
                return None
    elif len(tokens) == 1 and len(tokens[0]) == 8:  # 27032024
        t = tokens[0]
        day, month, year = int(t[:2]), int(t[2:4]), int(t[4:])
    elif len(tokens) == 3 and len(tokens[0]) == 4:  # 2024-03-27
        year, month, day = (int(t) for t in tokens)
    elif 1 <= len(tokens) <= 3 and all(len(t) <= 2 for t in tokens[:2]):
        day = int(tokens[0])
        month = int(tokens[1]) if len(tokens) > 1 else None
        if len(tokens) == 3:
            year = _year(tokens[2])
            if year is None:
                return None
    else:
        return None
    try:
        return dt.date(year or base.year, month or base.month, day)
    except ValueError:
        return None


class DateEdit(QDateEdit):
    """A date field in the app's format (27 Maret 2024). Besides Qt's editing part by part
    (arrow keys; typing into the day, month or year where the cursor is), a whole date can
    be typed from the start of the field: ``27 Maret 2024``, ``27/03/2024``, ``2024-03-27``
    (see ``parse_typed_date``). It shows as typed until the field is left or Enter is
    pressed, then becomes that date. A date that cannot be understood is never replaced:
    it stays as typed, in red, and ``problem()`` says why (a form refuses to save it)."""

    typed = Signal()  # the typed text changed (the date itself changes only when it is read)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._typing = False
        self._problem = ""
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_FORMAT)
        self.lineEdit().textEdited.connect(self._on_text_edited)
        self.dateChanged.connect(self._on_date_changed)

    # -- typing a whole date -------------------------------------------------------------
    def is_typing(self) -> bool:
        return self._typing

    def problem(self) -> str:
        """Why the typed text is not a date of this field ('' when there is none)."""
        if self._typing:
            self.finish_typing()
        return self._problem

    def base_date(self) -> dt.date:
        """Where a date typed without its month or year takes them from."""
        q = self.date()
        return dt.date(q.year(), q.month(), q.day())

    def _empty_value(self) -> bool:
        return bool(self.specialValueText()) and self.date() == self.minimumDate()

    def _starts_typing(self, event: QKeyEvent) -> bool:
        """A letter or digit, or a pasted date."""
        if event.matches(QKeySequence.StandardKey.Paste):
            return True
        text = event.text()
        return bool(text) and text[0].isalnum() and not event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)

    def _start_typing(self) -> None:
        """From an empty field, or from its start (Tab selects the day), the typing
        replaces the whole text; elsewhere it edits the text where the cursor is (a
        selected year "2024" typed over with "2025")."""
        edit = self.lineEdit()
        fresh = (self._empty_value() or edit.selectionStart() == 0
                 or (not edit.hasSelectedText() and edit.cursorPosition() == 0))
        self._typing = True
        self._set_problem("")
        if fresh:
            edit.clear()

    def _on_text_edited(self, _text: str) -> None:
        if self._typing:
            self._set_problem("")
            self.typed.emit()

    def _on_date_changed(self, _date: QDate) -> None:
        if self._typing:  # chosen another way meanwhile (the calendar): that date counts
            self.cancel_typing()

    def _set_problem(self, text: str) -> None:
        self._problem = text
        self.lineEdit().setStyleSheet(_PROBLEM_STYLE if text else "")
        self.setToolTip(text)

    def finish_typing(self) -> bool:
        """Turn the typed text into the date; False (and ``problem()``) when it is not one.
        Emptied text empties a field that may be empty, else shows its date again."""
        if not self._typing:
            return True
        text = self.lineEdit().text().strip()
        if not text:
            self._typing = False
            self._set_problem("")
            QDateEdit.setDate(self, self.minimumDate() if self.specialValueText()
                              else self.date())
            self.lineEdit().setText(self.textFromDateTime(self.dateTime()))
            return True
        d = parse_typed_date(text, self.base_date(), self.locale())
        low, high = self.minimumDate(), self.maximumDate()
        if self.specialValueText():  # the minimum stands for "empty"
            low = low.addDays(1)
        if d is None:
            self._set_problem(QCoreApplication.translate(
                "DateEdit", "\"{text}\" tidak dikenali sebagai tanggal. Tulis tanggal, bulan, "
                "tahun, mis. 27 Maret 2024 atau 27/03/2024.").format(text=text))
            return False
        q = QDate(d.year, d.month, d.day)
        if not low <= q <= high:
            self._set_problem(QCoreApplication.translate(
                "DateEdit", "Tanggal {date} di luar rentang yang boleh: {low} sampai {high}."
            ).format(
                date=format_date(d), low=format_date(low.toPython()),
                high=format_date(high.toPython())))
            return False
        self._typing = False
        self._set_problem("")
        QDateEdit.setDate(self, q)
        self.lineEdit().setText(self.textFromDateTime(self.dateTime()))
        return True

    def cancel_typing(self) -> None:
        """Drop the typed text and show the field's date again."""
        if self._typing:
            self._typing = False
            self._set_problem("")
            self.lineEdit().setText(self.textFromDateTime(self.dateTime()))

    # -- Qt ------------------------------------------------------------------------------
    def setDate(self, date: QDate) -> None:  # noqa: N802 - Qt API
        self.cancel_typing()
        super().setDate(date)

    def textFromDateTime(self, value: QDateTime) -> str:  # noqa: N802 - Qt API
        if self._typing:  # Qt puts its text back now and then (moving the cursor): keep ours
            return self.lineEdit().text()
        return super().textFromDateTime(value)

    def validate(self, text: str, pos: int) -> object:  # noqa: D102 - Qt API
        if self._typing:  # anything may be typed; it is read when the field is left
            return QValidator.State.Intermediate, text, pos
        return super().validate(text, pos)

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt API
        if self._typing and not self.finish_typing():
            return
        super().stepBy(steps)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if self._typing:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Up, Qt.Key.Key_Down,
                       Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                if self.finish_typing():
                    super().keyPressEvent(event)
                return
            if key == Qt.Key.Key_Escape:
                self.cancel_typing()
                return
            # Plain text editing (QDateEdit's own would keep to its day, month and year).
            QAbstractSpinBox.keyPressEvent(self, event)
            return
        if self._starts_typing(event):
            self._start_typing()
            QAbstractSpinBox.keyPressEvent(self, event)
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002, N802 - Qt API
        # Tab leaves the field (day, month and year are reached with the arrow keys or by
        # typing), instead of QDateEdit's default of tabbing through its three sections.
        return QWidget.focusNextPrevChild(self, next)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        if self._typing:  # back to text that was not understood: all of it, to retype
            QAbstractSpinBox.focusInEvent(self, event)
            self.lineEdit().selectAll()
            return
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        if self._typing and not self.finish_typing():
            # Keep what was typed, as typed (Qt would put the previous date back).
            self.lineEdit().event(event)
            QWidget.focusOutEvent(self, event)
            return
        super().focusOutEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if self._typing:
            self.finish_typing()
        super().mousePressEvent(event)


class OptionalDateEdit(QWidget):
    """A date that may be left empty: a date field showing "kosong" at its minimum, and a
    small button to empty it. Typing a date into an empty field gives that date (see
    ``DateEdit``); arrow keys or a click into it start from a sensible date."""

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
        self.edit.typed.connect(self._on_changed)
        self._on_changed()

    def _on_changed(self, *_args) -> None:  # noqa: ANN002
        self.clear_button.setEnabled(not self.is_empty())
        self.changed.emit()

    def is_empty(self) -> bool:
        return self.edit.date() == _EMPTY and not self.edit.is_typing()

    def clear(self) -> None:
        typing = self.edit.is_typing()
        self.edit.setDate(_EMPTY)
        if typing:  # the typed text is gone, the date may have been empty all along
            self._on_changed()

    def set_value(self, value: str | dt.date | None) -> None:
        d = parse_date(value)
        self.edit.setDate(_EMPTY if d is None else QDate(d.year, d.month, d.day))

    def problem(self) -> str:
        """Why the typed date cannot be used ('' when it can)."""
        return self.edit.problem()

    def value(self) -> str | None:
        """ISO date (``2024-03-27``) or None when empty. A typed date is read first; one
        that is not understood raises ValueError (check ``problem()`` before)."""
        if self.edit.problem():
            raise ValueError(self.edit.problem())
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


class _DateEdit(DateEdit):
    def __init__(self, owner: OptionalDateEdit):
        super().__init__(owner)
        self._owner = owner
        self.setMinimumDate(_EMPTY)
        self.setMaximumDate(QDate(2100, 12, 31))
        self.setSpecialValueText(self.tr("(kosong)"))
        self.setDate(_EMPTY)

    def base_date(self) -> dt.date:
        if self.date() == _EMPTY:  # "27 Maret" typed into an empty field: this year's
            return self._owner.default_date()
        return super().base_date()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if not self.is_typing():
            self._owner.start_if_empty()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if not self.is_typing() and self._owner.is_empty():
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                return
            if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp,
                               Qt.Key.Key_PageDown):
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

    def _date_problem(self) -> str:
        """Why a typed date cannot be saved ('' when all can); the field gets the focus."""
        for label, edit in ((self.tr("Tanggal ditetapkan"), self.date_set_edit),
                            (self.tr("Berlaku mulai"), self.valid_from_edit),
                            (self.tr("Berlaku sampai"), self.valid_until_edit)):
            problem = edit.problem()
            if problem:
                edit.setFocus()
                return self.tr("{field}: {problem}").format(field=label, problem=problem)
        return ""

    def save(self) -> bool:
        """Save through the core; on refusal the typed input stays in the form."""
        if self._doc is None:
            return False
        problem = self._date_problem()
        if problem:
            dialogs.error(self, problem, self.tr("Dokumen belum tersimpan"))
            return False
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
