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

from desa_layak.errors import (
    DatabaseDamagedError,
    DataFolderBusyError,
    DesaLayakError,
    StorageError,
    describe_os_error,
)
from desa_layak.storage import lock
from desa_layak.storage.lock import read_only_folder_error

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

    def __init__(self, conn: sqlite3.Connection, read_only: bool = False):
        self.conn = conn
        self.read_only = read_only  # opened with mode=ro: the folder cannot be written
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
        """A write transaction; nested blocks become savepoints (as in sqlite-utils).

        It starts with BEGIN IMMEDIATE: the write lock is taken at the start (waiting up to
        the busy timeout for another connection's transaction to end), so a transaction that
        reads and then writes never fails half-way with "database is locked" because another
        connection wrote after its read (a deferred BEGIN cannot upgrade a stale snapshot)."""
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
        self.conn.execute("BEGIN IMMEDIATE")
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


BUSY_TIMEOUT_MS = 30000  # a write waits this long for another connection's transaction


def connect(path: Path) -> Database:
    """Open one connection with the pragmas the app relies on."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                           check_same_thread=True)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        # FULL: a transaction reported committed survives a power cut (docs/reliability.md).
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    except BaseException:
        conn.close()
        raise
    return Database(conn)


def _uri(path: Path, **params: str) -> str:
    """A ``file:`` URI for SQLite (the path percent-encoded: '?', '#' or '%' in a folder
    name would otherwise be read as part of the URI)."""
    from urllib.parse import urlencode

    return Path(os.path.abspath(path)).as_uri() + "?" + urlencode(params)


def connect_read_only(path: Path) -> Database:
    """Open the database without writing anything, for a folder that cannot be written
    (a write-protected flash drive, a folder without permission).

    SQLite reads a WAL database read-only (``mode=ro``) when its ``-shm`` file exists or can
    be made. On a read-only medium after a clean close neither ``-wal`` nor ``-shm`` exists:
    then ``immutable=1`` reads the database file alone, which holds everything (the last
    connection's close checkpointed the WAL into it). If a ``-wal`` file with content is left
    (the app was not closed cleanly) and cannot be read in place, the data would look older
    than it is: refused, with the advice to copy the folder first."""
    try:
        conn = sqlite3.connect(_uri(path, mode="ro"), uri=True, isolation_level=None,
                               timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=True)
    except sqlite3.OperationalError:
        conn = None
    if conn is not None:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as err:
            conn.close()
            conn = None
            if not (getattr(err, "sqlite_errorname", "") or "").startswith(
                    ("SQLITE_CANTOPEN", "SQLITE_READONLY")):
                raise
        except BaseException:
            conn.close()
            raise
    if conn is None:
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise StorageError(
                f"Folder data {Path(path).parent} hanya-baca dan basis datanya masih menyimpan "
                f"perubahan terakhir di berkas {wal.name} yang tidak dapat dibaca di tempat "
                "(aplikasi tidak ditutup dengan wajar). Salin seluruh folder data itu ke "
                "laptop dulu, lalu buka salinannya (--data-dir FOLDER_SALINAN). Tidak ada "
                "data yang diubah.")
        conn = sqlite3.connect(_uri(path, mode="ro", immutable="1"), uri=True,
                               isolation_level=None, check_same_thread=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except BaseException:
            conn.close()
            raise
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA query_only=1")
    return Database(conn, read_only=True)


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


def storage_error_from_sqlite(err: sqlite3.Error, what: str = "data",
                              target: Path | str | None = None) -> StorageError | None:
    """The plain-language StorageError for a full disk / read-only database, else None.
    ``target`` is the folder (or file) being written: the data folder for the database."""
    code = _errno_of(err)
    if code is None:
        return None
    return describe_os_error(OSError(code, os.strerror(code)), what, target=target)


def _errno_of(err: sqlite3.Error) -> int | None:
    name = getattr(err, "sqlite_errorname", "") or ""
    code = next((v for k, v in _SQLITE_TO_ERRNO.items() if name.startswith(k)), None)
    if code is None:
        text = str(err).lower()
        code = next((v for k, v in _SQLITE_MESSAGES.items() if k in text), None)
    return code


_DAMAGE_NAMES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
_DAMAGE_WORDS = ("malformed", "not a database", "file is encrypted")


def is_damaged(err: BaseException) -> bool:
    """True for SQLite's "the file is damaged / not a database" errors."""
    if not isinstance(err, sqlite3.DatabaseError):
        return False
    name = getattr(err, "sqlite_errorname", "") or ""
    return name.startswith(_DAMAGE_NAMES) or any(w in str(err).lower() for w in _DAMAGE_WORDS)


def damaged_error(data_dir: Path | str) -> DatabaseDamagedError:
    """What to say when the database file cannot be read, and how to get the data back."""
    data_dir = Path(data_dir)
    return DatabaseDamagedError(
        f"Basis data {data_dir / DB_FILE} tidak dapat dibaca (berkasnya rusak atau bukan "
        "basis data Desa Layak); tidak ada yang diubah. Pulihkan dari cadangan (berkas yang "
        "rusak disimpan dulu): dari cadangan otomatis terbaru dengan desa-layak --data-dir "
        f"\"{data_dir}\" restore --latest-auto, atau dari berkas cadangan dengan restore "
        f"BERKAS.dlbak. Cadangan yang dibuat aplikasi ada di folder {data_dir / 'backups'}.")


def user_error(err: BaseException, data_dir: Path | str | None = None) -> DesaLayakError | None:
    """An exception from the storage layer as the sentence the person should read, or None
    when it is not one of the known conditions (a damaged database, a full or read-only
    disk, a data folder another copy of the app is writing in)."""
    if isinstance(err, DesaLayakError):
        return err
    if not isinstance(err, sqlite3.Error):
        return None
    if is_damaged(err):
        return damaged_error(data_dir) if data_dir is not None else DatabaseDamagedError(
            "Basis data tidak dapat dibaca: berkasnya rusak. Tidak ada data yang diubah. "
            "Pulihkan dari cadangan (desa-layak restore BERKAS.dlbak).")
    name = getattr(err, "sqlite_errorname", "") or ""
    if name.startswith("SQLITE_BUSY") or "database is locked" in str(err).lower():
        return DataFolderBusyError(lock.busy_message(Path(data_dir or ".")))
    code = _errno_of(err)
    if code in (errno.EROFS, errno.EACCES) and data_dir is not None:
        return read_only_folder_error(data_dir)
    return storage_error_from_sqlite(err, target=data_dir)


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
        """This thread's connection. A folder that cannot be written (a write-protected
        flash drive) is opened read-only: everything can be read, and a write is refused in
        plain words (``atomic``)."""
        db = getattr(self._local, "db", None)
        if db is None:
            try:
                self.data_dir.mkdir(parents=True, exist_ok=True)
                db = connect(self.db_path)
            except OSError as err:  # a read-only or missing drive: plain words, no traceback
                db = self._read_only_or_none()
                if db is None:
                    raise describe_os_error(err, "data", target=self.data_dir) from err
            except sqlite3.OperationalError as err:
                if _errno_of(err) not in (errno.EROFS, errno.EACCES):
                    raise
                db = self._read_only_or_none()
                if db is None:
                    mapped = storage_error_from_sqlite(err, "data", target=self.data_dir)
                    raise mapped from err
            self._local.db = db
        return db

    def _read_only_or_none(self) -> Database | None:
        """A read-only connection when the database exists but cannot be opened to write."""
        if not self.db_path.is_file():
            return None
        return connect_read_only(self.db_path)

    @property
    def read_only(self) -> bool:
        """True when the data folder could only be opened for reading."""
        return self.db.read_only

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """One transaction (nested calls become savepoints).

        The outermost one holds the data folder's lock (``storage/lock.py``; already held
        for the whole process by the window and by commands that write), so a second copy
        of the app cannot write in between. A full disk or a read-only data folder becomes a
        StorageError in plain words (the transaction is rolled back, so what was saved
        before stays as it was)."""
        db = self.db
        if db.read_only:
            raise read_only_folder_error(self.data_dir)
        if db.conn.in_transaction:
            with self._mapped_errors(), db.atomic() as inner:
                yield inner
            return
        with lock.holding(self.data_dir), self._mapped_errors(), db.atomic() as outer:
            yield outer

    @contextmanager
    def _mapped_errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.OperationalError as err:
            code = _errno_of(err)
            if code is None:
                raise
            if code in (errno.EROFS, errno.EACCES):
                raise read_only_folder_error(self.data_dir) from err
            raise storage_error_from_sqlite(err, "data", target=self.data_dir) from err

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
