"""One writer per data folder: a lock file held with an OS file lock.

The window holds it for as long as it is open, every command that writes for as long as it
runs, so two copies of the app never write over each other's changes (a window saving values
another copy has changed or deleted meanwhile, two imports counting the same bundle). Reading
(status, lists, check, reports, backup, history) takes no lock and keeps working beside a
window.

The lock is ``flock`` on Linux/macOS and ``msvcrt.locking`` on Windows on the file
``desa-layak.lock`` in the data folder. The operating system drops it when the process ends,
however it ends, so a crashed window never blocks the next start (the file itself stays and
means nothing). Inside one process the lock is taken once and counted: the window's worker
threads, each with its own database connection, share it.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from desa_layak.errors import (
    DataFolderBusyError,
    ReadOnlyFolderError,
    StorageError,
    describe_os_error,
)

LOCK_FILE = "desa-layak.lock"

_guard = threading.Lock()


@dataclass
class _Held:
    fd: int
    count: int


_held: dict[object, _Held] = {}
# How this process has spelled the folders it holds (spelling -> key): taking a held lock
# again (every write transaction does) costs no system call at all.
_spelled: dict[str, object] = {}


def _key(data_dir: Path) -> object:
    """The folder itself, however it is spelled (a symlink, a relative path, letter case)."""
    try:
        st = os.stat(data_dir)
    except OSError:
        st = None
    if st is not None and st.st_ino:
        return (st.st_dev, st.st_ino)
    return os.path.normcase(os.path.realpath(data_dir))


def busy_message(data_dir: Path) -> str:
    return (f"Desa Layak sedang dipakai untuk folder data ini ({data_dir}) oleh jendela atau "
            "perintah lain; tutup dulu jendela Desa Layak yang lain (atau tunggu perintah itu "
            "selesai), lalu coba lagi. Tidak ada data yang diubah.")


def read_only_folder_error(data_dir: Path | str) -> ReadOnlyFolderError:
    """Writing refused because the data folder is write-protected (reading still works)."""
    return ReadOnlyFolderError(
        f"Gagal menyimpan data: folder data {data_dir} tidak dapat ditulisi (hanya-baca, "
        "misalnya flash disk yang dikunci, atau tanpa izin menulis). Isinya tetap dapat "
        "dilihat, dicetak dan dicadangkan; untuk mengubahnya, buka kunci tulis flash disk itu "
        "atau salin folder data ke laptop dulu lalu buka salinannya. Data yang sudah "
        "tersimpan sebelumnya tetap aman.", str(data_dir))


def _cannot_lock(err: OSError, data_dir: Path) -> StorageError:
    """The folder cannot hold the lock file: write-protected (say so as such), or else."""
    import errno

    if err.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return read_only_folder_error(data_dir)
    return describe_os_error(err, "data", target=data_dir)


def _try_lock(fd: int) -> bool:
    """Take the OS lock on ``fd`` without waiting; False when another process holds it."""
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as err:  # a file system without locks (some network shares)
        import errno

        if err.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
            return True
        raise
    return True


def _unlock(fd: int) -> None:
    try:
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            with contextlib.suppress(OSError):
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    finally:
        os.close(fd)  # closing drops a flock


def acquire(data_dir: Path | str) -> None:
    """Take the data folder's lock for this process (again: counted). Raises
    DataFolderBusyError when another process holds it, StorageError when the folder cannot
    hold a lock file (a write-protected flash drive, no permission)."""
    data_dir = Path(data_dir)
    spelling = str(data_dir)
    with _guard:
        known = _spelled.get(spelling)
        if known is not None:
            _held[known].count += 1
            return
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise _cannot_lock(err, data_dir) from err
        key = _key(data_dir)
        held = _held.get(key)
        if held is not None:
            held.count += 1
            _spelled[spelling] = key
            return
        path = data_dir / LOCK_FILE
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as err:
            raise _cannot_lock(err, data_dir) from err
        try:
            locked = _try_lock(fd)
        except OSError as err:
            os.close(fd)
            raise describe_os_error(err, "data", target=data_dir) from err
        if not locked:
            os.close(fd)
            raise DataFolderBusyError(busy_message(data_dir))
        _held[key] = _Held(fd, 1)
        _spelled[spelling] = key


def release(data_dir: Path | str) -> None:
    """Give back one ``acquire``; the OS lock goes with the last one."""
    with _guard:
        key = _spelled.get(str(Path(data_dir)))
        if key is None:
            key = _key(Path(data_dir))
        held = _held.get(key)
        if held is None:
            return
        held.count -= 1
        if held.count <= 0:
            del _held[key]
            for spelling in [s for s, k in _spelled.items() if k == key]:
                del _spelled[spelling]
            _unlock(held.fd)


def is_held(data_dir: Path | str) -> bool:
    """True when this process holds the data folder's lock."""
    with _guard:
        return str(Path(data_dir)) in _spelled or _key(Path(data_dir)) in _held


@contextlib.contextmanager
def holding(data_dir: Path | str) -> Iterator[None]:
    """The lock for the length of a block (taken again inside: counted)."""
    acquire(data_dir)
    try:
        yield
    finally:
        release(data_dir)
