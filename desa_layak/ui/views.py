"""Small helpers for Qt's item views."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QWidget


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
