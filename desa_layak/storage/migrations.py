"""Schema migrations (sqlite-utils ``Migrations``), with a backup copy taken before any runs.

Add a new step at the end with ``@migrations()``; never edit a step that has shipped.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from desa_layak.errors import NewerDatabaseError, StorageError
from desa_layak.storage import lock
from desa_layak.storage.db import Store

MIGRATION_SET = "desa_layak"
migrations = Migrations(MIGRATION_SET)

# Columns every synced record carries: a stable UUID, timestamps, a revision, a tombstone.
RECORD_COLUMNS = """
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    rev INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT
"""


def _run(db: Database, *statements: str) -> None:
    for sql in statements:
        db.execute(sql)


@migrations()
def m001_foundation(db: Database) -> None:
    _run(
        db,
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        f"""CREATE TABLE villages ({RECORD_COLUMNS},
            code TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('desa', 'kelurahan')),
            district_code TEXT NOT NULL,
            district_name TEXT NOT NULL,
            regency_code TEXT NOT NULL,
            regency_name TEXT NOT NULL,
            province_code TEXT NOT NULL,
            province_name TEXT NOT NULL,
            head_name TEXT NOT NULL DEFAULT '',
            secretary_name TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            report_place TEXT NOT NULL DEFAULT ''
        )""",
        f"""CREATE TABLE checklist_years ({RECORD_COLUMNS},
            village_code TEXT NOT NULL REFERENCES villages(code),
            year INTEGER NOT NULL,
            catalogue_version INTEGER NOT NULL,
            UNIQUE (village_code, year)
        )""",
        f"""CREATE TABLE documents ({RECORD_COLUMNS},
            village_code TEXT NOT NULL REFERENCES villages(code),
            item_code TEXT NOT NULL,
            year INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'ditetapkan' CHECK (status IN ('draf', 'ditetapkan')),
            doc_number TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            date_set TEXT,
            valid_from TEXT,
            valid_until TEXT,
            issuer TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX idx_documents_village_item ON documents(village_code, item_code)",
        f"""CREATE TABLE attachments ({RECORD_COLUMNS},
            village_code TEXT NOT NULL REFERENCES villages(code),
            owner_kind TEXT NOT NULL,
            owner_id TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            file_name TEXT NOT NULL,
            mime TEXT NOT NULL,
            size INTEGER NOT NULL,
            original_size INTEGER NOT NULL,
            width INTEGER,
            height INTEGER,
            pages INTEGER
        )""",
        "CREATE INDEX idx_attachments_owner ON attachments(owner_kind, owner_id)",
        "CREATE INDEX idx_attachments_sha ON attachments(sha256)",
        # -- the village's figures (items F, G, H and the teams behind B-E) --------------
        f"""CREATE TABLE data_pilah_values ({RECORD_COLUMNS},
            village_code TEXT NOT NULL REFERENCES villages(code),
            year INTEGER NOT NULL,
            figure_key TEXT NOT NULL,
            sex TEXT NOT NULL DEFAULT '',
            age_band TEXT NOT NULL DEFAULT '',
            value INTEGER NOT NULL CHECK (value >= 0),
            UNIQUE (village_code, year, figure_key, sex, age_band)
        )""",
        f"""CREATE TABLE budgets ({RECORD_COLUMNS},
            village_code TEXT NOT NULL REFERENCES villages(code),
            year INTEGER NOT NULL,
            apbdes_total INTEGER NOT NULL DEFAULT 0 CHECK (apbdes_total >= 0),
            UNIQUE (village_code, year)
        )""",
        f"""CREATE TABLE budget_lines ({RECORD_COLUMNS},
            village_code TEXT NOT NULL REFERENCES villages(code),
            year INTEGER NOT NULL,
            activity TEXT NOT NULL,
            bidang TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            amount INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
            realised INTEGER NOT NULL DEFAULT 0 CHECK (realised >= 0)
        )""",
        f"""CREATE TABLE facilities ({RECORD_COLUMNS},
            village_code TEXT NOT NULL REFERENCES villages(code),
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            location TEXT NOT NULL DEFAULT '',
            since_year INTEGER,
            condition TEXT NOT NULL DEFAULT '',
            active INTEGER NOT NULL DEFAULT 1,
            notes TEXT NOT NULL DEFAULT ''
        )""",
        f"""CREATE TABLE teams ({RECORD_COLUMNS},
            village_code TEXT NOT NULL REFERENCES villages(code),
            year INTEGER NOT NULL,
            team_key TEXT NOT NULL,
            members_l INTEGER NOT NULL DEFAULT 0 CHECK (members_l >= 0),
            members_p INTEGER NOT NULL DEFAULT 0 CHECK (members_p >= 0),
            chair_name TEXT NOT NULL DEFAULT '',
            UNIQUE (village_code, year, team_key)
        )""",
        f"""CREATE TABLE team_activities ({RECORD_COLUMNS},
            village_code TEXT NOT NULL REFERENCES villages(code),
            year INTEGER NOT NULL,
            team_key TEXT NOT NULL,
            date TEXT,
            title TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT ''
        )""",
        f"""CREATE TABLE drppa_answers ({RECORD_COLUMNS},
            village_code TEXT NOT NULL REFERENCES villages(code),
            year INTEGER NOT NULL,
            indicator INTEGER NOT NULL,
            value TEXT NOT NULL DEFAULT '',
            UNIQUE (village_code, year, indicator)
        )""",
        # -- sync bundles (kecamatan side) --------------------------------------------
        """CREATE TABLE village_sources (
            village_code TEXT PRIMARY KEY REFERENCES villages(code),
            public_key TEXT NOT NULL,
            last_seq INTEGER NOT NULL,
            bundle_sha256 TEXT NOT NULL,
            exported_at TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            app_version TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE TABLE import_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            file_name TEXT NOT NULL,
            village_code TEXT,
            seq INTEGER,
            result TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT ''
        )""",
        """CREATE TABLE key_changes (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            village_code TEXT NOT NULL,
            old_key TEXT NOT NULL,
            new_key TEXT NOT NULL,
            reason TEXT NOT NULL
        )""",
    )


@migrations()
def m002_import_log_key(db: Database) -> None:
    """Remember the key and manifest hash of each import attempt (accept-key uses them)."""
    _run(
        db,
        "ALTER TABLE import_log ADD COLUMN public_key TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE import_log ADD COLUMN bundle_sha256 TEXT NOT NULL DEFAULT ''",
    )


# ------------------------------------------------------------------------------------------


def known_names() -> set[str]:
    return {m.name for m in migrations._migrations}


def backup_database(source: Path, dest: Path) -> Path:
    """Copy a (possibly live, WAL) database with SQLite's online backup API."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".tmp")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        out = sqlite3.connect(str(tmp))
        try:
            src.backup(out)
        finally:
            out.close()
    finally:
        src.close()
    tmp.replace(dest)
    return dest


def migrate(store: Store) -> list[str]:
    """Bring the database up to date; refuse one written by a newer app. Returns steps run.

    Afterwards ``PRAGMA user_version`` holds the number of steps applied, so that
    ``setup.open_store`` can skip importing this module when the schema is current."""
    db = store.db.utils
    applied = [m.name for m in migrations.applied(db)]
    unknown = [name for name in applied if name not in known_names()]
    stamped = db.execute("PRAGMA user_version").fetchone()[0]
    if stamped > len(known_names()) and not unknown:
        unknown = [f"versi skema {stamped}"]
    if unknown:
        from desa_layak import __version__

        raise NewerDatabaseError(
            f"Basis data di {store.db_path} dibuat oleh versi Desa Layak yang lebih baru "
            f"(perubahan skema tidak dikenal: {', '.join(unknown)}). Versi ini ({__version__}) "
            "tidak akan membukanya agar data tidak rusak. Pasang versi terbaru aplikasi."
        )
    pending = [m.name for m in migrations.pending(db)]
    if store.read_only:  # a write-protected folder: read what is there, change nothing
        if pending:
            raise StorageError(
                f"Basis data di {store.db_path} perlu diperbarui ke versi aplikasi ini, tetapi "
                "foldernya hanya-baca. Salin folder data ke laptop dulu, lalu buka "
                "salinannya. Tidak ada data yang diubah.")
        return []
    # Another copy of the app must not write while the schema changes (storage/lock.py).
    with lock.holding(store.data_dir):
        if not pending:
            _stamp(db)
            return []
        if applied:
            from desa_layak.storage.backup import auto_backup

            auto_backup(store, "migrasi")  # online backup API, kept by the backup rotation
        migrations.apply(db)
        _stamp(db)
    return pending


def _stamp(db: Database) -> None:
    db.execute(f"PRAGMA user_version = {len(known_names())}")
