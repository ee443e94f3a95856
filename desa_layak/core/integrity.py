"""Checking the data folder: the database file, its links, and every attachment file.

``check(store)`` runs SQLite's ``integrity_check`` and ``foreign_key_check``, verifies that every
attachment file exists and still matches its SHA-256 name, and that no record points at a
missing file or a missing owner. ``check(store, quick=True)`` is the cheap version run when
the app opens (``quick_check``, file presence and size, no hashing).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

from desa_layak.storage.attachments import BlobStore
from desa_layak.storage.db import Store

ProgressFn = Callable[[int, int, str], bool]

# owner_kind -> table of the owning record
OWNER_TABLES = {
    "document": "documents",
    "facility": "facilities",
    "activity": "team_activities",
    "team_activity": "team_activities",
    "budget_line": "budget_lines",
    "team": "teams",
}
MAX_LISTED = 200


@dataclass(frozen=True)
class Problem:
    kind: str  # 'database', 'foreign_key', 'attachment_missing', 'attachment_damaged', ...
    message: str  # a sentence in Bahasa Indonesia


@dataclass
class IntegrityReport:
    quick: bool
    problems: list[Problem] = field(default_factory=list)
    attachments_checked: int = 0
    files_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        kind = "cepat" if self.quick else "lengkap"
        if self.ok:
            return (f"Pemeriksaan {kind} selesai: basis data utuh, {self.attachments_checked} "
                    "lampiran tercatat dan berkasnya ada. Tidak ada masalah.")
        return f"Pemeriksaan {kind} menemukan {len(self.problems)} masalah."

    def lines(self) -> list[str]:
        return [self.summary(), *(f"- {p.message}" for p in self.problems)]


def _why(err: sqlite3.DatabaseError) -> str:
    """SQLite's reason in words (its own English text is for the log, not for the person)."""
    text = str(err).lower()
    if "malformed" in text or "corrupt" in text:
        return "berkasnya rusak"
    if "not a database" in text:
        return "berkas itu bukan basis data Desa Layak"
    if "locked" in text or "busy" in text:
        return "sedang dipakai proses lain"
    return "galat basis data"


def _db_checks(store: Store, quick: bool, report: IntegrityReport) -> bool:
    """SQLite's own checks. False when the database cannot be read at all."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        conn = store.db.conn
        rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}({MAX_LISTED})").fetchall()]
    except sqlite3.DatabaseError as err:
        report.problems.append(Problem(
            "database", f"Basis data tidak dapat dibaca ({_why(err)}). Pulihkan dari cadangan."))
        return False
    if rows != ["ok"]:
        report.problems.append(Problem(
            "database", "Berkas basis data rusak: " + "; ".join(rows[:5])
            + (f" (dan {len(rows) - 5} lainnya)" if len(rows) > 5 else "")
            + ". Pulihkan dari cadangan terakhir."))
    try:
        fk_rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as err:
        report.problems.append(Problem("foreign_key",
                                       f"Keterkaitan data tidak terbaca ({_why(err)})."))
        return False
    by_table: dict[tuple[str, str], int] = {}
    for table, _rowid, parent, _fkid in fk_rows:
        by_table[(table, parent)] = by_table.get((table, parent), 0) + 1
    for (table, parent), n in sorted(by_table.items()):
        report.problems.append(Problem(
            "foreign_key",
            f"{n} baris di tabel '{table}' merujuk ke '{parent}' yang tidak ada."))
    return True


def _attachment_checks(store: Store, quick: bool, report: IntegrityReport,
                       progress: ProgressFn) -> None:
    blobs = BlobStore(store.attachments_dir)
    try:
        rows = store.db.execute(
            "SELECT id, sha256, size, file_name, owner_kind, owner_id FROM attachments "
            "WHERE deleted_at IS NULL").fetchall()
    except sqlite3.DatabaseError as err:
        report.problems.append(Problem("database",
                                       f"Daftar lampiran tidak terbaca ({_why(err)})."))
        return
    report.attachments_checked = len(rows)
    missing: list[str] = []
    wrong_size: list[str] = []
    bad_name: list[str] = []
    for att_id, sha, size, name, _kind, _owner in rows:
        try:
            path = blobs.path_for(sha)
        except ValueError:
            bad_name.append(f"{name} ({att_id})")
            continue
        if not path.is_file():
            missing.append(name)
        elif quick and path.stat().st_size != size:
            wrong_size.append(name)
    if missing:
        report.problems.append(Problem(
            "attachment_missing",
            f"{len(missing)} lampiran tercatat tetapi berkasnya hilang: "
            + ", ".join(sorted(set(missing))[:10]) + ". Pulihkan dari cadangan."))
    if wrong_size:
        report.problems.append(Problem(
            "attachment_damaged",
            f"{len(wrong_size)} berkas lampiran berubah ukuran (rusak): "
            + ", ".join(sorted(set(wrong_size))[:10]) + "."))
    if bad_name:
        report.problems.append(Problem(
            "attachment_record", f"{len(bad_name)} catatan lampiran tidak sah: "
            + ", ".join(bad_name[:10]) + "."))
    # records pointing at an owner that does not exist
    orphans = 0
    for kind, table in OWNER_TABLES.items():
        try:
            orphans += store.db.execute(
                f'SELECT count(*) FROM attachments a WHERE a.deleted_at IS NULL '
                f'AND a.owner_kind = ? AND NOT EXISTS (SELECT 1 FROM "{table}" o '
                f'WHERE o.id = a.owner_id)', [kind]).fetchone()[0]
        except sqlite3.OperationalError:
            continue  # a table of a feature this database does not have
    if orphans:
        report.problems.append(Problem(
            "attachment_owner",
            f"{orphans} lampiran menunjuk ke dokumen/catatan yang tidak ada."))
    if quick:
        return
    # every file under a hash name must match its hash (referenced or not)
    names = sorted(blobs.all_hashes())
    damaged: list[str] = []
    labels = {sha: name for _i, sha, _s, name, _k, _o in rows}
    for i, sha in enumerate(names, start=1):
        if not blobs.verify(sha):
            damaged.append(labels.get(sha, sha[:12] + "…"))
        report.files_checked = i
        if not progress(i, len(names), f"Memeriksa lampiran {i} dari {len(names)}"):
            break
    if damaged:
        report.problems.append(Problem(
            "attachment_damaged",
            f"{len(damaged)} berkas lampiran isinya tidak cocok lagi dengan sidiknya (rusak): "
            + ", ".join(damaged[:10]) + ". Pulihkan dari cadangan."))


def check(store: Store, quick: bool = False, *,
          progress: ProgressFn | None = None) -> IntegrityReport:
    """Check the data folder; problems are listed in Bahasa Indonesia (empty when all is well)."""
    report = IntegrityReport(quick=quick)
    if _db_checks(store, quick, report):
        _attachment_checks(store, quick, report, progress or (lambda d, t, s: True))
    return report
