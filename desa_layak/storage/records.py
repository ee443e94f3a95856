"""Synced records: stable UUIDs, timestamps, revision numbers and tombstones.

Every table made with ``RECORD_COLUMNS`` is written through these helpers, so a later sync can
tell versions apart and deletions travel (a row is never removed, only marked deleted).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desa_layak.storage.db import Database

_RESERVED = {"id", "created_at", "updated_at", "rev", "deleted_at"}


def new_id() -> str:
    import uuid  # here, not at the top: uuid pulls in platform, ~4 ms off the start-up path

    return str(uuid.uuid4())


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def insert_record(
    db: Database, table: str, values: Mapping[str, Any], *, id: str | None = None
) -> str:
    """Insert a new record; returns its id."""
    record_id = id or new_id()
    stamp = now_iso()
    row = {k: v for k, v in values.items() if k not in _RESERVED}
    row.update(id=record_id, created_at=stamp, updated_at=stamp, rev=1, deleted_at=None)
    cols = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" for _ in row)
    db.execute(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', list(row.values()))
    return record_id


# How a record of each table is called in a refusal (default: "Catatan").
_RECORD_NAMES = {
    "documents": "Dokumen",
    "attachments": "Lampiran",
    "facilities": "Fasilitas",
    "budget_lines": "Kegiatan anggaran",
    "budgets": "Anggaran",
    "team_activities": "Kegiatan tim",
    "teams": "Tim",
    "villages": "Desa/kelurahan",
}


def update_record(db: Database, table: str, record_id: str, values: Mapping[str, Any]) -> bool:
    """Change fields of a record, bumping its revision. Returns False if nothing changed.

    A record that does not exist raises NotFoundError; one that has been deleted (a
    tombstone, e.g. by another window or command meanwhile) raises RecordDeletedError and is
    left as it is, unless ``values`` revives it explicitly with ``deleted_at=None``
    (``upsert_by_key``). Either way nothing is written."""
    from desa_layak.errors import NotFoundError, RecordDeletedError

    row = {k: v for k, v in values.items() if k not in _RESERVED}
    current = db.execute(f'SELECT * FROM "{table}" WHERE id = ?', [record_id]).fetchone()
    what = _RECORD_NAMES.get(table, "Catatan")
    if current is None:
        raise NotFoundError(f"{what} dengan id '{record_id}' tidak ada.")
    names = [d[0] for d in db.execute(f'SELECT * FROM "{table}" LIMIT 0').description]
    old = dict(zip(names, current, strict=True))
    revive = old["deleted_at"] is not None and values.get("deleted_at", "keep") is None
    if old["deleted_at"] is not None and not revive:
        raise RecordDeletedError(
            f"{what} ini sudah dihapus (mungkin lewat jendela atau perintah lain), jadi "
            "perubahannya tidak disimpan. Muat ulang daftarnya; bila masih diperlukan, catat "
            "sebagai yang baru.")
    changed = {k: v for k, v in row.items() if old.get(k) != v}
    if not changed and not revive:
        return False
    sets = ", ".join(f'"{c}" = ?' for c in changed)
    extra = ", deleted_at = NULL" if revive else ""
    sep = ", " if sets else ""
    db.execute(
        f'UPDATE "{table}" SET {sets}{sep}updated_at = ?, rev = rev + 1{extra} WHERE id = ?',
        [*changed.values(), now_iso(), record_id],
    )
    return True


def upsert_by_key(
    db: Database, table: str, key: Mapping[str, Any], values: Mapping[str, Any]
) -> str:
    """Insert or update the record identified by a natural key (reviving a tombstone)."""
    where = " AND ".join(f'"{k}" = ?' for k in key)
    found = db.execute(f'SELECT id FROM "{table}" WHERE {where}', list(key.values())).fetchone()
    if found is None:
        return insert_record(db, table, {**key, **values})
    update_record(db, table, found[0], {**values, "deleted_at": None})
    return found[0]


def save_record(db: Database, table: str, record_id: str | None, values: Mapping[str, Any],
                new_only: Mapping[str, Any]) -> str:
    """Update the record ``record_id``, or insert a new one with ``new_only`` added (the
    fields set once, e.g. village and year). Returns the id; callers keep it only once the
    transaction has committed, so a failed save can be tried again as it was."""
    if record_id:
        update_record(db, table, record_id, values)
        return record_id
    return insert_record(db, table, {**new_only, **values})


def soft_delete_with_attachments(db: Database, table: str, owner_kind: str,
                                 record_id: str) -> bool:
    """Tombstone a record and every live attachment it owns, in the caller's transaction."""
    if not soft_delete(db, table, record_id):
        return False
    for (att_id,) in db.execute(
            "SELECT id FROM attachments WHERE owner_kind = ? AND owner_id = ? "
            "AND deleted_at IS NULL", [owner_kind, record_id]).fetchall():
        soft_delete(db, "attachments", att_id)
    return True


def soft_delete(db: Database, table: str, record_id: str) -> bool:
    """Mark a record deleted (a tombstone that travels in bundles). False if already gone."""
    cur = db.execute(
        f'UPDATE "{table}" SET deleted_at = ?, updated_at = ?, rev = rev + 1 '
        "WHERE id = ? AND deleted_at IS NULL",
        [now_iso(), now_iso(), record_id],
    )
    return cur.rowcount > 0
