"""Building blocks shared by the record pages (budget lines, facilities, team activities):
the list of records, the "new / delete / save" row under a record's form, the photos box, and
the side of a page that holds a record's form and photos. Texts are translated by the calling
page (its own context) and passed in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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
