"""Colours and fonts set through palettes and fonts, not style sheets: a style sheet on a window
makes Qt style every widget inside it the slow way (measured: about 15 ms more to build the
main window). Colours match the printed reports."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

MUTED = "#55615b"
DARK_GREEN = "#1f3b2d"
HEADER_BG = "#f4f7f5"
HEADER_LINE = "#d5ddd8"


def set_colour(widget: QWidget, colour: str) -> None:
    """Text colour of a label (or any widget's foreground)."""
    pal = widget.palette()
    pal.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    pal.setColor(QPalette.ColorRole.Text, QColor(colour))
    widget.setPalette(pal)


def set_background(widget: QWidget, colour: str) -> None:
    pal = widget.palette()
    pal.setColor(QPalette.ColorRole.Window, QColor(colour))
    widget.setPalette(pal)
    widget.setAutoFillBackground(True)


def set_font(widget: QWidget, *, scale: float | None = None, bold: bool | None = None) -> None:
    """Bigger (``scale`` times the default size) and/or bold text."""
    font = widget.font()
    if scale is not None:
        font.setPointSizeF(font.pointSizeF() * scale)
    if bold is not None:
        font.setBold(bold)
    widget.setFont(font)


def muted(widget: QWidget) -> QWidget:
    set_colour(widget, MUTED)
    return widget


def app_cache(name: str) -> dict:
    """A cache that lives exactly as long as the QApplication (icons and pixmaps must not
    outlive it: freeing them after the application is gone can crash at exit)."""
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    caches = getattr(app, "_desa_layak_caches", None)
    if caches is None:
        caches = {}
        app._desa_layak_caches = caches
    return caches.setdefault(name, {})
