"""ui/tasks.run_task: the job runs off the UI thread; its end is never handled inside a
progress update (a modal progress dialog's setValue runs the event loop)."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QCoreApplication

from desa_layak.ui.tasks import run_task


def test_the_end_waits_for_a_progress_update_that_runs_the_event_loop(qtbot) -> None:  # noqa: ANN001
    log: list[str] = []
    finished = threading.Event()
    ui_thread = threading.get_ident()

    def job(report):  # noqa: ANN001, ANN202 - runs in the worker thread
        assert threading.get_ident() != ui_thread
        report(1, 1, "satu")
        finished.set()
        return 42

    def on_progress(done: int, total: int, text: str) -> None:
        log.append("progress begins")
        assert finished.wait(5)  # the job has ended (or is about to)
        for _ in range(50):  # as QProgressDialog.setValue does when modal
            time.sleep(0.002)
            QCoreApplication.processEvents()
        log.append("progress ends")

    def on_done(result: int) -> None:
        assert threading.get_ident() == ui_thread
        log.append(f"done {result}")

    worker = run_task(job, on_done=on_done, on_progress=on_progress)
    qtbot.waitUntil(lambda: "done 42" in log, timeout=10_000)
    del worker  # kept until here: a running QThread must not be collected
    assert log == ["progress begins", "progress ends", "done 42"]


def test_an_error_is_reported_on_the_ui_thread(qtbot) -> None:  # noqa: ANN001
    errors: list[str] = []

    def job(report):  # noqa: ANN001, ANN202
        raise OSError(28, "No space left on device")

    worker = run_task(job, on_error=lambda err, _trace: errors.append(str(err)))
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    del worker  # kept until here: a running QThread must not be collected
    assert "No space left" in errors[0]


def test_nested_progress_updates_and_a_failing_one_still_end_the_job(qtbot) -> None:  # noqa: ANN001
    """Five quick reports: the first update's event loop delivers the others inside it; the
    end runs once the outermost update has returned. An update that raises does not lose it."""
    finished = threading.Event()
    active = [0]
    log: list[str] = []

    def job(report):  # noqa: ANN001, ANN202
        for n in range(5):
            report(n, 5, f"berkas {n}")
        finished.set()
        return "selesai"

    def on_progress(done: int, total: int, text: str) -> None:
        active[0] += 1
        try:
            if done == 0:
                assert finished.wait(5)
                for _ in range(50):
                    time.sleep(0.002)
                    QCoreApplication.processEvents()
            if done == 4:
                raise RuntimeError("gagal menggambar kemajuan")
        finally:
            active[0] -= 1

    def on_done(result: str) -> None:
        log.append(f"{result} at depth {active[0]}")

    with qtbot.capture_exceptions() as raised:
        worker = run_task(job, on_done=on_done, on_progress=on_progress)
        qtbot.waitUntil(lambda: bool(log), timeout=10_000)
        qtbot.wait(50)
    del worker  # kept until here: a running QThread must not be collected
    assert log == ["selesai at depth 0"]
    assert [str(e[1]) for e in raised] == ["gagal menggambar kemajuan"]
