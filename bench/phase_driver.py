"""Run by bench/startup_phases.py under callgrind: one start-up with marks between its phases.

    python bench/phase_driver.py LIBRARY bare|table|app [DATA_DIR]

LIBRARY is the small C helper startup_phases.py builds: ``mark(name)`` makes callgrind write
the instructions executed since the previous mark, under that name. The three start-ups are
those of bench_package.py (the bare window, the table window, the app on DATA_DIR), run from
source; each phase is forced at the same point in all three, so their counts line up:

  interpreter      Python itself, up to this script's first line
  PySide6          importing QtCore, QtGui and QtWidgets
  Qt enums         the ``Qt`` namespace, whose 93 enums PySide makes with Python's ``enum``
                   on first touch (the bare window never touches it)
  QApplication     the application object (the app: with its translators and icon)
  fonts            Qt's font database (fontconfig), made for the first text measured or drawn
                   (the bare window draws no text)
  ...              the app's own phases: its modules, its data folder, its window
  window           building the window (the app: MainWindow with its first page)
  show, paint      showing it, and everything up to the end of its first paint
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

_LIB = ctypes.CDLL(sys.argv[1])
mark = _LIB.mark
mark.argtypes = [ctypes.c_char_p]
mark(b"interpreter")

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent)]
os.environ["DESA_LAYAK_EXIT_ON_PAINT"] = "1"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
KIND = sys.argv[2]

if KIND == "app":  # the app imports its Qt-free core before Qt (cli._launch_gui)
    from desa_layak import cli
    from desa_layak.core import checklist, setup  # noqa: F401

    mark(b"app: Qt-free core")

import PySide6.QtCore  # noqa: E402
import PySide6.QtGui  # noqa: E402, F401
import PySide6.QtWidgets  # noqa: E402

mark(b"PySide6")
if KIND != "bare":
    PySide6.QtCore.Qt  # noqa: B018 - touched on purpose: made here, counted here
    mark(b"Qt enums")

QApplication = PySide6.QtWidgets.QApplication
app = QApplication(sys.argv[:1])
mark(b"QApplication")
if KIND != "bare":
    PySide6.QtGui.QFontMetrics(app.font()).height()
    mark(b"fonts")

_real_show = PySide6.QtWidgets.QMainWindow.show


def _show(window: PySide6.QtWidgets.QMainWindow) -> None:
    mark(b"window")
    _real_show(window)
    mark(b"show")


PySide6.QtWidgets.QMainWindow.show = _show
_real_exit = os._exit


def _exit(code: int) -> None:
    mark(b"paint")
    _real_exit(code)


os._exit = _exit

if KIND == "app":
    from desa_layak.ui import app as ui_app
    from desa_layak.ui import checklist_page, main_window  # noqa: F401 - counted here

    mark(b"app: UI modules")
    _real_ensure = ui_app.ensure_app

    def _ensure_app() -> PySide6.QtWidgets.QApplication:
        the_app = _real_ensure()  # translators and icon on the QApplication made above
        mark(b"QApplication")
        return the_app

    ui_app.ensure_app = _ensure_app
    _real_init = main_window.MainWindow.__init__

    def _init(self: main_window.MainWindow, *args: object, **kwargs: object) -> None:
        mark(b"app: data folder")
        _real_init(self, *args, **kwargs)

    main_window.MainWindow.__init__ = _init
    sys.exit(cli.main(["--data-dir", sys.argv[3]]))


def _the_app(_argv: list[str]) -> PySide6.QtWidgets.QApplication:
    """The scripts make their QApplication: they get the one made above. (Not a class with
    ``staticmethod(QApplication.instance)``: making that class reads the method's annotations,
    and PySide then builds every signature's enums, 210 M instructions.)"""
    return app


_the_app.instance = QApplication.instance
script = __import__("bare_window" if KIND == "bare" else "table_window")
script.QApplication = _the_app
sys.exit(script.main())
