"""The common shape of the app's flat table models: one object per row in ``items``, a fixed
set of columns named by ``headers()``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """A read-only list of objects shown one per row.

    Subclasses give ``headers()`` (the column titles, translated in the subclass's own
    context; read once, when the model is built) and ``display(item, column)`` (the text of a
    cell); a model with more roles overrides ``data`` and falls back on this one."""

    def __init__(self, parent=None):  # noqa: ANN001
        super().__init__(parent)
        self.items: list[Any] = []
        self._headers = list(self.headers())

    def headers(self) -> Sequence[str]:
        raise NotImplementedError

    def display(self, item: Any, column: int) -> Any:  # noqa: ANN401
        raise NotImplementedError

    def set_items(self, items: Iterable[Any]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def column_texts(self, column: int) -> list[str]:
        """The display texts of one column, for sizing it from font metrics (Qt's
        ResizeToContents asks every cell for its size hint on every layout)."""
        return [str(self.data(self.index(row, column)) or "") for row in range(len(self.items))]

    def item_at(self, row: int) -> Any:  # noqa: ANN401
        """The object of a row, or None outside the table."""
        return self.items[row] if 0 <= row < len(self.items) else None

    # -- Qt API --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.display(self.items[index.row()], index.column())
