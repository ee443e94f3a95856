"""Berkas › Impor bundel… / Terima kunci baru… (kecamatan) and Berkas › Ekspor bundel… (desa).

Installed as a window extension (``ui/pages.py:WINDOW_EXTENSIONS``). In kecamatan mode the
window also takes files dropped on it (``.dkla``, or a bundle renamed to ``.zip``). Imports run
off the UI thread (``run_task``) with a progress dialog; Cancel stops before the next file (a
file is never half imported).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QStandardPaths, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QProgressDialog,
)

from desa_layak.bundles.format import EXTENSION
from desa_layak.errors import DesaLayakError
from desa_layak.ui import dialogs
from desa_layak.ui.tasks import run_task

# Opening: a bundle is known by its content, not its name (chat apps rename it to .zip), so
# every file can be chosen, as on the command line. Saving: always .dkla.
FILE_FILTER = "Bundel Desa Layak (*.dkla *.zip);;Semua berkas (*)"
SAVE_FILTER = "Bundel Desa Layak (*.dkla)"


def _t(text: str) -> str:
    return QCoreApplication.translate("bundles", text)


# -- questions to the person (tests replace these) -------------------------------------------

def ask_open_paths(window: QMainWindow) -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(window, _t("Pilih bundel dari desa"), "",
                                            _t(FILE_FILTER))
    return [Path(n) for n in names]


def ask_save_path(window: QMainWindow, suggested: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(window, _t("Simpan bundel untuk kecamatan"),
                                          str(suggested), _t(SAVE_FILTER))
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == EXTENSION else path.with_name(path.name + EXTENSION)


def ask_key_acceptance(window: QMainWindow,
                       villages: list[tuple[str, str]]) -> tuple[str, str] | None:
    labels = [f"{name} ({code})" for code, name in villages]
    choice = dialogs.ask_item(window, _t("Terima kunci baru"), _t(
        "Desa yang bundelnya ditolak karena kunci berbeda:"), labels)
    if choice is None:
        return None
    code = villages[labels.index(choice)][0]
    reason = dialogs.ask_text(window, _t("Terima kunci baru"), _t(
        "Alasan (misalnya: aplikasi desa dipasang ulang, sudah dikonfirmasi lewat telepon):"))
    return None if reason is None else (code, reason)


def _message_of(err: BaseException) -> str:
    if isinstance(err, DesaLayakError):
        return str(err)
    return _t("Terjadi kesalahan yang tidak terduga: {err}. Data yang sudah tersimpan tetap "
              "aman.").format(err=err)


def bundle_paths(urls) -> list[Path]:  # noqa: ANN001 - list[QUrl]
    """Every dropped local file, whatever its name (``desa-layak import`` takes them all too):
    the importer reads the content, and a file that is no bundle is refused with the reason."""
    return [Path(u.toLocalFile()) for u in urls if u.isLocalFile() and u.toLocalFile()]


class BundleActions(QObject):
    """The bundle actions of one main window."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.progress: QProgressDialog | None = None
        self.progress_seen: list[tuple[int, int, str]] = []
        self.worker = None
        self.last_results: list = []

    # -- kecamatan: import -------------------------------------------------------------------
    def install_kecamatan(self) -> None:
        menu = self.window.menu_file
        first = menu.actions()[0] if menu.actions() else None
        self.action_import = QAction(_t("&Impor bundel…"), self.window)
        self.action_import.setShortcut("Ctrl+I")
        self.action_import.triggered.connect(self.choose_and_import)
        self.action_accept = QAction(_t("Terima &kunci baru desa…"), self.window)
        self.action_accept.triggered.connect(self.accept_key)
        menu.insertAction(first, self.action_import)
        menu.insertAction(first, self.action_accept)
        if first is not None:
            menu.insertSeparator(first)
        self.window.setAcceptDrops(True)
        self.window.installEventFilter(self)
        page = self.window.page("RecapPage") if hasattr(self.window, "page") else None
        if page is not None and hasattr(page, "import_button"):
            page.import_button.setVisible(True)
            page.import_button.clicked.connect(self.choose_and_import)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if obj is self.window and event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if event.mimeData().hasUrls() and bundle_paths(event.mimeData().urls()):
                event.acceptProposedAction()
                return True
        elif obj is self.window and event.type() == QEvent.Type.Drop:
            paths = bundle_paths(event.mimeData().urls()) if event.mimeData().hasUrls() else []
            if paths:
                event.acceptProposedAction()
                self.import_files(paths)
                return True
        return super().eventFilter(obj, event)

    def choose_and_import(self) -> None:
        paths = ask_open_paths(self.window)
        if paths:
            self.import_files(paths)

    def import_files(self, paths: list[Path]):  # noqa: ANN201 - the worker (tests wait on it)
        from desa_layak.bundles import importer

        if self.worker is not None:
            dialogs.info(self.window, _t("Impor sebelumnya masih berjalan; tunggu sampai "
                                         "selesai."))
            return None
        store = self.ctx.store
        self.progress_seen = []
        progress = QProgressDialog(_t("Menyiapkan impor…"), _t("Batal"), 0, len(paths),
                                   self.window)
        progress.setWindowTitle(_t("Impor bundel"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setValue(0)
        progress.show()
        self.progress = progress

        def on_progress(done: int, total: int, text: str) -> None:
            self.progress_seen.append((done, total, text))
            progress.setMaximum(total)
            progress.setValue(done)
            if text:
                progress.setLabelText(_t("Mengimpor {name} ({n} dari {total})…").format(
                    name=text, n=done + 1, total=total))

        def finish() -> None:
            self.worker = None
            progress.close()
            progress.deleteLater()
            self.progress = None
            self.ctx.data_changed.emit()

        def on_done(results: list) -> None:
            finish()
            self.last_results = results
            self._report(results, len(paths))

        def on_error(err: BaseException, _trace: str) -> None:
            finish()
            dialogs.error(self.window, _message_of(err))

        def job(report):  # noqa: ANN001, ANN202 - runs in the worker thread
            return importer.import_many(store, paths, report)

        self.worker = run_task(job, on_done=on_done, on_error=on_error,
                               on_progress=on_progress, parent=self.window)
        progress.canceled.connect(self.worker.cancel)
        return self.worker

    def _report(self, results: list, asked: int) -> None:
        from desa_layak.bundles import importer

        imported = sum(1 for r in results if r.status == importer.IMPORTED)
        already = sum(1 for r in results if r.status == importer.ALREADY)
        refused = [r for r in results if r.status == importer.REFUSED]
        lines = [_t("{imported} diimpor, {already} sudah pernah diimpor, {refused} ditolak.")
                 .format(imported=imported, already=already, refused=len(refused))]
        if len(results) < asked:
            lines.append(_t("Dibatalkan: {n} berkas tidak diproses.").format(
                n=asked - len(results)))
        lines += [r.message for r in refused]
        text = "\n\n".join(lines)
        self.ctx.status_message.emit(lines[0])
        if refused:
            dialogs.error(self.window, text)
        else:
            dialogs.info(self.window, text)

    def accept_key(self) -> None:
        from desa_layak.bundles import importer

        villages = importer.villages_with_pending_key(self.ctx.store)
        if not villages:
            dialogs.info(self.window, _t("Tidak ada desa yang bundelnya ditolak karena kunci "
                                         "berbeda."))
            return
        answer = ask_key_acceptance(self.window, villages)
        if answer is None:
            return
        try:
            importer.accept_key(self.ctx.store, answer[0], answer[1])
        except DesaLayakError as err:
            dialogs.error(self.window, str(err))
            return
        self.ctx.data_changed.emit()  # the history page lists the accepted key
        dialogs.info(self.window, _t("Kunci baru diterima dan dicatat. Impor lagi bundel "
                                     "desa tersebut."))

    # -- desa: export ------------------------------------------------------------------------
    def install_village(self) -> None:
        menu = self.window.menu_file
        first = menu.actions()[0] if menu.actions() else None
        self.action_export = QAction(_t("&Ekspor bundel untuk kecamatan…"), self.window)
        self.action_export.setShortcut("Ctrl+E")
        self.action_export.triggered.connect(self.choose_and_export)
        menu.insertAction(first, self.action_export)
        if first is not None:
            menu.insertSeparator(first)

    def choose_and_export(self):  # noqa: ANN201 - the worker (tests wait on it)
        from desa_layak.bundles import export

        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        dest = ask_save_path(self.window, Path(folder) / export.suggested_file_name(
            self.ctx.store))
        if dest is None:
            return None
        store = self.ctx.store
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

        def done(result) -> None:  # noqa: ANN001
            from desa_layak.core.formatting import format_size

            QApplication.restoreOverrideCursor()
            self.worker = None
            self.last_results = [result]
            text = _t("Bundel tersimpan:\n{path}\n\nUkuran {size}, nomor urut {seq}, "
                      "{files} lampiran. Kirim berkas ini ke kecamatan (flashdisk atau "
                      "aplikasi pesan).").format(path=result.path, size=format_size(result.size),
                                                 seq=result.seq, files=result.attachments)
            self.ctx.status_message.emit(_t("Bundel diekspor ({size}).").format(
                size=format_size(result.size)))
            dialogs.info(self.window, text)

        def failed(err: BaseException, _trace: str) -> None:
            QApplication.restoreOverrideCursor()
            self.worker = None
            dialogs.error(self.window, _message_of(err))

        self.worker = run_task(lambda _report: export.export_bundle(store, dest), on_done=done,
                               on_error=failed, parent=self.window)
        return self.worker


def install(window: QMainWindow) -> BundleActions:
    actions = BundleActions(window)
    if window.ctx.identity.is_village:
        actions.install_village()
    else:
        actions.install_kecamatan()
    window.bundle_actions = actions
    return actions
