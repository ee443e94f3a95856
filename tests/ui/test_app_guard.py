"""Opening the window on a data folder that is damaged, in use by another copy of the app, or
write-protected: a message in words and exit code 1, never a traceback, nothing written; and
the window holds the data folder for as long as it is open."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from desa_layak.core import setup
from desa_layak.storage import lock
from desa_layak.storage.db import Store
from desa_layak.ui import app as app_mod

PROBE = ("import sys\nfrom desa_layak.storage import lock\n"
         "try:\n    lock.acquire(sys.argv[1])\nexcept Exception as e:\n"
         "    print(type(e).__name__)\nelse:\n    print('ok')")
HOLDER = ("import sys\nfrom desa_layak.storage import lock\nlock.acquire(sys.argv[1])\n"
          "print('held', flush=True)\nsys.stdin.read()")


def _probe(data_dir: Path) -> str:
    """What another process gets when it tries to take the data folder's lock."""
    return subprocess.run([sys.executable, "-c", PROBE, str(data_dir)], capture_output=True,
                          text=True, timeout=60).stdout.strip()


def _files(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file() and p.name != lock.LOCK_FILE}


def test_a_damaged_database_is_said_and_no_window_opens(store: Store, dialog_log) -> None:  # noqa: ANN001
    """Closed without restoring: said in words, exit code 1, nothing written."""
    store.close()
    store.db_path.write_text("bukan basis data\n")
    before = _files(store.data_dir)
    assert app_mod.run_gui(store.data_dir) == 1
    ((text, options),) = dialog_log.choices
    assert "tidak dapat dibaca" in text and "Tidak ada yang diubah" in text
    assert str(store.data_dir / "backups") in text
    assert "Belum ada cadangan otomatis" in text
    assert options == ["Pilih berkas cadangan…", "Tutup"]
    assert not dialog_log.errors
    assert _files(store.data_dir) == before
    assert not lock.is_held(store.data_dir)


def _opens_without_showing(monkeypatch) -> list[str]:  # noqa: ANN001
    """run_gui builds the real window but neither shows it nor waits; returns the titles of
    the windows it built."""
    from PySide6.QtWidgets import QApplication

    from desa_layak.ui import main_window as mw_mod

    built: list[str] = []
    monkeypatch.setattr(mw_mod.MainWindow, "show",
                        lambda self: built.append(self.windowTitle()))
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    monkeypatch.setattr(app_mod, "install_error_hook", lambda: None)
    return built


def test_a_damaged_database_is_restored_from_the_newest_automatic_backup(
        demo_store, dialog_log, monkeypatch) -> None:  # noqa: ANN001
    """The secretary clicks the offered automatic backup: the damaged file is kept aside, the
    backup's data come back, and the window opens on them."""
    from desa_layak.core import checklist
    from desa_layak.storage import backup

    store = demo_store
    code = setup.identity(store).area_code
    docs_then = len(checklist.documents(store, code))
    snap = backup.auto_backup(store, "harian")
    doc = checklist.documents(store, code)[0]
    checklist.delete_document(store, doc.id)  # after the snapshot: lost with the damage
    store.close()
    damaged = b"SQLite format 3\x00" + b"\xff" * 4000
    store.db_path.write_bytes(damaged)
    built = _opens_without_showing(monkeypatch)
    dialog_log.choose_answers = [0]  # "Pulihkan cadangan otomatis ..."
    assert app_mod.run_gui(store.data_dir) == 0
    ((text, options),) = dialog_log.choices
    assert options[0].startswith("Pulihkan cadangan otomatis ") and options[-1] == "Tutup"
    assert "Cadangan otomatis terbaru di komputer ini" in text
    (question,) = dialog_log.confirms
    assert f"Cadangan otomatis: {snap.name}" in question and "Desa Gambah Luar" in question
    (said,) = dialog_log.infos
    assert f"Data dipulihkan dari {snap.name}." in said and "Alat › Periksa data" in said
    assert not dialog_log.errors
    assert len(built) == 1 and "Gambah Luar" in built[0]  # the window was built on the data
    again = setup.open_store(store.data_dir)
    try:
        assert len(checklist.documents(again, code)) == docs_then
    finally:
        again.close()
    kept = [p for p in (store.data_dir / "backups").rglob("desa-layak.sqlite3")]
    assert [p.read_bytes() for p in kept] == [damaged]  # the damaged file is kept aside
    assert not lock.is_held(store.data_dir)


def test_a_backup_that_cannot_be_used_is_said_and_the_choice_is_offered_again(
        store: Store, dialog_log, monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    """A chosen file that is no backup: said in words, nothing changed, the message comes back;
    closing it then leaves exit code 1."""
    from desa_layak.ui import maintenance_actions

    store.close()
    store.db_path.write_text("bukan basis data\n")
    before = _files(store.data_dir)
    wrong = tmp_path / "bukan.dlbak"
    wrong.write_bytes(b"bukan zip")
    monkeypatch.setattr(maintenance_actions, "ask_open_path", lambda *a: wrong)
    dialog_log.choose_answers = [0, None]  # pick a file; then close the message
    assert app_mod.run_gui(store.data_dir) == 1
    assert len(dialog_log.choices) == 2
    (error,) = dialog_log.errors
    assert "bukan.dlbak" in error and "Tidak ada data yang diubah" in error
    assert not dialog_log.confirms
    assert _files(store.data_dir) == before


def test_a_second_window_on_the_same_folder_is_refused(store: Store, dialog_log) -> None:  # noqa: ANN001
    store.close()
    other = subprocess.Popen([sys.executable, "-c", HOLDER, str(store.data_dir)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "held"
        assert app_mod.run_gui(store.data_dir) == 1
        assert len(dialog_log.errors) == 1
        assert "sedang dipakai untuk folder data ini" in dialog_log.errors[0]
        assert "tutup dulu" in dialog_log.errors[0]
    finally:
        other.kill()
        other.wait(timeout=10)


def test_the_window_holds_the_folder_while_it_is_open(store: Store, monkeypatch) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QApplication

    from desa_layak.ui import main_window as mw_mod

    store.close()
    seen: list[str] = []
    monkeypatch.setattr(mw_mod.MainWindow, "show", lambda self: None)
    monkeypatch.setattr(QApplication, "exec", lambda self: seen.append(
        _probe(store.data_dir)) or 0)
    monkeypatch.setattr(app_mod, "install_error_hook", lambda: None)
    assert app_mod.run_gui(store.data_dir) == 0
    assert seen == ["DataFolderBusyError"]  # while the window was open
    assert _probe(store.data_dir) == "ok"  # and free again once it closed


def test_an_error_found_later_is_said_as_a_damaged_database(tmp_path: Path,
                                                            dialog_log) -> None:  # noqa: ANN001
    old_hook = sys.excepthook
    try:
        app_mod._open_data_dir = tmp_path
        app_mod.install_error_hook()
        err = sqlite3.DatabaseError("database disk image is malformed")
        sys.excepthook(type(err), err, None)
    finally:
        sys.excepthook = old_hook
        app_mod._open_data_dir = None
    (text,) = dialog_log.errors
    assert "tidak dapat dibaca" in text and str(tmp_path / "backups") in text
    assert "kesalahan program" not in text


def test_a_write_protected_folder_says_what_to_do(tmp_path: Path, dialog_log) -> None:  # noqa: ANN001
    if os.name == "nt" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a filesystem needs root on Linux")
    mnt = tmp_path / f"ro-{uuid.uuid4().hex[:6]}"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mnt)],
                      capture_output=True).returncode != 0:
        pytest.skip("mount not permitted here")
    try:
        s = setup.open_store(mnt / "data")
        setup.initialise(s, "desa", "63.06.05.2005")
        s.close()
        if subprocess.run(["mount", "-o", "remount,ro", str(mnt)],
                          capture_output=True).returncode != 0:
            pytest.skip("remount not permitted here")
        assert app_mod.run_gui(mnt / "data") == 1
        (text,) = dialog_log.errors
        assert "hanya-baca" in text and "salin folder data ke laptop" in text
        assert str(mnt / "data") in text
        # nothing was being saved, and the window cannot show it: no 'Gagal menyimpan'
        assert "Gagal menyimpan" not in text and "desa-layak status" in text
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_an_automatic_backup_that_copied_the_damage_is_passed_over_for_an_older_one(
        demo_store, dialog_log, monkeypatch) -> None:  # noqa: ANN001
    import datetime as dt

    from desa_layak.storage import backup

    store = demo_store
    older = backup.auto_backup(store, "harian", now=dt.datetime(2026, 1, 1, 8, 0))
    newer = backup.auto_backup(store, "harian", now=dt.datetime(2026, 1, 2, 8, 0))
    newer.write_bytes(newer.read_bytes()[:4096] + b"\xff" * 8192)
    store.close()
    store.db_path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    built = _opens_without_showing(monkeypatch)
    dialog_log.choose_answers = [0, 0]  # the newest offered, then the next one offered
    assert app_mod.run_gui(store.data_dir) == 0
    (first, _), (second, options) = dialog_log.choices
    assert "2 Januari 2026 pukul 08.00" in first and "1 Januari 2026 pukul 08.00" in second
    assert options[0] == "Pulihkan cadangan otomatis 1 Januari 2026 pukul 08.00"
    (error,) = dialog_log.errors
    assert newer.name in error and "rusak" in error
    (said,) = dialog_log.infos
    assert f"Data dipulihkan dari {older.name}." in said
    assert len(built) == 1


def test_the_work_before_the_window_opens_shows_a_progress_box(qtbot) -> None:  # noqa: ANN001
    """No window is open yet while a backup is checked or restored: a box says so, or the
    app looks hung."""
    import threading

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from desa_layak.ui import damaged_restore

    seen: list[bool] = []
    looked = threading.Event()

    def look() -> None:
        seen.append(any(isinstance(w, QProgressDialog) and w.isVisible()
                        for w in QApplication.topLevelWidgets()))
        looked.set()

    def work(report):  # noqa: ANN001, ANN202
        assert looked.wait(10)
        return "selesai"

    QTimer.singleShot(50, look)
    assert damaged_restore._off_the_ui_thread(work, "Memeriksa cadangan…") == "selesai"
    assert seen == [True]
    assert not any(isinstance(w, QProgressDialog) and w.isVisible()
                   for w in QApplication.topLevelWidgets())
