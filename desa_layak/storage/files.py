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


@contextlib.contextmanager
def _temp_beside(dest: Path) -> Iterator[tuple[int, Path]]:
    """A temporary file beside ``dest`` (its descriptor and path). When the block ends
    normally the file is renamed over ``dest`` and the folder fsync'd (the caller has made
    the file's bytes durable first); on any error it is removed."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        yield fd, tmp
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


@contextlib.contextmanager
def atomic_write(dest: Path) -> Iterator[BinaryIO]:
    """Write to a temporary file beside ``dest``, flush, fsync, then rename over it."""
    with _temp_beside(Path(dest)) as (fd, _tmp), os.fdopen(fd, "wb") as fh:
        yield fh
        fh.flush()
        os.fsync(fh.fileno())


@contextlib.contextmanager
def atomic_path(dest: Path) -> Iterator[Path]:
    """For writers that need a path, not a file object (SQLite's backup API): the path of a
    temporary file beside ``dest``; when the block ends it is fsync'd and renamed over
    ``dest``, so ``dest`` is never partial."""
    with _temp_beside(Path(dest)) as (fd, tmp):
        os.close(fd)
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())


def atomic_write_bytes(dest: Path, data: bytes) -> None:
    with atomic_write(dest) as fh:
        fh.write(data)
