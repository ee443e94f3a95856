"""Berkas › Simpan laporan PDF…, Cetak laporan…, Ekspor Excel… (a window extension).

Desa mode: the village report and the village's data. Kecamatan mode: the rakor handout (after
the meeting dialog), the recap spreadsheet, and a report for any one village. Reports are built
by the Qt-free core (``desa_layak.reports``) in a worker thread with a progress dialog; files are
written to a temporary name and renamed. Printing builds the PDF in a worker, then renders its
pages (pypdfium2) onto the printer chosen in the system print dialog one page at a time on the UI
thread, handling events between pages (QPainter stays in the printer's thread).
"""

from __future__ import annotations

import contextlib
import logging
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QStandardPaths, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QProgressDialog,
)

from desa_layak.errors import DesaLayakError
from desa_layak.ui import dialogs
from desa_layak.ui.tasks import run_task

log = logging.getLogger(__name__)
translate = QCoreApplication.translate  # the name lupdate looks for: translate("ctx", "text")
# The file filters, translated where they are used: translate("reports", PDF_FILTER).
PDF_FILTER = QT_TRANSLATE_NOOP("reports", "Dokumen PDF (*.pdf)")
XLSX_FILTER = QT_TRANSLATE_NOOP("reports", "Buku kerja Excel (*.xlsx)")


# -- questions to the person (tests replace these) ----------------------------------------------

def ask_save_path(window: QMainWindow, title: str, suggested: str, file_filter: str,
                  suffix: str) -> Path | None:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name, _ = QFileDialog.getSaveFileName(window, title, str(Path(folder) / suggested),
                                          file_filter)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def ask_meeting(window: QMainWindow):  # noqa: ANN201 - (Meeting, area or None) | None
    """The meeting's details and, for a kabupaten, the kecamatan chosen (None: all of it);
    None when the person cancelled (tests replace this)."""
    from desa_layak.ui.rakor_dialog import RakorDialog

    dialog = RakorDialog(window.ctx, window)
    return (dialog.meeting(), dialog.area()) if dialog.exec() else None


def ask_village(window: QMainWindow, choices: list[tuple[str, str]]) -> str | None:
    labels = [label for _, label in choices]
    label = dialogs.ask_item(window, translate("reports", "Laporan desa"),
                             translate("reports", "Desa/kelurahan yang dilaporkan:"), labels)
    if label is None:
        return None
    return next((code for code, text in choices if text == label), None)


def ask_printer(window: QMainWindow, pages: int):  # noqa: ANN201 - QPrinter | None
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(translate("reports", "Laporan Desa Layak"))
    printer.setFromTo(1, pages)
    dialog = QPrintDialog(printer, window)
    dialog.setMinMax(1, pages)
    return printer if dialog.exec() else None


# -- printing -----------------------------------------------------------------------------------

def print_pdf(pdf_path: Path, printer,  # noqa: ANN001 - QPrinter
              report: Callable[[int, int, str], bool]) -> int:
    """Paint the PDF's pages onto ``printer`` in the calling thread; ``report`` is called before
    each page (False: cancel). Returns the number of pages sent."""
    try:
        import pypdfium2 as pdfium
    except ImportError as err:
        raise DesaLayakError(
            "Komponen pencetak PDF tidak terpasang. Simpan laporan sebagai PDF lalu cetak dari "
            "penampil PDF.") from err
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter, QTransform

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        count = len(pdf)
        first, last = printer.fromPage(), printer.toPage()
        pages = range(max(first, 1) - 1, min(last, count)) if first else range(count)
        painter = QPainter()
        if not painter.begin(printer):
            raise DesaLayakError("Printer tidak dapat dibuka. Periksa sambungan printer, lalu "
                                 "coba lagi.")
        try:
            dpi = max(100, min(printer.resolution(), 300))
            for k, index in enumerate(pages):
                text = translate("reports", "Mencetak halaman {n}").format(n=index + 1)
                if not report(k, len(pages), text):
                    raise DesaLayakError("Pencetakan dibatalkan.")
                if k:
                    printer.newPage()
                page = pdf[index]
                pil = page.render(scale=dpi / 72).to_pil().convert("RGB")
                data = pil.tobytes()
                # copy(): the image owns its pixels, nothing points into the Python buffer
                image = QImage(data, pil.width, pil.height, 3 * pil.width,
                               QImage.Format.Format_RGB888).copy()
                del data
                area = painter.viewport()
                if (image.width() > image.height()) != (area.width() > area.height()):
                    image = image.transformed(QTransform().rotate(90))
                scale = min(area.width() / image.width(), area.height() / image.height())
                w, h = image.width() * scale, image.height() * scale
                painter.drawImage(QRectF((area.width() - w) / 2, (area.height() - h) / 2, w, h),
                                  image)
                page.close()
        finally:
            painter.end()
        return len(pages)
    finally:
        pdf.close()


# -- the actions --------------------------------------------------------------------------------

def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


class ReportActions(QObject):
    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.tasks: list = []
        self._started: list = []
        self._running = 0
        self.progress: QProgressDialog | None = None
        self.last_output: Path | None = None
        village = self.ctx.identity.is_village
        self.action_pdf = QAction(translate("reports", "Simpan laporan PDF…") if village
                                  else translate("reports", "Simpan bahan rakor PDF…"), window)
        self.action_pdf.setStatusTip(
            translate("reports", "Buat laporan kelengkapan desa sebagai berkas PDF") if village
            else translate("reports", "Buat bahan rapat koordinasi untuk semua desa"))
        self.action_pdf.triggered.connect(self.save_pdf)
        self.action_print = QAction(translate("reports", "Cetak laporan…"), window)
        self.action_print.setStatusTip(translate("reports", "Cetak laporan ke printer"))
        self.action_print.triggered.connect(self.print_report)
        self.action_xlsx = QAction(translate("reports", "Ekspor Excel…"), window)
        self.action_xlsx.setStatusTip(
            translate("reports", "Simpan data sebagai buku kerja Excel (.xlsx)"))
        self.action_xlsx.triggered.connect(self.export_xlsx)
        actions = [self.action_pdf, self.action_print, self.action_xlsx]
        self.action_village_pdf = None
        if not village:
            self.action_village_pdf = QAction(
                translate("reports", "Simpan laporan satu desa PDF…"), window)
            self.action_village_pdf.triggered.connect(self.save_village_pdf)
            actions.insert(1, self.action_village_pdf)
        menu = window.menu_file
        before = getattr(window, "action_quit", None)
        for action in actions:
            if before is not None:
                menu.insertAction(before, action)
            else:
                menu.addAction(action)
        if before is not None:
            menu.insertSeparator(before)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.wait_for_tasks)

    @property
    def actions(self) -> list[QAction]:
        return [a for a in (self.action_pdf, self.action_village_pdf, self.action_print,
                            self.action_xlsx) if a is not None]

    # -- running a job -----------------------------------------------------------------------
    def _busy(self, busy: bool) -> None:
        for action in self.actions:
            action.setEnabled(not busy)

    def busy(self) -> bool:
        """A report is being built or printed (its result not yet handled)."""
        return self._running > 0

    def _start(self, label: str, title: str, min_duration: int) -> QProgressDialog:
        """Count a job as running (the actions wait meanwhile) and give its progress dialog;
        ``_end`` undoes both."""
        self._running += 1
        self._busy(True)
        progress = QProgressDialog(label, translate("reports", "Batal"), 0, 0, self.window)
        progress.setWindowTitle(title)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(min_duration)
        return progress

    def _end(self, progress: QProgressDialog) -> None:
        self._running -= 1
        self._busy(self._running > 0)
        progress.reset()
        progress.deleteLater()
        if self.progress is progress:
            self.progress = None

    def _run(self, title: str, fn: Callable, on_done: Callable) -> None:
        progress = self._start(title, translate("reports", "Laporan"), min_duration=300)
        self.progress = progress

        def done(result) -> None:  # noqa: ANN001
            self._end(progress)
            on_done(result)

        def failed(err: BaseException, detail: str) -> None:
            self._end(progress)
            if task.cancelled:
                self.ctx.status_message.emit(translate("reports", "Dibatalkan."))
                return
            log.warning("report failed: %s", detail)
            if isinstance(err, OSError):  # where it was to be saved: full, gone, read-only
                from desa_layak.errors import describe_os_error

                err = describe_os_error(err, translate("reports", "laporan"))
            text = str(err) if isinstance(err, DesaLayakError) else translate("reports",
                "Laporan tidak dapat dibuat: {err}").format(err=err)
            dialogs.error(self.window, text)

        def step(n: int, total: int, text: str) -> None:
            if total and progress.maximum() != total:
                progress.setMaximum(total)
            progress.setValue(min(n, total) if total else 0)
            if text:
                progress.setLabelText(f"{title}\n{text}")

        task = run_task(fn, on_done=done, on_error=failed, on_progress=step, parent=self.window)
        progress.canceled.connect(task.cancel)
        self.tasks.append(task)
        self._started.append(task)
        task.finished.connect(lambda t=task: self.tasks.remove(t) if t in self.tasks else None)

    def wait_for_tasks(self, ms: int = 60000) -> None:
        """Wait for every worker started here (closing the window while one runs would end
        the process); workers already deleted are skipped."""
        for task in self._started:
            with contextlib.suppress(RuntimeError):
                task.wait(ms)
        self._started.clear()

    # -- building ----------------------------------------------------------------------------
    def _builder(self, village_code: str | None = None, meeting=None,  # noqa: ANN001, ANN202
                 area: str | None = None):
        """A function(dest, report) -> pages that writes the report for the current mode
        (``area``: one kecamatan of a kabupaten's handout)."""
        store, year = self.ctx.store, self.ctx.year
        if village_code is not None:
            from desa_layak.reports.village_report import write_village_report

            return lambda dest, report: write_village_report(store, village_code, year, dest,
                                                             progress=report)
        from desa_layak.reports.rakor import write_rakor

        return lambda dest, report: write_rakor(store, year, dest, meeting, progress=report,
                                                area_code=area)

    def _what(self) -> tuple[str | None, object, str | None] | None:
        """(village code or None, meeting or None, kecamatan of a kabupaten or None); None
        when the person cancelled."""
        if self.ctx.identity.is_village:
            return self.ctx.identity.area_code, None, None
        asked = ask_meeting(self.window)
        if asked is None:
            return None
        meeting, area = asked
        return None, meeting, area

    def _suggested(self, village_code: str | None, suffix: str,
                   area: str | None = None) -> str:
        year = self.ctx.year
        if village_code:
            from desa_layak.core.setup import village_profile

            name = village_profile(self.ctx.store, village_code).full_name
            return f"Laporan-DLA-{_slug(name)}-{year}{suffix}"
        name = self.ctx.identity.area_name
        if area:
            from desa_layak.core.setup import districts

            name = "Kecamatan " + dict(districts(self.ctx.store, area)).get(area, area)
        area_slug = _slug(name)
        return (f"Bahan-Rakor-{area_slug}-{year}{suffix}" if suffix == ".pdf"
                else f"Rekap-DLA-{area_slug}-{year}{suffix}")

    def save_pdf(self, village_code: str | None = None) -> None:
        what = (village_code, None, None) if village_code else self._what()
        if what is None:
            return
        code, meeting, area = what
        dest = ask_save_path(self.window, translate("reports", "Simpan laporan PDF"),
                             self._suggested(code, ".pdf", area),
                             translate("reports", PDF_FILTER), ".pdf")
        if dest is None:
            return
        build = self._builder(code, meeting, area)

        def done(pages: int) -> None:
            self.last_output = dest
            self.ctx.status_message.emit(
                translate("reports", "Laporan tersimpan: {path} ({n} halaman)").format(
                    path=dest, n=pages))

        self._run(translate("reports", "Menyusun laporan…"),
                  lambda report: build(dest, report), done)

    def save_village_pdf(self) -> None:
        from desa_layak.reports.data import village_choices

        code = ask_village(self.window, village_choices(self.ctx.store))
        if code:
            self.save_pdf(code)

    def print_report(self) -> None:
        what = self._what()
        if what is None:
            return
        code, meeting, area = what
        build = self._builder(code, meeting, area)
        fd, name = tempfile.mkstemp(prefix="desa-layak-cetak-", suffix=".pdf")
        import os

        os.close(fd)
        tmp = Path(name)

        def cleanup() -> None:
            with contextlib.suppress(OSError):
                tmp.unlink()

        def built(pages: int) -> None:
            printer = ask_printer(self.window, pages)
            if printer is None:
                cleanup()
                return

            try:
                self._print_here(tmp, printer)
            finally:
                cleanup()

        def work_build(report):  # noqa: ANN001, ANN202
            try:
                return build(tmp, report)
            except BaseException:
                cleanup()
                raise

        self._run(translate("reports", "Menyusun laporan untuk dicetak…"), work_build, built)

    def _print_here(self, pdf: Path, printer) -> None:  # noqa: ANN001
        """Paint the pages on the UI thread, page by page, keeping the window alive between
        pages (QPainter on a printer stays in the thread that owns the printer; the slow part,
        building the PDF, already ran in a worker)."""
        progress = self._start(translate("reports", "Mencetak…"),
                               translate("reports", "Cetak"), min_duration=0)
        app = QApplication.instance()

        def report(done: int, total: int, text: str) -> bool:
            progress.setMaximum(total)
            progress.setValue(done)
            progress.setLabelText(text)
            if app is not None:
                app.processEvents()
            return not progress.wasCanceled()

        try:
            sent = print_pdf(pdf, printer, report)
        except DesaLayakError as err:
            if progress.wasCanceled():
                printer.abort()
                self.ctx.status_message.emit(translate("reports", "Pencetakan dibatalkan."))
            else:
                dialogs.error(self.window, str(err))
        except Exception as err:  # noqa: BLE001 - shown to the person, logged
            log.warning("printing failed", exc_info=True)
            dialogs.error(self.window, translate(
                "reports", "Laporan tidak dapat dicetak: {err}").format(err=err))
        else:
            self.ctx.status_message.emit(
                translate("reports", "{n} halaman dikirim ke printer.").format(n=sent))
        finally:
            self._end(progress)

    def export_xlsx(self) -> None:
        store, year = self.ctx.store, self.ctx.year
        village = self.ctx.identity.area_code if self.ctx.identity.is_village else None
        dest = ask_save_path(self.window, translate("reports", "Ekspor Excel"),
                             self._suggested(village, ".xlsx"),
                             translate("reports", XLSX_FILTER), ".xlsx")
        if dest is None:
            return

        def work(report):  # noqa: ANN001, ANN202
            from desa_layak.reports.xlsx_export import write_recap_xlsx, write_village_xlsx

            if village:
                report(0, 1, "")
                write_village_xlsx(store, village, year, dest)
            else:
                write_recap_xlsx(store, year, dest, progress=report)
            return dest

        def done(path: Path) -> None:
            self.last_output = path
            self.ctx.status_message.emit(
                translate("reports", "Tersimpan: {path}").format(path=path))

        self._run(translate("reports", "Menyiapkan buku kerja Excel…"), work, done)


def install(window: QMainWindow) -> ReportActions:
    actions = ReportActions(window)
    window.report_actions = actions
    return actions
