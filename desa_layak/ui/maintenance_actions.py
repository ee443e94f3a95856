"""Alat › Cadangkan…, Pulihkan…, Periksa data; plus the daily backup and quick check at start.

Installed as a window extension (``ui/pages.py:WINDOW_EXTENSIONS``). Every slow step (backup,
verifying and restoring a backup file, the checks) runs off the UI thread via ``run_task``; the
start-up check only warns in the status bar, it never blocks the window.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMainWindow

from desa_layak.errors import DesaLayakError
from desa_layak.ui import dialogs
from desa_layak.ui.tasks import run_task

log = logging.getLogger(__name__)
STARTUP_DELAY_MS = 400
FILE_FILTER = "Cadangan Desa Layak (*.dlbak)"
OPEN_FILTER = "Cadangan Desa Layak (*.dlbak *.sqlite3)"  # .sqlite3: automatic snapshots


def _t(text: str) -> str:
    return QCoreApplication.translate("maintenance", text)


def ask_save_path(window: QMainWindow, suggested: Path) -> Path | None:
    """Where to write a backup (tests replace this)."""
    name, _ = QFileDialog.getSaveFileName(window, _t("Simpan cadangan"), str(suggested),
                                          _t(FILE_FILTER))
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".dlbak" else path.with_name(path.name + ".dlbak")


def ask_open_path(window: QMainWindow | None, folder: Path | None = None) -> Path | None:
    """Which backup file (or automatic snapshot) to restore (tests replace this)."""
    name, _ = QFileDialog.getOpenFileName(window, _t("Pilih berkas cadangan"),
                                          str(folder or ""), _t(OPEN_FILTER))
    return Path(name) if name else None


def _message_of(err: BaseException) -> str:
    if isinstance(err, DesaLayakError):
        return str(err)
    return _t("Terjadi kesalahan yang tidak terduga: {err}. Data yang sudah tersimpan tetap "
              "aman.").format(err=err)


class Maintenance(QObject):
    """The actions and the start-up check of one main window."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.tasks: list = []
        self.last_report = None  # IntegrityReport of the last check (start-up or menu)
        self.startup_done = False
        self.warning = QLabel()
        self.warning.setObjectName("integrityWarning")
        self.warning.setStyleSheet("color: #b3261e; font-weight: bold; padding: 0 6px;")
        self.warning.hide()
        window.statusBar().addPermanentWidget(self.warning)

        self.action_backup = QAction(_t("Cadangkan…"), window)
        self.action_backup.setStatusTip(_t("Simpan salinan lengkap data dan lampiran ke berkas "
                                           "(mis. di flashdisk)"))
        self.action_backup.triggered.connect(self.backup)
        self.action_restore = QAction(_t("Pulihkan…"), window)
        self.action_restore.setStatusTip(_t("Kembalikan data dari berkas cadangan"))
        self.action_restore.triggered.connect(self.restore)
        self.action_check = QAction(_t("Periksa data"), window)
        self.action_check.setStatusTip(_t("Periksa keutuhan basis data dan berkas lampiran"))
        self.action_check.triggered.connect(self.check)
        menu = window.menu_tools
        if menu.actions():
            menu.addSeparator()
        for action in (self.action_backup, self.action_restore, self.action_check):
            menu.addAction(action)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.wait_for_tasks)

    # -- plumbing --------------------------------------------------------------------------
    def _busy(self, busy: bool) -> None:
        for action in (self.action_backup, self.action_restore, self.action_check):
            action.setEnabled(not busy)

    def _run(self, fn, on_done, *, busy: bool = True, on_error=None):  # noqa: ANN001, ANN202
        if busy:
            self._busy(True)

        holder: list = []

        def forget() -> None:
            # also here, not only on ``finished``: a quick task may finish before that signal
            # is connected below, and would then count as running forever
            for t in holder:
                if t in self.tasks:
                    self.tasks.remove(t)

        def done(result) -> None:  # noqa: ANN001
            forget()
            self._busy(False)
            on_done(result)

        def failed(err: BaseException, detail: str) -> None:
            forget()
            self._busy(False)
            log.warning("maintenance task failed: %s", detail)
            (on_error or (lambda e: dialogs.error(self.window, _message_of(e))))(err)

        def progress(done_n: int, total: int, text: str) -> None:
            if text:
                self.ctx.status_message.emit(text)

        task = run_task(fn, on_done=done, on_error=failed, on_progress=progress,
                        parent=self.window)
        self.tasks.append(task)
        holder.append(task)
        task.finished.connect(lambda t=task: self.tasks.remove(t) if t in self.tasks else None)
        return task

    def wait_for_tasks(self) -> None:
        for task in list(self.tasks):
            try:
                task.wait(30000)
            except RuntimeError:  # already deleted
                pass

    def busy(self) -> bool:
        return bool(self.tasks)

    # -- start-up: daily backup and quick check ------------------------------------------
    def start(self) -> None:
        store = self.ctx.store

        def work(report) -> tuple:  # noqa: ANN001
            from desa_layak.core import integrity
            from desa_layak.storage import backup

            problem = None
            try:
                backup.daily_backup_if_due(store)
            except DesaLayakError as err:
                problem = str(err)
            return integrity.check(store, quick=True), problem

        def done(result: tuple) -> None:
            report, backup_problem = result
            self.startup_done = True
            self._show_report_warning(report, backup_problem)

        def failed(err: BaseException) -> None:
            self.startup_done = True
            self._set_warning(_t("Pemeriksaan data saat membuka gagal: {err}").format(
                err=_message_of(err)))

        self._run(work, done, busy=False, on_error=failed)

    def _set_warning(self, text: str, tooltip: str = "") -> None:
        self.warning.setText("⚠ " + text)
        self.warning.setToolTip(tooltip or text)
        self.warning.show()

    def _show_report_warning(self, report, backup_problem: str | None = None) -> None:  # noqa: ANN001
        self.last_report = report
        if report.ok and not backup_problem:
            self.warning.hide()
            return
        parts = []
        if not report.ok:
            parts.append(_t("Pemeriksaan data menemukan {n} masalah; buka Alat › Periksa data.")
                         .format(n=len(report.problems)))
        if backup_problem:
            parts.append(_t("Cadangan harian gagal."))
        tooltip = "\n".join([*(p.message for p in report.problems),
                             *([backup_problem] if backup_problem else [])])
        self._set_warning(" ".join(parts), tooltip)

    # -- Cadangkan -------------------------------------------------------------------------
    def backup(self) -> None:
        from desa_layak.storage import backup

        store = self.ctx.store
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = Path(folder or Path.home()) / backup.default_backup_name(store)
        dest = ask_save_path(self.window, suggested)
        if dest is None:
            return
        self.ctx.status_message.emit(_t("Mencadangkan…"))

        def work(report):  # noqa: ANN001, ANN202
            return backup.create_backup(store, dest, progress=report)

        def done(info) -> None:  # noqa: ANN001
            self.ctx.status_message.emit(_t("Cadangan tersimpan."))
            dialogs.info(self.window, _t("Cadangan tersimpan di:\n{path}\n\n{lines}").format(
                path=dest, lines="\n".join(info.describe()[1:])), _t("Cadangkan"))

        self._run(work, done)

    # -- Pulihkan --------------------------------------------------------------------------
    def restore(self) -> None:
        from desa_layak.storage import backup

        if not self.window.pages_may_leave():
            return
        path = ask_open_path(self.window)
        if path is None:
            return
        store = self.ctx.store
        self.ctx.status_message.emit(_t("Memeriksa berkas cadangan…"))

        def verify(report):  # noqa: ANN001, ANN202
            return backup.read_backup(path)

        ident = self.ctx.identity

        def verified(info) -> None:  # noqa: ANN001
            lines = "\n".join(backup.restore_question(store, info))
            if info.other_area(ident):
                # Said before anything is replaced: this window cannot go on with the data of
                # another area (it is set up for this one), so the app closes afterwards.
                text = _t("Perhatian: cadangan ini milik wilayah lain, {other}, bukan {mine}."
                          "\n\nIsi berkas cadangan:\n\n{lines}\n\nSeluruh data di komputer "
                          "ini akan diganti dengan data wilayah itu, lalu aplikasi ditutup; "
                          "bukalah kembali untuk memakainya. Keadaan sekarang disimpan dulu "
                          "sebagai cadangan di folder data. Lanjutkan?").format(
                    other=info.area_name or info.area_code or "-", mine=ident.area_name,
                    lines=lines)
                yes = _t("Ganti dengan data wilayah lain")
            else:
                text = _t("Isi berkas cadangan:\n\n{lines}\n\nData di komputer ini akan "
                          "diganti dengan isi cadangan ini. Keadaan sekarang disimpan dulu "
                          "sebagai cadangan di folder data. Lanjutkan?").format(lines=lines)
                yes = _t("Pulihkan")
            if not dialogs.confirm(self.window, text, yes, _t("Pulihkan data")):
                self.ctx.status_message.emit(_t("Pemulihan dibatalkan."))
                return
            self._run(lambda report: backup.restore(store, path, progress=report), restored)

        def restored(result) -> None:  # noqa: ANN001
            info = result.info
            lines = [_t("Data dipulihkan dari {name}.").format(name=info.path.name)]
            if result.previous:
                lines.append(_t("Keadaan sebelumnya disimpan di:\n{path}").format(
                    path=result.previous))
            other = info.other_area(ident)
            if other:
                lines.append(_t("Data ini milik {name}. Aplikasi ditutup sekarang; bukalah "
                                "kembali untuk memakainya.").format(
                    name=info.area_name or info.area_code))
            else:
                self.ctx.data_changed.emit()
            self.ctx.status_message.emit(_t("Pemulihan selesai."))
            dialogs.info(self.window, "\n\n".join(lines), _t("Pulihkan"))
            if other:  # this window is set up for the old area
                QTimer.singleShot(0, self.window, self.window.close_discarding_input)
            else:
                self.check(quiet=True)

        self._run(verify, verified)

    # -- Periksa data ----------------------------------------------------------------------
    def check(self, quiet: bool = False) -> None:
        store = self.ctx.store
        self.ctx.status_message.emit(_t("Memeriksa data…"))

        def work(report):  # noqa: ANN001, ANN202
            from desa_layak.core import integrity

            return integrity.check(store, progress=report)

        def done(report) -> None:  # noqa: ANN001
            self._show_report_warning(report)
            if report.ok:
                self.ctx.status_message.emit(_t("Pemeriksaan selesai: tidak ada masalah."))
                if not quiet:
                    dialogs.info(self.window, _t(
                        "Basis data utuh dan {n} lampiran tercatat ada dan cocok dengan "
                        "sidiknya. Tidak ada masalah.").format(n=report.attachments_checked),
                        _t("Periksa data"))
                return
            problems = "\n".join(f"• {p.message}" for p in report.problems)
            dialogs.error(self.window, _t(
                "Pemeriksaan menemukan {n} masalah:\n\n{problems}\n\nBila ada berkas yang rusak "
                "atau hilang, pulihkan dari cadangan terakhir (Alat › Pulihkan…).").format(
                n=len(report.problems), problems=problems), _t("Periksa data"))

        self._run(work, done)


def install(window: QMainWindow) -> Maintenance:
    """Window extension: menu items and the non-blocking start-up check."""
    maintenance = Maintenance(window)
    window.maintenance = maintenance
    QTimer.singleShot(STARTUP_DELAY_MS, maintenance, maintenance.start)
    return maintenance
