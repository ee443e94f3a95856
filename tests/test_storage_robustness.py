"""What the storage layer does when the world is not as it should be: a damaged database, a
second copy of the app writing in the same data folder, an odd or write-protected place to
save to, and numbers no command can use.

The command line is run as a real process where it matters that no traceback reaches the
person (stderr is read as they would read it)."""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from desa_layak import cli, errors
from desa_layak.core import checklist, setup
from desa_layak.core.checklist import Document
from desa_layak.errors import (
    DataFolderBusyError,
    NotFoundError,
    RecordDeletedError,
    StorageError,
    describe_os_error,
)
from desa_layak.storage import backup, files, lock
from desa_layak.storage.db import DB_FILE, Store

VILLAGE = "63.06.05.2005"
KECAMATAN = "63.06.05"
DAMAGED_WORDS = "tidak dapat dibaca"
BUSY_WORDS = "sedang dipakai untuk folder data ini"


def run(data_dir: Path | None, *args: str, env: dict | None = None
        ) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "desa_layak"]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=120,
                          env=env)


def _doc(store: Store, number: str, **kw: object) -> Document:
    return checklist.save_document(store, Document(
        id=None, village_code=VILLAGE, item_code="B", year=2024, doc_number=number, **kw))


def _digest(folder: Path) -> dict[str, str]:
    """Every file of the data folder with its hash (the lock file aside: it holds nothing)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != lock.LOCK_FILE}


# -- 1. a damaged database --------------------------------------------------------------------

def _damage(store: Store, how: str) -> Path:
    """Damage the data folder's database as a bad disk or a mistaken copy would."""
    store.close()
    db = store.db_path
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    if how == "text":
        db.write_text("ini bukan basis data\n")
    else:  # the schema page overwritten in the middle
        data = bytearray(db.read_bytes())
        for i in range(200, 4096, 7):
            data[i] = 0x55
        db.write_bytes(bytes(data))
    return db


@pytest.mark.parametrize("how", ["text", "schema"])
def test_a_damaged_database_is_said_in_words_by_every_command(
        store: Store, tmp_path: Path, how: str) -> None:
    _doc(store, "1/2024")
    _damage(store, how)
    before = _digest(store.data_dir)
    for args in (("status",), ("doc", "list"), ("doc", "add", "A", "--number", "2"),
                 ("report", "village", "--out", str(tmp_path / "l.pdf")),
                 ("backup", "--out", str(tmp_path / "c.dlbak")), ("profile",),
                 ("history",)):
        result = run(store.data_dir, *args)
        assert result.returncode == 1, (args, result.stderr)
        assert "Traceback" not in result.stderr and DAMAGED_WORDS in result.stderr, args
        assert "restore" in result.stderr and str(store.data_dir / "backups") in result.stderr
    assert _digest(store.data_dir) == before  # nothing written
    assert not (tmp_path / "l.pdf").exists() and not (tmp_path / "c.dlbak").exists()
    checked = run(store.data_dir, "check")  # the check says it in its own words
    assert checked.returncode == 1 and "Pulihkan dari cadangan" in checked.stdout


def test_open_store_refuses_a_damaged_database_without_writing(store: Store) -> None:
    db = _damage(store, "schema")
    before = db.read_bytes()
    with pytest.raises(errors.DatabaseDamagedError, match="restore BERKAS.dlbak"):
        setup.open_store(store.data_dir)
    assert db.read_bytes() == before


def test_restore_puts_a_good_backup_in_place_of_a_damaged_database(
        store: Store, tmp_path: Path) -> None:
    _doc(store, "1/2024")
    good = tmp_path / "c.dlbak"
    backup.create_backup(store, good)
    damaged = _damage(store, "text").read_bytes()
    restored = run(store.data_dir, "restore", str(good), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert "Pemulihan selesai" in restored.stdout
    fresh = setup.open_store(store.data_dir)
    assert {d.doc_number for d in checklist.documents(fresh, VILLAGE)} == {"1/2024"}
    fresh.close()
    kept = list(store.backups_dir.glob(f"sebelum-pulih-*-mentah/{DB_FILE}"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged  # the damaged file is kept


def test_a_year_or_number_no_command_can_use_is_a_plain_refusal(
        store: Store, kecamatan_store: Store, tmp_path: Path) -> None:
    for data, args in (
            (kecamatan_store.data_dir, ("recap", "--year", "99999")),
            (kecamatan_store.data_dir, ("recap", "--year", "99999999999999999999")),
            (store.data_dir, ("report", "village", "--year", "99999",
                              "--out", str(tmp_path / "x.pdf"))),
            (store.data_dir, ("export-xlsx", "--year", "-1", "--out", str(tmp_path / "x.xlsx"))),
            (store.data_dir, ("budget", "show", "--year", "99999999999999999999")),
            (kecamatan_store.data_dir, ("history", "--limit", "99999999999999999999"))):
        result = run(data, *args)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr and "Error" not in result.stderr, args
        assert "di luar jangkauan" in result.stderr or "terlalu besar" in result.stderr
    assert not list(tmp_path.glob("x.*"))


def test_a_fault_in_the_program_is_one_sentence_and_a_log(
        store: Store, tmp_path: Path, monkeypatch, capsys) -> None:  # noqa: ANN001
    from desa_layak.commands import checklist as commands

    def broken(args: object) -> int:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(commands, "cmd_status", broken)
    monkeypatch.setenv("DESA_LAYAK_LOG_DIR", str(tmp_path / "log"))
    assert cli.main(["--data-dir", str(store.data_dir), "status"]) == 1
    err = capsys.readouterr().err
    log = tmp_path / "log" / "desa-layak-galat.log"
    assert "Terjadi kesalahan program (ZeroDivisionError" in err and str(log) in err
    assert "Traceback" not in err
    assert "ZeroDivisionError: division by zero" in log.read_text(encoding="utf-8")


# -- 2. one writer per data folder ------------------------------------------------------------

HOLDER = """
import sys
from desa_layak.storage import lock
lock.acquire(sys.argv[1])
print("held", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def other_copy():  # noqa: ANN201
    """Start another process that holds a data folder's lock (as an open window does)."""
    started: list[subprocess.Popen] = []

    def start(data_dir: Path) -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        started.append(proc)
        assert proc.stdout.readline().strip() == "held"
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def test_a_writing_command_is_refused_while_another_copy_has_the_folder(
        store: Store, tmp_path: Path, other_copy) -> None:  # noqa: ANN001
    doc = _doc(store, "1/2024")
    store.close()
    holder = other_copy(store.data_dir)
    before = _digest(store.data_dir)
    for args in (("doc", "add", "A", "--number", "2"), ("doc", "edit", doc.id, "--number", "9"),
                 ("doc", "delete", doc.id), ("year", "2025"),
                 ("profile", "--address", "Jl. Baru")):
        result = run(store.data_dir, *args)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert BUSY_WORDS in result.stderr and "Traceback" not in result.stderr, args
    assert _digest(store.data_dir) == before
    # reading goes on beside the window
    for args in (("status",), ("doc", "list"), ("check", "--quick"), ("profile",),
                 ("report", "village", "--out", str(tmp_path / "l.pdf")),
                 ("backup", "--out", str(tmp_path / "c.dlbak")), ("history",)):
        result = run(store.data_dir, *args)
        assert result.returncode == 0, (args, result.stderr)
    # the other copy crashes: its lock goes with it, nothing stays blocked
    holder.send_signal(signal.SIGKILL) if os.name != "nt" else holder.kill()
    holder.wait(timeout=10)
    assert run(store.data_dir, "doc", "add", "A", "--number", "2").returncode == 0


def test_two_imports_never_run_at_once(kecamatan_store: Store, tmp_path: Path,
                                       other_copy) -> None:  # noqa: ANN001
    from bundle_support import village_bundles

    (bundle,) = village_bundles(tmp_path, (VILLAGE,))
    kecamatan_store.close()
    other_copy(kecamatan_store.data_dir)  # the first import, still running
    second = run(kecamatan_store.data_dir, "import", str(bundle))
    assert second.returncode == 1 and BUSY_WORDS in second.stderr
    assert "DIIMPOR" not in second.stdout
    assert run(kecamatan_store.data_dir, "history").stdout.strip() == "Belum ada impor."


def test_a_write_from_code_that_took_no_lock_is_refused_too(
        store: Store, other_copy) -> None:  # noqa: ANN001
    _doc(store, "1/2024")
    other_copy(store.data_dir)
    with pytest.raises(DataFolderBusyError, match="tutup dulu"):
        _doc(store, "2/2024")
    assert {d.doc_number for d in checklist.documents(store, VILLAGE)} == {"1/2024"}


def test_the_lock_is_taken_once_per_process_and_shared_by_its_threads(store: Store) -> None:
    probe = [sys.executable, "-c",
             "import sys\nfrom desa_layak.storage import lock\n"
             "try:\n    lock.acquire(sys.argv[1])\nexcept Exception as e:\n"
             "    print(type(e).__name__)\nelse:\n    print('ok')", str(store.data_dir)]
    lock.acquire(store.data_dir)
    try:
        lock.acquire(store.data_dir)  # again, in the same process: counted
        lock.release(store.data_dir)
        saved: list[str] = []

        def worker() -> None:  # a window's worker thread, with its own connection
            saved.append(_doc(store, "dari-thread").doc_number)
            store.close()

        t = threading.Thread(target=worker)
        t.start()
        t.join()
        assert saved == ["dari-thread"]
        out = subprocess.run(probe, capture_output=True, text=True, timeout=60).stdout.strip()
        assert out == "DataFolderBusyError"
    finally:
        lock.release(store.data_dir)
    assert not lock.is_held(store.data_dir)
    assert subprocess.run(probe, capture_output=True, text=True, timeout=60).stdout.strip() \
        == "ok"


def test_an_edit_never_goes_into_a_deleted_record(store: Store) -> None:
    doc = _doc(store, "1/2024", notes="lama")
    checklist.delete_document(store, doc.id)  # by another window or command
    row = store.db.execute("SELECT rev, deleted_at, notes FROM documents WHERE id = ?",
                           [doc.id]).fetchone()
    doc.notes = "diubah di jendela"
    with pytest.raises(RecordDeletedError, match="sudah dihapus"):
        checklist.save_document(store, doc)
    assert store.db.execute("SELECT rev, deleted_at, notes FROM documents WHERE id = ?",
                            [doc.id]).fetchone() == row
    with pytest.raises(NotFoundError, match="tidak ada"):
        checklist.save_document(store, Document(
            id="tidak-ada", village_code=VILLAGE, item_code="B", year=2024, doc_number="3"))


def test_a_transaction_that_reads_then_writes_waits_instead_of_failing(store: Store) -> None:
    """Two connections: one is writing when the other starts a transaction that reads and then
    writes. With a deferred BEGIN the second would read the old state and then fail with
    "database is locked" (its snapshot is stale); BEGIN IMMEDIATE makes it wait its turn."""
    _doc(store, "1/2024")
    other = sqlite3.connect(str(store.db_path), isolation_level=None, timeout=30)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE documents SET notes = 'lain' WHERE doc_number = '1/2024'")
    result: list[object] = []

    def read_then_write() -> None:
        try:
            with store.atomic() as db:
                n = db.execute("SELECT count(*) FROM documents").fetchone()[0]
                time.sleep(0.3)
                db.execute("UPDATE settings SET value = ? WHERE key = 'role'", ["desa"])
            result.append(n)
        except Exception as err:  # noqa: BLE001 - the test reports it
            result.append(err)
        finally:
            store.close()

    t = threading.Thread(target=read_then_write)
    t.start()
    time.sleep(0.1)
    other.execute("INSERT INTO settings(key, value) VALUES('x', 'y')")
    other.execute("COMMIT")
    t.join(timeout=60)
    other.close()
    assert result == [1], result


# -- 3. saving to an odd or write-protected place ---------------------------------------------

ERRNOS = [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOENT, errno.EEXIST,
          errno.EISDIR, errno.ENOTDIR, errno.ENAMETOOLONG, errno.EIO, errno.EBUSY, errno.EMFILE]
if hasattr(errno, "ETXTBSY"):
    ERRNOS.append(errno.ETXTBSY)


@pytest.mark.parametrize("code", ERRNOS, ids=[errno.errorcode[c] for c in ERRNOS])
def test_every_common_os_error_is_an_indonesian_sentence_naming_the_target(code: int) -> None:
    target = "/media/usb/laporan.pdf"
    text = str(describe_os_error(OSError(code, os.strerror(code)), "laporan", target=target))
    assert text.startswith("Gagal menyimpan laporan: ") and target in text
    assert os.strerror(code) not in text and "folder data" not in text
    # without a target, the file the error names
    named = str(describe_os_error(OSError(code, os.strerror(code), "/x/y.dlbak"), "cadangan"))
    assert "/x/y.dlbak" in named and os.strerror(code) not in named


def test_an_unknown_os_error_is_indonesian_with_its_number() -> None:
    text = str(describe_os_error(OSError(errno.EXDEV, os.strerror(errno.EXDEV)), "cadangan",
                                 target="E:/cadangan.dlbak"))
    assert f"nomor {errno.EXDEV}" in text and os.strerror(errno.EXDEV) not in text
    assert "E:/cadangan.dlbak" in text


def test_atomic_write_errors_name_the_file_not_its_temporary(tmp_path: Path,
                                                            monkeypatch) -> None:  # noqa: ANN001
    dest = tmp_path / "usb" / "laporan.pdf"

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(OSError) as err:
        files.atomic_write_bytes(dest, b"%PDF-")
    assert err.value.errno == errno.ENOSPC and err.value.filename == str(dest)
    monkeypatch.undo()
    (tmp_path / "berkas").write_text("x")
    with pytest.raises(NotADirectoryError) as err:  # a file where a folder should be
        files.atomic_write_bytes(tmp_path / "berkas" / "laporan.pdf", b"x")
    assert err.value.filename == str(tmp_path / "berkas")


def test_a_report_or_backup_to_an_odd_place_is_said_in_words(store: Store,
                                                             tmp_path: Path) -> None:
    (tmp_path / "berkas").write_text("x")
    for args, target, words in (
            (("report", "village", "--out", str(tmp_path)), str(tmp_path), "adalah folder"),
            (("report", "village", "--out", str(tmp_path / "berkas" / "l.pdf")),
             str(tmp_path / "berkas"), "bukan folder"),
            (("export-xlsx", "--out", str(tmp_path)), str(tmp_path), "adalah folder"),
            (("backup", "--out", str(tmp_path / "berkas" / "c.dlbak")),
             str(tmp_path / "berkas"), "bukan folder")):
        result = run(store.data_dir, *args)
        assert result.returncode == 1, (args, result.stderr)
        assert "Traceback" not in result.stderr and target in result.stderr, result.stderr
        assert words in result.stderr and "folder data" not in result.stderr
        for english in ("Is a directory", "Not a directory", "File exists"):
            assert english not in result.stderr


def test_a_read_error_of_an_attachment_is_indonesian(store: Store, tmp_path: Path) -> None:
    doc = _doc(store, "1/2024")
    with pytest.raises(errors.AttachmentError) as err:
        checklist.add_attachment(store, VILLAGE, "document", doc.id, tmp_path)  # a folder
    assert "Is a directory" not in str(err.value)


def test_a_read_only_database_refuses_writes_before_touching_anything(
        store: Store, monkeypatch) -> None:  # noqa: ANN001
    """The open fails as on a write-protected flash drive: the database is opened read-only,
    reading works and a write is refused in words (the real drive: test_full_disk.py)."""
    from desa_layak.storage import db as dbmod

    _doc(store, "1/2024")
    store.close()

    def cannot_open(path: Path) -> object:
        err = sqlite3.OperationalError("unable to open database file")
        err.sqlite_errorname = "SQLITE_CANTOPEN"
        raise err

    monkeypatch.setattr(dbmod, "connect", cannot_open)
    ro = setup.open_store(store.data_dir)
    assert ro.read_only and {d.doc_number for d in checklist.documents(ro, VILLAGE)} == {"1/2024"}
    with pytest.raises(StorageError, match="tidak dapat ditulisi.*salin folder data"):
        _doc(ro, "2/2024")
    ro.close()


def test_two_spellings_of_one_folder_share_one_lock(store: Store) -> None:
    """The lock is the folder's, however it is written: taken as 'D' and as 'D/.', released
    twice, it is free again for another process (and not before)."""
    probe = [sys.executable, "-c",
             "import sys\nfrom desa_layak.storage import lock\n"
             "try:\n    lock.acquire(sys.argv[1])\nexcept Exception as e:\n"
             "    print(type(e).__name__)\nelse:\n    print('ok')", str(store.data_dir)]
    other = str(store.data_dir) + os.sep + "."
    lock.acquire(store.data_dir)
    lock.acquire(other)
    lock.release(store.data_dir)
    assert lock.is_held(other) and lock.is_held(store.data_dir)
    out = subprocess.run(probe, capture_output=True, text=True, timeout=60).stdout.strip()
    assert out == "DataFolderBusyError"
    lock.release(other)
    assert not lock.is_held(store.data_dir) and not lock.is_held(other)
    assert subprocess.run(probe, capture_output=True, text=True, timeout=60).stdout.strip() \
        == "ok"
