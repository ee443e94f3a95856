"""Writing files so that a crash never leaves half a file under the final name."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def naming(err: OSError, target: Path) -> OSError:
    """``err`` as raised while writing ``target``, naming ``target`` (not the temporary file
    beside it, and not nothing, as a failed write() or fsync() would): the message the
    person reads then says which file or folder could not be written. Same errno, so the
    same subclass (FileNotFoundError, PermissionError…)."""
    if err.filename is not None and Path(os.fsdecode(err.filename)) == Path(target):
        return err
    named = OSError(err.errno, err.strerror, str(target))
    if getattr(err, "winerror", None) is not None:
        named.winerror = err.winerror  # type: ignore[misc]  # what errors.py reads on Windows
    return named


@contextlib.contextmanager
def _temp_beside(dest: Path) -> Iterator[tuple[int, Path]]:
    """A temporary file beside ``dest`` (its descriptor and path). When the block ends
    normally the file is renamed over ``dest`` and the folder fsync'd (the caller has made
    the file's bytes durable first); on any error it is removed. An OSError names ``dest``
    (or its folder when the folder itself cannot be made or written)."""
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp",
                                        dir=dest.parent)
    except FileExistsError as err:  # a file where a folder of the path should be
        import errno

        raise OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(dest.parent)) from err
    except OSError as err:
        raise naming(err, dest.parent) from err
    tmp = Path(tmp_name)
    try:
        yield fd, tmp
        try:
            os.replace(tmp, dest)
        except OSError as err:
            raise naming(err, dest) from err
        try:
            fsync_dir(dest.parent)
        except OSError as err:
            raise naming(err, dest.parent) from err
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


@contextlib.contextmanager
def atomic_write(dest: Path) -> Iterator[BinaryIO]:
    """Write to a temporary file beside ``dest``, flush, fsync, then rename over it."""
    dest = Path(dest)
    with _temp_beside(dest) as (fd, _tmp), os.fdopen(fd, "wb") as fh:
        try:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        except OSError as err:
            if err.filename is not None:  # about another file (one being read): as it is
                raise
            raise naming(err, dest) from err


@contextlib.contextmanager
def atomic_path(dest: Path) -> Iterator[Path]:
    """For writers that need a path, not a file object (SQLite's backup API): the path of a
    temporary file beside ``dest``; when the block ends it is fsync'd and renamed over
    ``dest``, so ``dest`` is never partial."""
    dest = Path(dest)
    with _temp_beside(dest) as (fd, tmp):
        os.close(fd)
        yield tmp
        try:
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        except OSError as err:
            raise naming(err, dest) from err


def atomic_write_bytes(dest: Path, data: bytes) -> None:
    with atomic_write(dest) as fh:
        fh.write(data)
