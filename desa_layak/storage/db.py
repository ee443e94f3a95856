"""The data folder and its SQLite database: one connection per thread, WAL, foreign keys."""

from __future__ import annotations

import errno
import itertools
import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

from desa_layak.errors import StorageError, describe_os_error

DB_FILE = "desa-layak.sqlite3"
# The number of steps in storage/migrations.py (tests/test_storage.py keeps the two equal).
# A database stamped with it (PRAGMA user_version) is current and opens without loading the
# migration machinery.
SCHEMA_VERSION = 2


_SAVEPOINTS = itertools.count(1)


class Database:
    """One SQLite connection with sqlite-utils' API.

    The calls the app makes on every start-up — ``execute``, ``query`` and ``atomic`` — run
    directly on ``sqlite3`` with the same behaviour as ``sqlite_utils.Database`` (autocommit
    connection; ``atomic`` nests as savepoints). Everything else (``db["table"]``, ``insert``,
    ``transform``, ``Migrations`` …) is handed to a ``sqlite_utils.Database`` on the same
    connection, created on first use: importing sqlite-utils costs ~80 ms, which the window
    should not pay before its first paint.
    """

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._utils: sqlite_utils.Database | None = None

    @property
    def utils(self) -> sqlite_utils.Database:
        """The full ``sqlite_utils.Database`` on this connection."""
        if self._utils is None:
            import sqlite_utils

            # execute_plugins=False: no scan of every installed package's entry points.
            self._utils = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._utils

    def __getattr__(self, name: str) -> Any:
        return getattr(self.utils, name)

    def __getitem__(self, table: str) -> Any:
        return self.utils[table]

    def execute(self, sql: str, parameters: Sequence | dict[str, Any] | None = None
                ) -> sqlite3.Cursor:
        if parameters is None:
            return self.conn.execute(sql)
        return self.conn.execute(sql, parameters)

    def query(self, sql: str, params: Sequence | dict[str, Any] | None = None
              ) -> Iterator[dict[str, Any]]:
        cursor = self.execute(sql, params)
        if cursor.description is None:
            raise ValueError("query() can only be used with SQL that returns rows")
        keys = [d[0] for d in cursor.description]
        return (dict(zip(keys, row, strict=True)) for row in cursor)

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """A transaction; nested blocks become savepoints (as in sqlite-utils)."""
        if self.conn.in_transaction:
            name = f"sp_{next(_SAVEPOINTS)}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            else:
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        self.conn.execute("BEGIN")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def table_exists(self, name: str) -> bool:
        return self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]
        ).fetchone() is not None

    def close(self) -> None:
        self.conn.close()


def connect(path: Path) -> Database:
    """Open one connection with the pragmas the app relies on."""
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=True)
    conn.execute("PRAGMA journal_mode=WAL")
    # FULL: a transaction reported committed survives a power cut (see docs/reliability.md).
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=30000")
    return Database(conn)


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
    def db(self) -> Database:
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
    def atomic(self) -> Iterator[Database]:
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

    def schema_is_current(self) -> bool:
        return self.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION

    # -- settings ----------------------------------------------------------------------
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        if not self.db.table_exists("settings"):
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
