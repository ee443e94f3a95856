"""Small helpers for Qt's item views."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QScrollArea, QTableView, QWidget

MEASURED_TEXTS = 12  # per column, the longest texts measured for its width


def own_viewport(view: QAbstractScrollArea) -> QWidget:
    """Give ``view`` a viewport made here, in Python, set up as Qt sets up its own (same name,
    base-colour background, filled), and return it.

    Why: the viewport Qt makes itself has no Python wrapper yet, and the first time any such
    plain QWidget crosses into Python (``view.viewport()``, or as the ``watched`` object of an
    event filter) PySide resolves every QWidget subclass it knows to find its type, about
    12 ms once per process. Views whose viewport the start-up path touches call this in their
    constructor, before anything else, so the first window paints without that detour."""
    viewport = QWidget(view)
    viewport.setObjectName("qt_scrollarea_viewport")
    viewport.setBackgroundRole(QPalette.ColorRole.Base)
    viewport.setAutoFillBackground(True)
    view.setViewport(viewport)
    return viewport


class MinimumHeightHint:
    """Mix in before a Qt widget class: the widget grows with the room it is given but asks
    only for its minimum height, so on a short window it gives up height before the widgets
    around it are squeezed (a list above a form)."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(super().sizeHint().width(), self.minimumHeight())  # type: ignore[misc]


def scroll_pane(parent: QWidget) -> QScrollArea:
    """A frameless scroll area for a side of a page: the page's content scrolls on a short or
    narrow window (a 1024x600 netbook, the window at its smallest) instead of being squeezed
    over itself. Give it its content with ``setWidget``."""
    scroll = QScrollArea(parent)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    return scroll


def content_width(view: QTableView, column: int, limit: int | None = None, *,
                  padding: int = 16, extra: int = 0) -> int:
    """The width a column's texts and title need, from font metrics: one call per text, where
    Qt's ResizeToContents asks the model for every cell on every layout (for a kabupaten,
    90,000 calls before the first paint). The model gives ``column_texts(column)``; a text
    takes ``padding`` more (and a cell ``extra`` more, say for an icon), at most ``limit``
    without its title."""
    model = view.model()
    fm = view.fontMetrics()
    # The widest text is among the longest ones: measure only those (a kabupaten has 148).
    longest = sorted(set(model.column_texts(column)), key=len, reverse=True)[:MEASURED_TEXTS]
    width = max((fm.horizontalAdvance(t) + padding + extra for t in longest), default=0)
    if limit is not None:
        width = min(width, limit)
    title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
    return max(width, view.horizontalHeader().fontMetrics().horizontalAdvance(title) + padding)
