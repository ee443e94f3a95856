"""The data folder and its SQLite database: one connection per thread, WAL, foreign keys."""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

DB_FILE = "desa-layak.sqlite3"


def connect(path: Path) -> sqlite_utils.Database:
    """Open one connection with the pragmas the app relies on."""
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=True)
    db = sqlite_utils.Database(conn)
    conn.execute("PRAGMA journal_mode=WAL")
    # FULL: a transaction reported committed survives a power cut (see docs/reliability.md).
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=30000")
    return db


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
            self.data_dir.mkdir(parents=True, exist_ok=True)
            db = connect(self.db_path)
            self._local.db = db
        return db

    @contextmanager
    def atomic(self) -> Iterator[sqlite_utils.Database]:
        """One transaction (nested calls become savepoints)."""
        with self.db.atomic() as db:
            yield db

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
