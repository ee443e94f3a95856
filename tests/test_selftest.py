"""The self-test: the whole chain passes, one line per step, failures are never skipped."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desa_layak import cli, selftest


def test_selftest_passes_with_one_line_per_step(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    lines: list[str] = []
    results = selftest.run_selftest(tmp_path / "uji", emit=lines.append)
    failed = [r.line() for r in results if not r.ok]
    assert failed == []
    assert len(results) == len(selftest.STEPS) == len(lines)
    assert all(line.startswith("OK    ") for line in lines)
    names = [r.name for r in results]
    for needed in ("Menyiapkan desa", "Mencatat butir dengan lampiran", "Mengekspor bundel",
                   "Menyiapkan kecamatan", "Mengimpor bundel", "Laporan desa (PDF)",
                   "Bahan rakor kecamatan (PDF)", "Jendela utama desa"):
        assert needed in names
    assert (tmp_path / "uji" / "laporan" / "laporan-desa.pdf").read_bytes()[:5] == b"%PDF-"
    assert list((tmp_path / "uji" / "kirim").glob("*.dkla"))


def test_cli_selftest_exit_code_and_output(qtbot, capsys) -> None:  # noqa: ANN001
    assert cli.main(["selftest"]) == 0
    out = capsys.readouterr().out.splitlines()
    steps = [line for line in out if line.startswith(("OK ", "GAGAL"))]
    assert len(steps) == len(selftest.STEPS)
    assert out[-1].startswith("Uji mandiri berhasil")


def test_failed_step_fails_the_run_and_dependants(monkeypatch, tmp_path: Path,  # noqa: ANN001
                                                  capsys) -> None:  # noqa: ANN001
    def broken(run: selftest.Run) -> str:
        raise OSError("disk penuh")

    steps = [(name, broken if fn is selftest.step_setup_village else fn)
             for name, fn in selftest.STEPS if "Jendela" not in name]
    monkeypatch.setattr(selftest, "STEPS", steps)
    results = selftest.run_selftest(tmp_path / "uji")
    by_name = {r.name: r for r in results}
    assert not by_name["Menyiapkan desa"].ok
    assert "disk penuh" in by_name["Menyiapkan desa"].detail
    assert by_name["Berkas sumber daya"].ok and by_name["Menyiapkan kecamatan"].ok
    export = by_name["Mengekspor bundel"]
    assert not export.ok and "langkah menyiapkan desa gagal" in export.detail
    assert export.line().startswith("GAGAL ")
    assert selftest.summary(results).startswith("Uji mandiri GAGAL")


def test_missing_feature_is_a_failed_step_not_a_skip(monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    def needs_missing(run: selftest.Run) -> str:
        selftest.feature("desa_layak.reports.tidak_ada")
        return "tidak sampai sini"

    monkeypatch.setattr(selftest, "STEPS", [("Laporan khayalan", needs_missing)])
    (result,) = selftest.run_selftest(tmp_path / "uji")
    assert not result.ok
    assert "fitur belum ada" in result.detail and "reports.tidak_ada" in result.detail


def test_selftest_cleans_its_temporary_folder(monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    monkeypatch.setattr(selftest.tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(selftest, "STEPS", selftest.STEPS[:3])
    results = selftest.run_selftest()
    assert all(r.ok for r in results)
    assert list(tmp_path.iterdir()) == []


# -- Bantuan > Uji mandiri -------------------------------------------------------------------

@pytest.fixture
def window(qtbot, store):  # noqa: ANN001, ANN201
    from desa_layak.core.setup import require_identity
    from desa_layak.ui.context import AppContext
    from desa_layak.ui.main_window import MainWindow

    win = MainWindow(AppContext(store, require_identity(store)))
    win.remember_geometry = False
    qtbot.addWidget(win)
    return win


def test_help_menu_runs_the_selftest_process(qtbot, window) -> None:  # noqa: ANN001
    texts = [a.text() for a in window.menu_help.actions()]
    assert "Uji mandiri…" in texts
    window.action_selftest.trigger()
    dialog = window.selftest_dialog
    qtbot.waitUntil(lambda: dialog.exit_code is not None, timeout=120_000)
    assert dialog.exit_code == 0, "\n".join(dialog.lines)
    steps = [line for line in dialog.lines if line.startswith(("OK ", "GAGAL"))]
    assert len(steps) == len(selftest.STEPS)
    assert dialog.progress.value() == len(selftest.STEPS)
    assert "Semua langkah lolos" in dialog.status.text()
    dialog.copy_button.click()
    from PySide6.QtGui import QGuiApplication

    copied = QGuiApplication.clipboard().text().splitlines()
    assert copied[-1] == dialog.status.text() and copied[:-1] == dialog.lines
    dialog.close()


def test_closing_the_dialog_stops_a_running_selftest(qtbot, window) -> None:  # noqa: ANN001
    from desa_layak.ui.selftest_action import SelftestDialog

    slow = [sys.executable, "-c",
            "import time; print('OK    satu', flush=True); time.sleep(60)"]
    dialog = SelftestDialog(window, command=slow)
    dialog.show()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.lines == ["OK    satu"], timeout=20_000)
    assert dialog.running
    proc = dialog._proc
    dialog.reject()
    assert proc.poll() is not None  # killed, not left behind
