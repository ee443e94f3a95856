"""Start the GUI: application object, translation, the data folder, first-run set-up, window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from desa_layak import APP_NAME, __version__
from desa_layak.errors import DatabaseDamagedError, DesaLayakError
from desa_layak.resources import resources_dir

ORG_NAME = "DesaLayak"
SETTINGS_FILE = "ui-settings.ini"
SCREENSHOT_DELAY_MS = 300


def ui_settings(data_dir: Path) -> QSettings:
    """Window sizes and other UI choices, in an INI file inside the data folder (never the
    Windows registry), so each data folder and each test keeps its own."""
    return QSettings(str(Path(data_dir) / SETTINGS_FILE), QSettings.Format.IniFormat)


def app_icon() -> QIcon:
    """The window icon, from the 256 px PNG (made from the SVG by packaging/make_icons.py):
    the SVG would load Qt's SVG icon engine at start-up for an icon never shown larger."""
    icon = QIcon()
    png = resources_dir() / "icons" / "desa-layak-256.png"
    if png.is_file():
        icon.addFile(str(png))
    return icon


def ensure_app() -> QApplication:
    """The QApplication (created once, with names and translators)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    QCoreApplication.setApplicationName(ORG_NAME)
    QCoreApplication.setOrganizationName(ORG_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    QApplication.setApplicationDisplayName(APP_NAME)
    if not getattr(app, "_desa_layak_ready", False):
        from desa_layak.ui.i18n import install_translators

        app._desa_layak_translators = install_translators(app)  # keep references
        app.setWindowIcon(app_icon())
        app._desa_layak_ready = True
    return app


def screenshot_size() -> tuple[int, int]:
    """1280x800, or ``$DESA_LAYAK_SCREENSHOT_SIZE`` such as ``1024x700``."""
    raw = os.environ.get("DESA_LAYAK_SCREENSHOT_SIZE", "")
    try:
        w, h = (int(v) for v in raw.lower().split("x"))
        return w, h
    except ValueError:
        return 1280, 800


def grab_to(widget: QWidget, path: Path) -> bool:
    """Save a picture of ``widget`` as PNG (parent folders made)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return widget.grab().save(str(path), "PNG")


def _screenshot_and_quit(app: QApplication, widget: QWidget, path: Path) -> int:
    result = {"ok": False}

    def shoot() -> None:
        app.processEvents()
        result["ok"] = grab_to(widget, path)
        widget.close()
        app.quit()

    QTimer.singleShot(SCREENSHOT_DELAY_MS, shoot)
    app.exec()
    return 0 if result["ok"] else 1


# The data folder the window has open, for the error hook's wording (a damaged database).
_open_data_dir: Path | None = None


def install_error_hook() -> None:
    """An error the program did not expect is shown in a box (and printed), instead of
    passing silently while the person believes their work was saved. A damaged database, a
    full or read-only disk found on the way is said as such (with what to do)."""
    import traceback

    from desa_layak.storage.db import user_error
    from desa_layak.ui import dialogs

    def hook(exc_type, exc, tb) -> None:  # noqa: ANN001
        traceback.print_exception(exc_type, exc, tb)
        if isinstance(exc, KeyboardInterrupt):
            QApplication.quit()
            return
        known = user_error(exc, _open_data_dir)
        if known is not None:
            text = str(known)
        else:
            text = QCoreApplication.translate(
                "app", "Terjadi kesalahan program ({name}: {detail}). Data yang sudah "
                "tersimpan tetap aman; isian yang belum disimpan mungkin perlu diulang."
            ).format(name=exc_type.__name__, detail=exc)
        try:
            dialogs.error(QApplication.activeWindow(), text)
        except Exception:  # noqa: BLE001 - never fail inside the error handler
            pass

    sys.excepthook = hook


def _exit_now() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


class _QuitOnFirstPaint(QObject):
    """``DESA_LAYAK_EXIT_ON_PAINT=1``: end the process as soon as the window has been painted
    (start-up benchmarks measure exactly this, the same way as bench/bare_startup.py). The
    exit is the first thing queued after the paint, so no work deferred until after the
    first paint (lazy pages, menu extensions) is counted."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, _exit_now)
        return False


def run_gui(data_dir: Path, screenshot: Path | None = None) -> int:
    """Open the data folder and show the window (first-run set-up if needed). With
    ``screenshot`` the window is rendered offscreen, saved as PNG and the function returns 0."""
    if screenshot is not None and QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = ensure_app()
    from desa_layak.storage import lock

    data_dir = Path(data_dir)
    try:
        # One window (or writing command) per data folder, for as long as the window is open:
        # the window's worker threads share this process's lock (storage/lock.py).
        lock.acquire(data_dir)
    except DesaLayakError as err:
        return _cannot_open(err, screenshot)
    try:
        return _open_and_run(app, data_dir, screenshot)
    finally:
        lock.release(data_dir)


def _cannot_open(err: BaseException, screenshot: Path | None) -> int:
    """Say why the data folder cannot be opened (no window); the exit code is 1."""
    from desa_layak.errors import DataFolderBusyError, ReadOnlyFolderError
    from desa_layak.ui import dialogs

    if isinstance(err, ReadOnlyFolderError):  # nothing was being saved: say what it means here
        err = ReadOnlyFolderError(QCoreApplication.translate(
            "app", "Folder data {path} hanya-baca (misalnya flash disk yang dikunci), jadi "
            "jendela Desa Layak tidak dapat membukanya untuk diisi. Buka kunci tulis flash "
            "disk itu, atau salin folder data ke laptop lalu buka salinannya. Isinya tetap "
            "dapat dilihat, dicetak dan dicadangkan dengan perintah desa-layak status, "
            "report dan backup. Tidak ada data yang diubah.").format(path=err.data_dir))
    if screenshot is None:
        if isinstance(err, DataFolderBusyError):
            title = QCoreApplication.translate("app", "Desa Layak sedang dipakai")
        else:
            title = QCoreApplication.translate("app", "Data tidak dapat dibuka")
        dialogs.error(None, str(err), title)
    else:
        print(f"desa-layak: {err}", file=sys.stderr)
    return 1


def _open_and_run(app: QApplication, data_dir: Path, screenshot: Path | None) -> int:
    from desa_layak.core.setup import identity, open_store
    from desa_layak.storage.db import user_error

    try:
        store = open_store(data_dir)
        ident = identity(store)
    except Exception as err:
        known = user_error(err, data_dir)  # a damaged database, a read-only drive …
        if known is None:
            raise
        if isinstance(known, DatabaseDamagedError) and screenshot is None:
            from desa_layak.ui.damaged_restore import offer_restore

            # The message offers the newest automatic snapshot or a backup file; once one is
            # restored, the window opens on it.
            if offer_restore(data_dir):
                return _open_and_run(app, data_dir, screenshot)
            return 1
        return _cannot_open(known, screenshot)
    try:
        if ident is None:
            from desa_layak.ui.setup_wizard import SetupWizard

            wizard = SetupWizard(store)
            if screenshot is not None:
                wizard.resize(820, 640)
                wizard.show()
                return _screenshot_and_quit(app, wizard, screenshot)
            if not wizard.exec():
                return 0
            ident = identity(store)
            if ident is None:
                return 0
        from desa_layak.ui.context import AppContext
        from desa_layak.ui.main_window import MainWindow

        ctx = AppContext(store, ident)
        window = MainWindow(ctx, defer_extensions=screenshot is None)
        if screenshot is not None:
            window.remember_geometry = False
            window.setWindowState(Qt.WindowState.WindowNoState)
            window.resize(*screenshot_size())
            window.show()
            return _screenshot_and_quit(app, window, screenshot)
        global _open_data_dir
        _open_data_dir = data_dir
        install_error_hook()
        exit_on_paint = os.environ.get("DESA_LAYAK_EXIT_ON_PAINT") == "1"
        if exit_on_paint:
            window.remember_geometry = False
            probe = _QuitOnFirstPaint(window)
            window.installEventFilter(probe)
        window.show()
        code = app.exec()
        if exit_on_paint:
            # A start-up probe: end here, without the interpreter's slow teardown of every Qt
            # wrapper (start-up is what is being measured, not shutting down).
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        return code
    finally:
        store.close()
