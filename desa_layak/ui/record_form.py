"""Building blocks shared by the record pages (budget lines, facilities, team activities):
the list of records, the "new / delete / save" row under a record's form, the photos box, the
side of a page that holds a record's form and photos, and the guard that asks before typed-in
input is dropped. Texts are translated by the calling page (its own context) and passed in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desa_layak.core import facilities
from desa_layak.errors import DesaLayakError
from desa_layak.ui import dialogs
from desa_layak.ui.attachments_widget import AttachmentsWidget
from desa_layak.ui.context import AppContext
from desa_layak.ui.views import scroll_pane


class PhotosWidget(AttachmentsWidget):
    """Attachments limited to photos (JPG/PNG): facilities and team activities."""

    def hint_text(self, empty: bool) -> str:
        if empty:
            return self.tr("Belum ada foto. Tambahkan foto JPG/PNG, atau seret berkasnya ke "
                           "sini.")
        return self.tr("Seret foto JPG/PNG ke sini untuk menambah.")

    def pick_texts(self) -> tuple[str, str, str]:
        return (self.tr("Pilih foto"),
                self.tr("Foto (*.jpg *.jpeg *.png);;Semua berkas (*)"),
                self.tr("Pilih foto JPG/PNG; berkas juga dapat diseret ke daftar ini."))

    def add_files(self, paths: list[Path]) -> int:
        photos: list[Path] = []
        refused: list[str] = []
        for path in paths:
            try:
                facilities.check_photo(path)
                photos.append(path)
            except DesaLayakError as err:
                refused.append(str(err))
        if refused:
            dialogs.error(self, "\n\n".join(refused), self.tr("Foto ditolak"))
        return super().add_files(photos) if photos else 0


def configure_record_view(view: QTableView) -> None:
    """A read-only list of records: whole rows, one at a time, columns sized to contents."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)


class UnsavedInput:
    """The unsaved-input guard of one form, as on the checklist page: before the form is
    loaded with something else (another row, a new record, another year, closing the
    window) ``maybe_leave()`` asks whether to save the typed input, drop it or stay
    (``dialogs.ask_unsaved``). The form counts as changed when what it shows (``state()``)
    differs from what it showed when it was last loaded or saved (``loaded()``).

    ``what()`` names the form's record in the question; ``save()`` saves it (False when it
    was refused: the input stays); ``discard()`` shows the stored record again."""

    def __init__(self, parent: QWidget, *, state: Callable[[], object],
                 what: Callable[[], str], save: Callable[[], bool],
                 discard: Callable[[], object]):
        self._parent = parent
        self._state = state
        self._what = what
        self._save = save
        self._discard = discard
        self._clean = state()  # the form as built: empty
        self._quiet = False
        self.view: QAbstractItemView | None = None

    def loaded(self) -> None:
        """The form now shows its record as stored (or a new, empty one)."""
        self._clean = self._state()

    def is_dirty(self) -> bool:
        return self._state() != self._clean

    def maybe_leave(self) -> bool:
        """True when the form may be loaded with something else now."""
        if not self.is_dirty():
            return True
        answer = dialogs.ask_unsaved(self._parent, self._what())
        if answer == "save":
            return bool(self._save())
        if answer == "discard":
            self._discard()
            self.loaded()
            return True
        return False

    def guard_list(self, view: QAbstractItemView, load: Callable[[int], object]) -> None:
        """The records of ``view`` (a RowsModel of objects with an ``id``): making a row
        current calls ``load(row)``, after ``maybe_leave()``; staying makes the row that was
        current before current again. The view's model must be set first."""
        self.view = view

        def changed(current: QModelIndex, previous: QModelIndex) -> None:
            if self._quiet or not current.isValid():
                return
            model = view.model()
            chosen = model.item_at(current.row())
            if not self.maybe_leave():
                before = getattr(model.item_at(previous.row()), "id", None)
                self.show_current(before)
                # A mouse press selects the row it pressed after this: select it again then.
                QTimer.singleShot(0, view, lambda: self.show_current(before))
                return
            # Saving may have re-read the list: find the chosen record again.
            row = self.row_of(getattr(chosen, "id", None))
            if row < 0:
                return
            if view.currentIndex().row() != row:
                self._set_current(row)
            load(row)

        view.selectionModel().currentRowChanged.connect(changed)

    def row_of(self, record_id: str | None) -> int:
        """The row of the guarded list that shows this record (-1 when none does)."""
        items = self.view.model().items if self.view is not None else []
        return next((i for i, item in enumerate(items)
                     if record_id is not None and item.id == record_id), -1)

    def show_current(self, record_id: str | None) -> None:
        """Make the record's row current in the list without loading it into the form (no
        row when it is not listed, as for a new record)."""
        self._set_current(self.row_of(record_id))

    def _set_current(self, row: int) -> None:
        view = self.view
        if view is None:
            return
        self._quiet = True
        try:
            selection = view.selectionModel()
            if row < 0:
                selection.clear()  # no current row: clicking any row loads it
            else:
                selection.setCurrentIndex(
                    view.model().index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._quiet = False


def on_current_row(view: QAbstractItemView, callback: Callable[[int], object]) -> None:
    """Call ``callback(row)`` whenever the view's current row changes (the view's model
    must be set first)."""
    view.selectionModel().currentRowChanged.connect(lambda cur, _prev: callback(cur.row()))


def record_buttons(parent: QWidget, new_text: str, delete_text: str, save_text: str, *,
                   save_before_delete: bool = False,
                   ) -> tuple[QHBoxLayout, QPushButton, QPushButton, QPushButton]:
    """The row under a record's form: "new" on the left, "delete" and "save" on the right.
    Returns ``(layout, new_button, delete_button, save_button)``. The buttons are created
    (so tabbed through) in the order new, delete, save, or new, save, delete when
    ``save_before_delete``."""
    new_button = QPushButton(new_text, parent)
    if save_before_delete:
        save_button = QPushButton(save_text, parent)
        delete_button = QPushButton(delete_text, parent)
    else:
        delete_button = QPushButton(delete_text, parent)
        save_button = QPushButton(save_text, parent)
    layout = QHBoxLayout()
    layout.addWidget(new_button)
    layout.addStretch(1)
    layout.addWidget(delete_button)
    layout.addWidget(save_button)
    return layout, new_button, delete_button, save_button


def photos_group(ctx: AppContext, title: str, owner_kind: str,
                 parent: QWidget) -> tuple[QGroupBox, PhotosWidget]:
    """A group box titled ``title`` holding the photos of one record of ``owner_kind``."""
    box = QGroupBox(title, parent)
    layout = QVBoxLayout(box)
    photos = PhotosWidget(ctx, owner_kind=owner_kind, parent=box)
    photos.add_button.setText(photos.tr("Tambah foto…"))
    photos.remove_button.setText(photos.tr("Hapus foto"))
    layout.addWidget(photos)
    return box, photos


def record_side(splitter: QSplitter, form_box: QGroupBox, photos_box: QGroupBox, *,
                min_width: int = 0) -> QScrollArea:
    """The side of a record page beside its list: the record's form above its photos. It
    scrolls up and down on a short window (views.scroll_pane) and is as wide as the form
    needs, at least ``min_width``, beside its scroll bar, so it never scrolls sideways."""
    scroll = scroll_pane(splitter)
    side = QWidget(scroll)
    layout = QVBoxLayout(side)
    layout.setContentsMargins(6, 0, 0, 0)
    layout.setSpacing(4)
    layout.addWidget(form_box)
    layout.addWidget(photos_box, 1)
    side.setMinimumWidth(min_width)
    scroll.setWidget(side)
    width = max(min_width, side.minimumSizeHint().width())
    scroll.setMinimumWidth(width + scroll.verticalScrollBar().sizeHint().width())
    splitter.addWidget(scroll)
    return scroll
