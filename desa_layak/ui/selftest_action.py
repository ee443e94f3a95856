"""Bantuan > Uji mandiri…: run ``desa-layak selftest`` and show its lines as they come.

The self-test runs as a separate process (the frozen executable, or ``python -m desa_layak``),
offscreen, so its own window step never touches the running app and a crash in it cannot take
the app down. The process is watched from a worker thread through ``ui/tasks.py:run_task``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from desa_layak.ui.tasks import run_task

TIMEOUT_S = 300


def _t(text: str) -> str:
    return QCoreApplication.translate("selftest", text)


def selftest_command() -> list[str]:
    """How to start the self-test of this very installation."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "selftest"]
    return [sys.executable, "-m", "desa_layak", "selftest"]


def step_count() -> int:
    from desa_layak.selftest import STEPS

    return len(STEPS)


def run_selftest_process(report, command: list[str] | None = None,  # noqa: ANN001
                         on_start=None) -> tuple[int, list[str]]:  # noqa: ANN001
    """Run the self-test process; ``report(done, total, line)`` gets every output line (False
    stops the run). ``on_start(process)`` lets the caller kill it. Returns the exit code (-1
    when stopped) and all lines."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    env.pop("DESA_LAYAK_EXIT_ON_PAINT", None)
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) if os.name == "nt" else 0
    total = step_count()
    lines: list[str] = []
    done = 0
    proc = subprocess.Popen(command or selftest_command(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                            text=True, encoding="utf-8", errors="replace", creationflags=flags)
    if on_start:
        on_start(proc)
    try:
        assert proc.stdout is not None
        for raw in proc.stdout:
            line = raw.rstrip("\n")
            lines.append(line)
            if line.startswith(("OK ", "GAGAL")):
                done += 1
            if not report(done, total, line):
                proc.kill()
                proc.wait()
                return -1, lines
        code = proc.wait(timeout=TIMEOUT_S)
        return (-1 if code and code < 0 else code), lines
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


class SelftestDialog(QDialog):
    """Shows the self-test lines live; closing the dialog stops a run that is still going."""

    def __init__(self, parent: QWidget | None = None, command: list[str] | None = None):
        super().__init__(parent)
        self.setWindowTitle(_t("Uji mandiri"))
        self.resize(760, 460)
        self.command = command
        self.exit_code: int | None = None
        self.lines: list[str] = []
        self._task: Any = None
        layout = QVBoxLayout(self)
        intro = QLabel(_t("Aplikasi menjalankan seluruh alur kerja di folder sementara: menyiapkan "
                          "desa, mencatat dokumen, bundel, kecamatan, laporan dan jendela. "
                          "Data Anda tidak disentuh."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, step_count())
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.output = QPlainTextEdit(self)
        self.output.setReadOnly(True)
        self.output.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.output.setAccessibleName(_t("Hasil uji mandiri"))
        layout.addWidget(self.output, 1)
        self.status = QLabel(_t("Sedang berjalan…"), self)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(self)
        self.copy_button = buttons.addButton(_t("Salin hasil"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setToolTip(_t("Salin semua baris untuk dikirim kepada pendamping"))
        self.copy_button.clicked.connect(self.copy_lines)
        self.close_button = buttons.addButton(_t("Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @property
    def running(self) -> bool:
        return self._task is not None

    def start(self) -> None:
        self._proc = None

        def started(proc) -> None:  # noqa: ANN001 - subprocess.Popen
            self._proc = proc

        self._task = run_task(
            lambda report: run_selftest_process(report, self.command, started),
            on_progress=self._on_line, on_done=self._on_done, on_error=self._on_error,
            parent=self)

    def _on_line(self, done: int, total: int, line: str) -> None:
        if line:
            self.lines.append(line)
            self.output.appendPlainText(line)
        self.progress.setValue(min(done, total))

    def copy_lines(self) -> None:
        QGuiApplication.clipboard().setText("\n".join([*self.lines, self.status.text()]))

    def _on_done(self, result: tuple[int, list[str]]) -> None:
        self._task = None
        code, _lines = result
        self.exit_code = code
        if code == 0:
            self.status.setStyleSheet("color: #1e7b3a; font-weight: 600;")
            self.status.setText(_t("Semua langkah lolos: instalasi ini bekerja dengan baik."))
        elif code == -1:
            self.status.setText(_t("Uji mandiri dihentikan."))
        else:
            self.status.setStyleSheet("color: #b3261e; font-weight: 600;")
            self.status.setText(_t("Ada langkah yang GAGAL. Salin hasilnya dan kirimkan kepada "
                                   "pendamping atau pengembang."))

    def _on_error(self, err: BaseException, _detail: str) -> None:
        self._task = None
        self.exit_code = -2
        self.status.setText(_t("Uji mandiri tidak dapat dijalankan: {error}").format(error=err))

    def reject(self) -> None:
        if self._task is not None:
            if self._proc is not None and self._proc.poll() is None:
                self._proc.kill()  # the worker then sees the end of the output and finishes
            self._task.wait(10_000)
        super().reject()


def install(window) -> None:  # noqa: ANN001 - MainWindow
    """Window extension: Bantuan > Uji mandiri…"""
    action = QAction(_t("Uji mandiri…"), window)
    action.setStatusTip(_t("Periksa apakah instalasi ini bekerja, tanpa menyentuh data Anda"))

    def open_dialog() -> None:
        dialog = SelftestDialog(window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.selftest_dialog = dialog
        dialog.show()
        dialog.start()

    action.triggered.connect(open_dialog)
    window.menu_help.addAction(action)
    window.action_selftest = action
