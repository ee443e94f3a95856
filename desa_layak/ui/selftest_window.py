"""The self-test's steps that need Qt (printing and the real window), kept in ``ui/`` so that
``desa_layak/selftest.py`` stays Qt-free; it imports this module only for those steps."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QThread
from PySide6.QtWidgets import QApplication


def qt_app() -> QApplication:
    """The QApplication of the app (offscreen unless a platform was chosen)."""
    if "QT_QPA_PLATFORM" not in os.environ and QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from desa_layak.ui.app import ensure_app

    return ensure_app()


def print_pdf_to_file(pdf: Path, target: Path) -> int:
    """Print a PDF through the app's print path into a PDF file; returns pages sent."""
    app = qt_app()
    from PySide6.QtPrintSupport import QPrinter

    from desa_layak.ui.report_actions import print_pdf

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    sent = print_pdf(pdf, printer, lambda done, total, text: True)
    app.processEvents()
    return sent


@dataclass
class WindowSeen:
    painted: bool = False
    pages: int = 0
    tabs: int = 0
    grabbed: bool = False
    closed: bool = False
    errors: list[str] = field(default_factory=list)


class _PaintProbe(QObject):
    painted = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def show_every_page(store: Any) -> WindowSeen:
    """Open the main window on ``store``, wait for its first paint, show and paint every tab
    once, then close it and let its background jobs end."""
    app = qt_app()
    from desa_layak.core.setup import require_identity
    from desa_layak.ui.context import AppContext
    from desa_layak.ui.main_window import MainWindow

    ctx = AppContext(store, require_identity(store))
    window = MainWindow(ctx)
    window.remember_geometry = False
    probe = _PaintProbe()
    window.installEventFilter(probe)
    window.resize(1280, 800)
    window.show()
    deadline = time.monotonic() + 10
    while not probe.painted and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    window.build_all_pages()  # also the pages left for after the first paint
    grabbed = True
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        app.processEvents()
        grabbed = grabbed and not window.grab().isNull()
    seen = WindowSeen(painted=probe.painted, pages=len(window.pages),
                      tabs=window.tabs.count(), grabbed=grabbed,
                      errors=list(window.page_errors))
    seen.closed = window.close()
    app.processEvents()
    # Background jobs the window started (start-up backup and check, ...) end before it goes.
    for thread in window.findChildren(QThread):
        thread.wait(30_000)
    app.processEvents()
    window.deleteLater()
    ctx.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return seen
