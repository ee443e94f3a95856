"""The SQLite file: pragmas, migrations with a backup first, newer databases refused, records."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from desa_layak.core import setup
from desa_layak.errors import NewerDatabaseError
from desa_layak.storage import migrations
from desa_layak.storage.db import Store
from desa_layak.storage.records import insert_record, soft_delete, update_record, upsert_by_key


def test_database_is_wal_with_foreign_keys(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.db_path.name == "desa-layak.sqlite3"


def test_foreign_keys_enforced(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError), store.atomic() as db:
        insert_record(db, "documents", {"village_code": "99.99.99.9999", "item_code": "A",
                                        "year": 2024})


def test_one_connection_per_thread(store: Store) -> None:
    seen = []
    t = threading.Thread(target=lambda: seen.append(store.db))
    t.start()
    t.join()
    assert seen[0] is not store.db


def test_atomic_rolls_back_whole_group(store: Store) -> None:
    before = store.db.execute("SELECT count(*) FROM documents").fetchone()[0]
    with pytest.raises(RuntimeError), store.atomic() as db:
        insert_record(db, "documents", {"village_code": "63.06.05.2005", "item_code": "A",
                                        "year": 2024})
        raise RuntimeError("crash in the middle of a save")
    assert store.db.execute("SELECT count(*) FROM documents").fetchone()[0] == before


def test_records_have_uuid_timestamps_revision_and_tombstone(store: Store) -> None:
    with store.atomic() as db:
        rid = insert_record(db, "documents", {"village_code": "63.06.05.2005",
                                              "item_code": "B", "year": 2024})
    row = store.db.execute("SELECT id, rev, created_at, updated_at, deleted_at FROM documents "
                           "WHERE id = ?", [rid]).fetchone()
    assert len(row[0]) == 36 and row[1] == 1 and row[2] and row[4] is None
    with store.atomic() as db:
        assert update_record(db, "documents", rid, {"doc_number": "7/2024"})
        assert not update_record(db, "documents", rid, {"doc_number": "7/2024"})  # no change
        assert soft_delete(db, "documents", rid)
        assert not soft_delete(db, "documents", rid)
    rev, deleted = store.db.execute("SELECT rev, deleted_at FROM documents WHERE id = ?",
                                    [rid]).fetchone()
    assert rev == 3 and deleted is not None  # still there, as a tombstone


def test_upsert_by_key_revives_tombstone(store: Store) -> None:
    key = {"village_code": "63.06.05.2005", "year": 2024, "figure_key": "anak", "sex": "L",
           "age_band": "0-4"}
    with store.atomic() as db:
        rid = upsert_by_key(db, "data_pilah_values", key, {"value": 5})
        soft_delete(db, "data_pilah_values", rid)
        assert upsert_by_key(db, "data_pilah_values", key, {"value": 6}) == rid
    value, deleted = store.db.execute(
        "SELECT value, deleted_at FROM data_pilah_values WHERE id = ?", [rid]).fetchone()
    assert (value, deleted) == (6, None)


def test_migration_takes_backup_first(tmp_path: Path, monkeypatch) -> None:
    s = setup.open_store(tmp_path)
    setup.initialise(s, "desa", "63.06.05.2005")
    s.close()

    @migrations.migrations(name="m999_test_extra")
    def extra(db) -> None:  # noqa: ANN001
        db.execute("CREATE TABLE extra (x INTEGER)")

    try:
        s2 = Store(tmp_path)
        assert migrations.migrate(s2) == ["m999_test_extra"]
        backups = list((tmp_path / "backups" / "auto").glob("*-migrasi.sqlite3"))
        assert len(backups) == 1
        copy = sqlite3.connect(backups[0])
        assert copy.execute("SELECT value FROM settings WHERE key='area_code'").fetchone()[0] == (
            "63.06.05.2005")
        assert "extra" not in {r[0] for r in copy.execute(
            "SELECT name FROM sqlite_master WHERE type='table'")}
        s2.close()
    finally:
        migrations.migrations._migrations.pop()


def test_database_from_newer_app_is_refused_untouched(tmp_path: Path) -> None:
    s = setup.open_store(tmp_path)
    s.db.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
                 "VALUES ('desa_layak', 'm050_from_the_future', '2030-01-01')")
    s.db.execute("PRAGMA user_version = 50")  # what the newer app stamps
    s.close()
    before = (tmp_path / "desa-layak.sqlite3").read_bytes()
    with pytest.raises(NewerDatabaseError, match="lebih baru"):
        setup.open_store(tmp_path)
    assert (tmp_path / "desa-layak.sqlite3").read_bytes() == before


def test_schema_version_matches_migration_steps(store: Store) -> None:
    from desa_layak.storage.db import SCHEMA_VERSION

    assert SCHEMA_VERSION == len(migrations.known_names())
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.schema_is_current()


def test_current_database_opens_without_loading_sqlite_utils(store: Store) -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from desa_layak.core import setup, checklist\n"
        f"s = setup.open_store({str(store.data_dir)!r})\n"
        "checklist.statuses(s, '63.06.05.2005', 2024)\n"
        "assert 'sqlite_utils' not in sys.modules, 'sqlite_utils loaded'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_database_wrapper_hands_other_calls_to_sqlite_utils(store: Store) -> None:
    db = store.db
    assert db["settings"].exists()
    assert "documents" in db.table_names()
    with db.atomic():
        with db.atomic():  # nested: a savepoint
            db.execute("INSERT INTO settings(key, value) VALUES ('x', '1')")
        assert db.conn.in_transaction
    assert list(db.query("SELECT value FROM settings WHERE key = 'x'")) == [{"value": "1"}]
