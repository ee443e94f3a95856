"""The data folder and its SQLite database: one connection per thread, WAL, foreign keys."""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from desa_layak.errors import StorageError, describe_os_error

DB_FILE = "desa-layak.sqlite3"


def connect(path: Path) -> sqlite_utils.Database:
    """Open one connection with the pragmas the app relies on."""
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=True)
    # execute_plugins=False: no scan of every installed package's entry points at start-up.
    db = sqlite_utils.Database(conn, execute_plugins=False)
    conn.execute("PRAGMA journal_mode=WAL")
    # FULL: a transaction reported committed survives a power cut (see docs/reliability.md).
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=30000")
    return db


# SQLite result codes that mean "cannot write here", mapped to the OSError they stand for so the
# user reads the same sentence as for a failed file write (errors.describe_os_error).
_SQLITE_TO_ERRNO = {
    "SQLITE_FULL": errno.ENOSPC,
    "SQLITE_READONLY": errno.EROFS,
    "SQLITE_CANTOPEN": errno.EACCES,
}
_SQLITE_MESSAGES = {
    "database or disk is full": errno.ENOSPC,
    "attempt to write a readonly database": errno.EROFS,
    "unable to open database file": errno.EACCES,
}


def storage_error_from_sqlite(err: sqlite3.Error, what: str = "data") -> StorageError | None:
    """The plain-language StorageError for a full disk / read-only database, else None."""
    name = getattr(err, "sqlite_errorname", "") or ""
    code = next((v for k, v in _SQLITE_TO_ERRNO.items() if name.startswith(k)), None)
    if code is None:
        text = str(err).lower()
        code = next((v for k, v in _SQLITE_MESSAGES.items() if k in text), None)
    if code is None:
        return None
    return describe_os_error(OSError(code, os.strerror(code)), what)


_OPEN_STORES: weakref.WeakSet[Store] = weakref.WeakSet()


def close_thread_connections() -> None:
    """Close this thread's connections to every open store (call when a worker ends)."""
    for store in list(_OPEN_STORES):
        store.close()


class Store:
    """The data folder: database, attachments, keys and backups.

    Each thread gets its own connection (``store.db``); writes go through ``store.atomic()``.
    """

    def __init__(self, data_dir: Path | str):
        self.data_dir = Path(data_dir)
        self.db_path = self.data_dir / DB_FILE
        self.attachments_dir = self.data_dir / "attachments"
        self.backups_dir = self.data_dir / "backups"
        self.keys_dir = self.data_dir / "keys"
        self._local = threading.local()
        _OPEN_STORES.add(self)

    # -- connections -------------------------------------------------------------------
    @property
    def db(self) -> sqlite_utils.Database:
        db = getattr(self._local, "db", None)
        if db is None:
            what = f"data di {self.data_dir}"
            try:
                self.data_dir.mkdir(parents=True, exist_ok=True)
                db = connect(self.db_path)
            except OSError as err:  # a read-only or missing drive: plain words, no traceback
                raise describe_os_error(err, what) from err
            except sqlite3.OperationalError as err:
                mapped = storage_error_from_sqlite(err, what)
                if mapped is None:
                    raise
                raise mapped from err
            self._local.db = db
        return db

    @contextmanager
    def atomic(self) -> Iterator[sqlite_utils.Database]:
        """One transaction (nested calls become savepoints).

        A full disk or a read-only data folder becomes a StorageError in plain words (the
        transaction is rolled back, so what was saved before stays as it was)."""
        try:
            with self.db.atomic() as db:
                yield db
        except sqlite3.OperationalError as err:
            mapped = storage_error_from_sqlite(err)
            if mapped is None:
                raise
            raise mapped from err

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def exists(self) -> bool:
        return self.db_path.exists()

    # -- settings ----------------------------------------------------------------------
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        if not self.db["settings"].exists():
            return default
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.atomic() as db:
            db.execute(
                "INSERT INTO settings(key, value) VALUES(?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
