"""Backups: automatic database snapshots with rotation, and complete backup files (``.dlbak``).

* Snapshots use SQLite's online backup API, never a file copy of a live WAL database.
* Automatic snapshots (``backups/auto/``) are taken before a migration, before a bundle import
  in kecamatan mode and at most once a day on start; ``rotate`` keeps recent daily, weekly and
  monthly copies within a size budget.
* A complete backup file is a zip: ``manifest.json`` (hashes of every member), the database
  snapshot, every attachment file its rows name and the installation's keys. ``read_backup``
  verifies every hash and the database itself before ``restore`` touches anything;
  ``restore`` first saves the current state as a backup file, then adds the attachments
  (content-addressed, so adding is harmless) and replaces the database in one SQLite
  transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from desa_layak.errors import DesaLayakError, StorageError, describe_os_error
from desa_layak.storage import lock
from desa_layak.storage.db import (
    DB_FILE,
    Store,
    _uri,
    connect_read_only,
    is_damaged,
    storage_error_from_sqlite,
)
from desa_layak.storage.files import atomic_path, atomic_write, fsync_dir
from desa_layak.storage.seq_mark import noted_seq

FORMAT = "desa-layak-backup"
FORMAT_VERSION = 1
EXTENSION = ".dlbak"
MANIFEST = "manifest.json"
DB_MEMBER = "database/" + DB_FILE
AUTO_DIR = "auto"
AUTO_SUFFIX = ".sqlite3"
DEFAULT_BUDGET_BYTES = 512 * 1024 * 1024
KEEP_RECENT = 3
KEEP_DAILY = 7
KEEP_WEEKLY = 5
KEEP_MONTHLY = 12
BUNDLE_SEQ_SETTING = "bundle_seq"  # desa_layak.bundles.export.SEQ_SETTING

ProgressFn = Callable[[int, int, str], bool]

REASON_LABELS = {
    "migrasi": "sebelum pembaruan skema basis data",
    "impor": "sebelum impor bundel",
    "harian": "cadangan harian",
    "pulih": "sebelum pemulihan",
    "manual": "cadangan manual",
}


class BackupError(DesaLayakError):
    """A backup file is damaged, incomplete or not a Desa Layak backup."""


class RestoreRefused(DesaLayakError):
    """The user (or a missing terminal) did not confirm a restore."""


def _no_progress(done: int, total: int, text: str) -> bool:
    return True


def _stamp(now: dt.datetime | None = None) -> str:
    return (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# -- database snapshots ---------------------------------------------------------------------

def snapshot_database(source: Path, dest: Path) -> Path:
    """Copy a (possibly live, WAL) database to ``dest`` with SQLite's online backup API.

    The copy is written beside ``dest``, fsynced and renamed, so ``dest`` is never partial.
    """
    dest = Path(dest)
    with atomic_path(dest) as tmp:
        # read-only: also from a write-protected flash drive (storage/db.connect_read_only)
        src = connect_read_only(Path(source))
        try:
            out = sqlite3.connect(str(tmp))
            try:
                src.conn.backup(out)
                out.execute("PRAGMA journal_mode=DELETE")
            finally:
                out.close()
        finally:
            src.close()
    return dest


@dataclass(frozen=True)
class AutoBackup:
    path: Path
    at: dt.datetime
    reason: str
    size: int

    @property
    def label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)


_AUTO_RE = re.compile(r"^(\d{8}-\d{6})(?:-(\d+))?-([a-z]+)\.sqlite3$")


def auto_dir(store: Store) -> Path:
    return store.backups_dir / AUTO_DIR


def list_auto_backups(store: Store) -> list[AutoBackup]:
    """Automatic snapshots, newest first."""
    folder = auto_dir(store)
    if not folder.is_dir():
        return []
    out = []
    for p in folder.iterdir():
        m = _AUTO_RE.match(p.name)
        if not m or not p.is_file():
            continue
        at = dt.datetime.strptime(m.group(1), "%Y%m%d-%H%M%S")
        out.append(AutoBackup(p, at, m.group(3), p.stat().st_size))
    out.sort(key=lambda b: (b.at, b.path.name), reverse=True)
    return out


def auto_backup(store: Store, reason: str, *, now: dt.datetime | None = None,
                budget: int = DEFAULT_BUDGET_BYTES) -> Path | None:
    """Take an automatic snapshot of the database (then rotate). None if there is no database.

    Raises StorageError (plain words) when the snapshot cannot be written.
    """
    if not store.db_path.exists():
        return None
    now = now or dt.datetime.now()
    folder = auto_dir(store)
    name = f"{_stamp(now)}-{reason}{AUTO_SUFFIX}"
    n = 1
    while (folder / name).exists():
        n += 1
        name = f"{_stamp(now)}-{n}-{reason}{AUTO_SUFFIX}"
    try:
        path = snapshot_database(store.db_path, folder / name)
    except OSError as err:
        raise describe_os_error(err, "cadangan otomatis", target=auto_dir(store)) from err
    except sqlite3.OperationalError as err:
        mapped = storage_error_from_sqlite(err, "cadangan otomatis", target=auto_dir(store))
        if mapped is None:
            raise
        raise mapped from err
    rotate(store, now=now, budget=budget)
    return path


def backup_before_import(store: Store) -> Path | None:
    """Snapshot before a bundle import (kecamatan mode; a desa installation is skipped)."""
    if store.get_setting("role") != "kecamatan":
        return None
    return auto_backup(store, "impor")


def daily_backup_if_due(store: Store, *, now: dt.datetime | None = None) -> Path | None:
    """At most one snapshot per calendar day on start (any automatic snapshot today counts)."""
    now = now or dt.datetime.now()
    if not store.db_path.exists() or store.get_setting("role") is None:
        return None
    if any(b.at.date() == now.date() for b in list_auto_backups(store)):
        return None
    return auto_backup(store, "harian", now=now)


def choose_kept(backups: Iterable[AutoBackup], *, budget: int = DEFAULT_BUDGET_BYTES,
                now: dt.datetime | None = None) -> set[Path]:
    """Which snapshots to keep: the newest few, the newest of each of the last days, weeks and
    months; then, oldest first, drop what does not fit the size budget (the newest stays)."""
    items = sorted(backups, key=lambda b: (b.at, b.path.name), reverse=True)
    if not items:
        return set()
    keep: list[AutoBackup] = list(items[:KEEP_RECENT])
    seen: dict[str, set] = {"d": set(), "w": set(), "m": set()}
    limits = {"d": KEEP_DAILY, "w": KEEP_WEEKLY, "m": KEEP_MONTHLY}
    for b in items:
        keys = {"d": b.at.date(), "w": tuple(b.at.isocalendar())[:2], "m": (b.at.year, b.at.month)}
        for kind, key in keys.items():
            if key not in seen[kind] and len(seen[kind]) < limits[kind]:
                seen[kind].add(key)
                if b not in keep:
                    keep.append(b)
    keep.sort(key=lambda b: (b.at, b.path.name), reverse=True)
    total = 0
    kept: set[Path] = set()
    for i, b in enumerate(keep):
        if i == 0 or total + b.size <= budget:
            kept.add(b.path)
            total += b.size
    return kept


def rotate(store: Store, *, now: dt.datetime | None = None,
           budget: int = DEFAULT_BUDGET_BYTES) -> list[Path]:
    """Delete automatic snapshots the rotation does not keep; returns the deleted paths."""
    backups = list_auto_backups(store)
    kept = choose_kept(backups, budget=budget, now=now)
    removed = []
    for b in backups:
        if b.path not in kept:
            with contextlib.suppress(OSError):
                b.path.unlink()
                removed.append(b.path)
    # stray temporaries of an interrupted snapshot
    for tmp in auto_dir(store).glob(".*.tmp") if auto_dir(store).is_dir() else []:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return removed


# -- complete backup files -------------------------------------------------------------------

@dataclass
class BackupInfo:
    """What a backup file holds (from its verified manifest)."""

    path: Path
    created_at: str
    app_version: str
    role: str | None
    area_code: str | None
    area_name: str | None
    counts: dict[str, int]
    attachments: int
    attachments_bytes: int
    db_bytes: int
    keys: list[str] = field(default_factory=list)
    snapshot: bool = False  # an automatic snapshot: the database alone, no files or keys
    named: frozenset[str] = frozenset()  # a snapshot: the attachment files its rows name

    def other_area(self, identity) -> bool:  # noqa: ANN001 - core.setup.Identity or None
        """True when this backup holds another role or area than ``identity`` (this data
        folder's); restoring it makes the folder that other area's."""
        return identity is not None and \
            (self.role, self.area_code) != (identity.role, identity.area_code)

    def describe(self) -> list[str]:
        """Lines in Bahasa Indonesia for a confirmation question."""
        from desa_layak.core.formatting import format_date

        try:
            when = dt.datetime.fromisoformat(self.created_at)
            created = f"{format_date(when.date())} pukul {when:%H.%M}"
        except (ValueError, TypeError):
            created = self.created_at
        role = {"desa": "desa/kelurahan", "kecamatan": "kecamatan"}.get(self.role or "", "-")
        area = f"{self.area_name or '-'} ({self.area_code or '-'})"
        from desa_layak.core.formatting import format_size

        lines = [
            (f"Cadangan otomatis: {self.path.name}" if self.snapshot
             else f"Berkas cadangan: {self.path.name}"),
            f"Dibuat: {created}" + (f" (Desa Layak {self.app_version})" if self.app_version
                                    else ""),
            f"Wilayah: {area}, mode {role}",
            f"Dokumen: {self.counts.get('documents', 0)}, "
            f"desa/kelurahan dengan dokumen: {self.counts.get('villages_with_data', 0)}",
        ]
        if self.snapshot:
            return [*lines,
                    f"Lampiran: {self.attachments} berkas tercatat (cadangan otomatis hanya "
                    "berisi basis data; berkas lampiran yang ada di folder data tetap dipakai)",
                    f"Ukuran isi: {format_size(self.db_bytes)}"]
        return [*lines,
                f"Lampiran: {self.attachments} berkas",
                f"Ukuran isi: {format_size(self.db_bytes + self.attachments_bytes)}"]


def _db_summary(db_path: Path) -> dict[str, object]:
    conn = sqlite3.connect(_uri(db_path, mode="ro"), uri=True)
    try:
        def one(sql: str, default: object = 0) -> object:
            try:
                row = conn.execute(sql).fetchone()
            except sqlite3.Error:
                return default
            return row[0] if row else default

        settings = {}
        with contextlib.suppress(sqlite3.Error):
            settings = dict(conn.execute("SELECT key, value FROM settings").fetchall())
        return {
            "role": settings.get("role"),
            "area_code": settings.get("area_code"),
            "area_name": settings.get("area_name"),
            "counts": {
                "documents": one("SELECT count(*) FROM documents WHERE deleted_at IS NULL"),
                "attachments": one("SELECT count(*) FROM attachments WHERE deleted_at IS NULL"),
                "villages_with_data": one(
                    "SELECT count(DISTINCT village_code) FROM documents "
                    "WHERE deleted_at IS NULL"),
            },
        }
    finally:
        conn.close()


def _blob_files(store: Store) -> list[tuple[str, Path]]:
    root = store.attachments_dir
    if not root.is_dir():
        return []
    return sorted((p.name, p) for p in root.glob("??/*")
                  if re.fullmatch(r"[0-9a-f]{64}", p.name) and p.is_file())


def _named_files(snapshot: Path) -> set[str] | None:
    """The attachment hashes a database snapshot names, or None if it cannot say."""
    try:
        conn = sqlite3.connect(str(snapshot))  # our own temporary copy
    except sqlite3.Error:
        return None
    try:
        return {row[0] for row in conn.execute("SELECT DISTINCT sha256 FROM attachments")}
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _drop_unnamed_files(store: Store) -> None:
    """After a restore: attachment files the restored database does not name go (the state
    before the restore, files included, is in its backup file). Restoring another village's
    backup must not leave the first village's scans on the laptop."""
    named = _named_files(store.db_path)
    if named is None:
        return
    for digest, path in _blob_files(store):
        if digest not in named:
            with contextlib.suppress(OSError):
                path.unlink()


def _os_error_target(err: OSError, dest: Path) -> str | Path:
    """The file an OSError names (the backup file, its folder, an attachment being read),
    else the backup file being written."""
    return err.filename if err.filename not in (None, "") else dest


def create_backup(store: Store, dest: Path, *, progress: ProgressFn | None = None,
                  app_version: str | None = None) -> BackupInfo:
    """Write a complete backup file (database snapshot + attachments + keys + manifest).

    The file appears under ``dest`` only when complete (temporary name, fsync, rename).
    Attachment files whose content no longer matches their name are left out (and counted as
    a problem by ``desa-layak check``). Raises StorageError in plain words if writing fails.
    """
    from desa_layak import __version__

    progress = progress or _no_progress
    dest = Path(dest)
    if not store.db_path.exists():
        raise BackupError("Belum ada data untuk dicadangkan di folder ini.")
    blobs = _blob_files(store)
    keys = sorted(p for p in store.keys_dir.glob("*") if p.is_file()) \
        if store.keys_dir.is_dir() else []
    total = len(blobs) + 2
    try:
        work = Path(tempfile.mkdtemp(prefix="desa-layak-backup-"))
    except OSError as err:
        raise describe_os_error(err, "cadangan", target=tempfile.gettempdir()) from err
    try:
        snap = work / DB_FILE
        try:
            snapshot_database(store.db_path, snap)
        except sqlite3.Error as err:
            raise BackupError(
                f"Basis data {store.db_path} tidak dapat dibaca untuk dicadangkan (berkasnya "
                "rusak atau bukan basis data Desa Layak). Tidak ada berkas cadangan yang "
                "dibuat.") from err
        # Only the files the database names (its rows, deleted ones too): a file left in the
        # folder by something else (another village's scans after restoring its backup) must
        # not travel in this village's backups.
        named = _named_files(snap)
        if named is not None:
            blobs = [(digest, path) for digest, path in blobs if digest in named]
            total = len(blobs) + 2
        progress(1, total, "Basis data disalin")
        summary = _db_summary(snap)
        members: dict[str, dict[str, object]] = {
            DB_MEMBER: {"sha256": _sha256_file(snap), "size": snap.stat().st_size},
        }
        with atomic_write(dest) as fh, zipfile.ZipFile(fh, "w") as zf:
            zf.write(snap, DB_MEMBER, compress_type=zipfile.ZIP_DEFLATED)
            att_bytes = 0
            att_count = 0
            for i, (digest, path) in enumerate(blobs, start=2):
                data = path.read_bytes()
                if hashlib.sha256(data).hexdigest() != digest:
                    continue  # a damaged file must not travel under its old name
                name = f"attachments/{digest[:2]}/{digest}"
                zf.writestr(name, data, compress_type=zipfile.ZIP_STORED)
                members[name] = {"sha256": digest, "size": len(data)}
                att_bytes += len(data)
                att_count += 1
                if not progress(i, total, f"Lampiran {i - 1} dari {len(blobs)}"):
                    raise BackupError("Pencadangan dibatalkan.")
            for key in keys:
                data = key.read_bytes()
                name = f"keys/{key.name}"
                zf.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
                members[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": dt.datetime.now().isoformat(timespec="seconds"),
                "app_version": app_version or __version__,
                **summary,
                "members": members,
            }
            zf.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
        progress(total, total, "Selesai")
    except OSError as err:
        raise describe_os_error(err, "cadangan", target=_os_error_target(err, dest)) from err
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return _info_from_manifest(dest, manifest)


def _text_or_none(value: object, limit: int = 200) -> str | None:
    return value[:limit] if isinstance(value, str) else None


def _info_from_manifest(path: Path, manifest: dict) -> BackupInfo:
    """What the manifest says (descriptive fields are only shown, so odd ones are dropped)."""
    members = manifest.get("members", {})
    atts = {k: v for k, v in members.items() if k.startswith("attachments/")}
    raw_counts = manifest.get("counts")
    counts = {str(k): v for k, v in raw_counts.items()
              if isinstance(v, int) and not isinstance(v, bool)} \
        if isinstance(raw_counts, dict) else {}
    return BackupInfo(
        path=Path(path),
        created_at=_text_or_none(manifest.get("created_at")) or "",
        app_version=_text_or_none(manifest.get("app_version"), 40) or "",
        role=_text_or_none(manifest.get("role"), 20),
        area_code=_text_or_none(manifest.get("area_code"), 40),
        area_name=_text_or_none(manifest.get("area_name")),
        counts=counts,
        attachments=len(atts),
        attachments_bytes=sum(int(v["size"]) for v in atts.values()),
        db_bytes=int(members[DB_MEMBER]["size"]),
        keys=sorted(k.split("/", 1)[1] for k in members if k.startswith("keys/")),
    )


_MEMBER_RE = re.compile(
    r"^(database/" + re.escape(DB_FILE) + r"|attachments/([0-9a-f]{2})/([0-9a-f]{64})"
    r"|keys/[A-Za-z0-9._-]{1,80})$"
)


def _damaged(path: Path, why: str) -> BackupError:
    return BackupError(
        f"Berkas cadangan '{Path(path).name}' rusak atau bukan cadangan Desa Layak ({why}). "
        "Tidak ada data yang diubah."
    )


def _load_manifest(zf: zipfile.ZipFile, path: Path) -> dict:
    try:
        raw = zf.read(MANIFEST)
    except KeyError as err:
        raise _damaged(path, "daftar isi tidak ada") from err
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        raise _damaged(path, "daftar isi tidak terbaca") from err
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _damaged(path, "bukan format cadangan Desa Layak")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            f"Berkas cadangan '{path.name}' dibuat oleh versi Desa Layak yang lebih baru. "
            "Pasang versi terbaru aplikasi untuk memulihkannya. Tidak ada data yang diubah."
        )
    members = manifest.get("members")
    if not isinstance(members, dict) or DB_MEMBER not in members:
        raise _damaged(path, "daftar isi tidak lengkap")
    for name, meta in members.items():
        m = _MEMBER_RE.match(str(name))
        if not m or not isinstance(meta, dict):
            raise _damaged(path, f"isi tidak dikenal: {str(name)[:60]}")
        sha, size = meta.get("sha256"), meta.get("size")
        if not (isinstance(sha, str) and re.fullmatch(r"[0-9a-f]{64}", sha)
                and isinstance(size, int) and size >= 0):
            raise _damaged(path, f"daftar isi salah untuk {name}")
        if m.group(3) and (m.group(3) != sha or m.group(2) != sha[:2]):
            raise _damaged(path, f"nama lampiran tidak cocok: {name}")
    return manifest


def _extract_verified(zf: zipfile.ZipFile, name: str, meta: dict, dest: Path,
                      path: Path) -> None:
    h = hashlib.sha256()
    size = 0
    try:
        info = zf.getinfo(name)
    except KeyError as err:
        raise _damaged(path, f"{name} hilang") from err
    if info.file_size != meta["size"]:
        raise _damaged(path, f"ukuran {name} tidak cocok")
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zf.open(info) as src, open(dest, "wb") as out:
        for chunk in iter(lambda: src.read(1 << 20), b""):
            size += len(chunk)
            if size > meta["size"]:
                raise _damaged(path, f"ukuran {name} tidak cocok")
            h.update(chunk)
            out.write(chunk)
    if size != meta["size"] or h.hexdigest() != meta["sha256"]:
        raise _damaged(path, f"isi {name} tidak cocok dengan sidik (hash)-nya")


def _check_database(db_path: Path, path: Path) -> None:
    from desa_layak.storage.migrations import known_names

    try:
        conn = sqlite3.connect(_uri(db_path, mode="ro"), uri=True)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            has_settings = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='settings'").fetchone()
            applied: list[str] = []
            if conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' "
                            "AND name='_sqlite_migrations'").fetchone():
                applied = [r[0] for r in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = 'desa_layak'")]
            fk_broken = bool(rows == ["ok"] and conn.execute(
                "PRAGMA foreign_key_check").fetchone())
            if rows == ["ok"]:
                # every value must read back (text that is not UTF-8 would break the app later)
                tables = [r[0] for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'")]
                for table in tables:
                    for _row in conn.execute(f'SELECT * FROM "{table}"'):
                        pass
        finally:
            conn.close()
    except (sqlite3.Error, UnicodeDecodeError) as err:
        raise _damaged(path, "basis data di dalamnya tidak terbaca") from err
    if rows != ["ok"]:
        raise _damaged(path, "basis data di dalamnya rusak")
    if not has_settings:
        raise _damaged(path, "basis data di dalamnya bukan milik Desa Layak")
    if fk_broken:  # the app never writes such links (foreign keys are on): damage
        raise _damaged(path, "keterkaitan data di dalam basis datanya rusak")
    unknown = [n for n in applied if n not in known_names()]
    if unknown:
        raise BackupError(
            f"Berkas cadangan '{path.name}' berisi basis data dari versi Desa Layak yang lebih "
            "baru. Pasang versi terbaru aplikasi untuk memulihkannya. Tidak ada data yang diubah."
        )


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError as err:
        raise BackupError(f"Berkas cadangan '{path}' tidak ditemukan.") from err
    except Exception as err:  # noqa: BLE001 - zipfile raises many kinds on hostile input
        raise _damaged(path, "bukan arsip yang utuh") from err


def verify_backup(path: Path, staging: Path, *, progress: ProgressFn | None = None) -> BackupInfo:
    """Extract every member into ``staging`` checking its hash, then check the database.

    Raises BackupError (nothing outside ``staging`` is touched) if anything does not match.
    """
    progress = progress or _no_progress
    path = Path(path)
    with _open_zip(path) as zf:
        try:
            manifest = _load_manifest(zf, path)
            members = manifest["members"]
            total = len(members)
            for i, (name, meta) in enumerate(sorted(members.items()), start=1):
                _extract_verified(zf, name, meta, staging / name, path)
                if not progress(i, total + 1, f"Memeriksa {i} dari {total}"):
                    raise BackupError("Pemulihan dibatalkan; tidak ada data yang diubah.")
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError,
                RuntimeError) as err:
            raise _damaged(path, "isi arsip tidak terbaca") from err
        except OSError as err:
            if isinstance(err, FileNotFoundError):
                raise _damaged(path, "isi arsip tidak terbaca") from err
            raise describe_os_error(err, "pemeriksaan cadangan", target=staging) from err
    _check_database(staging / DB_MEMBER, path)
    return _info_from_manifest(path, manifest)


def is_snapshot(path: Path | str) -> bool:
    """An automatic snapshot (``backups/auto/*.sqlite3``) rather than a backup file."""
    return Path(path).suffix.lower() == AUTO_SUFFIX


def verify_snapshot(path: Path, staging: Path, *, progress: ProgressFn | None = None
                    ) -> BackupInfo:
    """An automatic snapshot, copied into ``staging`` as a backup file's database would be
    extracted, and checked the same way. It holds the database alone: the attachment files
    its rows name are those of the data folder (content-addressed, never changed in place),
    and the installation's keys stay as they are.

    Raises BackupError (nothing outside ``staging`` is touched) if it cannot be used."""
    progress = progress or _no_progress
    path = Path(path)
    dest = staging / DB_MEMBER
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    except FileNotFoundError as err:
        raise _damaged(path, "berkasnya tidak ada") from err
    except OSError as err:
        raise describe_os_error(err, "pemeriksaan cadangan", target=path) from err
    progress(1, 2, "Memeriksa basis data")
    _check_database(dest, path)
    summary = _db_summary(dest)
    found = _AUTO_RE.match(path.name)
    when = dt.datetime.strptime(found.group(1), "%Y%m%d-%H%M%S") if found else \
        dt.datetime.fromtimestamp(path.stat().st_mtime)
    counts = summary["counts"]
    named = _named_files(dest) or set()
    return BackupInfo(
        path=path, created_at=when.isoformat(timespec="seconds"), app_version="",
        role=_text_or_none(summary["role"], 20), area_code=_text_or_none(summary["area_code"], 40),
        area_name=_text_or_none(summary["area_name"]),
        counts=dict(counts) if isinstance(counts, dict) else {},
        attachments=len(named), attachments_bytes=0, db_bytes=dest.stat().st_size,
        snapshot=True, named=frozenset(named))


def missing_files(store: Store, info: BackupInfo) -> list[str]:
    """A snapshot's attachment files that are not in the data folder (a backup file brings
    its own): said before a restore, as the documents would come back without them."""
    from desa_layak.storage.attachments import BlobStore

    blobs = BlobStore(store.attachments_dir)
    return sorted(h for h in info.named if not blobs.has(h))


def _verify(path: Path, staging: Path, progress: ProgressFn | None = None) -> BackupInfo:
    if is_snapshot(path):
        return verify_snapshot(path, staging, progress=progress)
    return verify_backup(path, staging, progress=progress)


def read_backup(path: Path) -> BackupInfo:
    """Verify a backup file (or an automatic snapshot) completely and say what it holds."""
    work = Path(tempfile.mkdtemp(prefix="desa-layak-verify-"))
    try:
        return _verify(Path(path), work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def restore_question(store: Store, info: BackupInfo) -> list[str]:
    """What a restore asks about, line by line (the command line, the damaged-database
    message and Alat › Pulihkan… alike): the backup's contents, and the attachment files it
    names that this folder no longer has."""
    missing = missing_files(store, info)
    return info.describe() + ([
        f"Perhatian: {len(missing)} berkas lampiran yang dicatat cadangan ini tidak ada lagi "
        "di folder data; sesudah dipulihkan, dokumennya tampil tanpa lampiran itu "
        "(pemeriksaan data akan menyebutnya)."] if missing else [])


def latest_snapshot(store: Store, skip: Iterable[Path] = ()) -> AutoBackup | None:
    """The newest automatic snapshot of this data folder (but those in ``skip``), if any."""
    skipped = set(skip)
    return next((b for b in list_auto_backups(store) if b.path not in skipped), None)


def usable_snapshot(store: Store) -> tuple[AutoBackup | None, list[str]]:
    """The newest automatic snapshot that passes every check (damage in a database is
    copied into its next snapshots), and why each newer one was passed over."""
    passed_over: list[str] = []
    for snapshot in list_auto_backups(store):
        try:
            read_backup(snapshot.path)
        except BackupError as err:
            passed_over.append(str(err))
            continue
        return snapshot, passed_over
    return None, passed_over


@dataclass(frozen=True)
class RestoreResult:
    info: BackupInfo
    previous: Path | None  # the backup file of the state before the restore


KEEP_BEFORE_RESTORE = 5


def _unique(path: Path) -> Path:
    n = 1
    candidate = path
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def _prune_previous(store: Store) -> None:
    """Keep the newest few copies made before a restore (they are complete backup files)."""
    copies = sorted(store.backups_dir.glob(f"sebelum-pulih-*{EXTENSION}"),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in copies[KEEP_BEFORE_RESTORE:]:
        with contextlib.suppress(OSError):
            old.unlink()


def _bundle_seq_of(db_path: Path) -> int:
    """The last bundle sequence number a database handed out (0 if none or unreadable)."""
    if not Path(db_path).exists():
        return 0
    try:
        conn = sqlite3.connect(_uri(db_path, mode="ro"), uri=True)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = ?",
                               [BUNDLE_SEQ_SETTING]).fetchone()
        finally:
            conn.close()
        return int(row[0]) if row else 0
    except (sqlite3.Error, ValueError):
        return 0


def _replace_database(staged_db: Path, store: Store) -> None:
    """Replace the live database with ``staged_db`` in one SQLite transaction."""
    src = sqlite3.connect(_uri(staged_db, mode="ro"), uri=True)
    try:
        dest = store.db.conn
        dest.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try:
            src.backup(dest)
        except sqlite3.OperationalError as err:
            mapped = storage_error_from_sqlite(err, "pemulihan", target=store.data_dir)
            if mapped is not None:
                raise mapped from err
            raise
        dest.execute("PRAGMA journal_mode=WAL")
    finally:
        src.close()


def restore(store: Store, path: Path, *, progress: ProgressFn | None = None,
            keep_previous: bool = True) -> RestoreResult:
    """Restore a complete backup file, or an automatic snapshot (``is_snapshot``: the
    database alone), into ``store``'s data folder.

    Order (each step safe to interrupt): verify everything into a staging folder inside the
    data folder; save the current state as ``backups/sebelum-pulih-*.dlbak``; add the
    attachment files (atomic, content-addressed); write the keys; replace the database in one
    transaction; bring its schema up to date. A damaged file is refused at the first step.
    A current database that cannot be read (damaged) is moved aside into ``backups/`` first.
    """
    progress = progress or _no_progress
    path = Path(path).resolve()
    with lock.holding(store.data_dir):  # no other copy of the app writes meanwhile
        return _restore(store, path, progress, keep_previous)


def _readable(store: Store) -> bool:
    """False when the current database file is damaged (or not a database at all)."""
    try:
        store.db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as err:
        if is_damaged(err):
            store.close()
            return False
        raise
    return True


def _move_aside(store: Store, folder: Path) -> Path:
    """Move the files of a damaged database into ``folder`` (in backups/, same disk: a
    rename), so that a new database can take their place and nothing of them is lost."""
    store.close()
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        src = Path(f"{store.db_path}{suffix}")
        if src.exists():
            os.replace(src, folder / src.name)
    fsync_dir(folder)
    fsync_dir(store.data_dir)
    return folder


def _restore(store: Store, path: Path, progress: ProgressFn,
             keep_previous: bool) -> RestoreResult:
    from desa_layak.storage.attachments import BlobStore
    from desa_layak.storage.files import atomic_write_bytes
    from desa_layak.storage.migrations import migrate

    try:
        store.data_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".pulih-", dir=store.data_dir))
    except OSError as err:
        raise describe_os_error(err, "pemulihan", target=store.data_dir) from err
    try:
        # before any copying or checking: a snapshot carries no keys
        if is_snapshot(path) and Path(path).parent.resolve() != auto_dir(store).resolve():
            raise RestoreRefused(
                f"Cadangan otomatis '{Path(path).name}' bukan dari folder data ini; cadangan "
                "otomatis hanya dipulihkan di folder tempat ia dibuat (kuncinya tidak ikut). "
                "Untuk memindahkan data, pakai berkas cadangan .dlbak. Tidak ada data yang "
                "diubah.")
        info = _verify(path, staging, progress)
        # Bundle sequence numbers must never go back (the kecamatan refuses a number it has
        # seen): the larger of what the database says (read now: it may be moved aside
        # below) and the number noted beside it at every export.
        current_seq = max(_bundle_seq_of(store.db_path), noted_seq(store.data_dir))
        previous = None
        exists = store.db_path.exists()
        readable = exists and _readable(store)
        if keep_previous and readable:
            previous = _unique(store.backups_dir / f"sebelum-pulih-{_stamp()}{EXTENSION}")
            progress(0, 0, "Menyimpan keadaan sekarang")
            try:
                create_backup(store, previous)
                _prune_previous(store)
            except BackupError:
                readable = False
        if exists and not readable:
            # The current database cannot be read: its raw files are kept (moved aside, not
            # copied, so that the restored database can be made in their place).
            name = "sebelum-pulih" if keep_previous else "rusak"
            previous = _move_aside(
                store, _unique(store.backups_dir / f"{name}-{_stamp()}-mentah"))
            if not keep_previous:
                previous = None
        # If this installation exported more recently than the backup, keep its number and
        # its signing key.
        backup_seq = _bundle_seq_of(staging / DB_MEMBER)
        keep_current_keys = current_seq > backup_seq and store.keys_dir.is_dir() \
            and any(store.keys_dir.iterdir())
        progress(0, 0, "Memulihkan lampiran")
        blobs = BlobStore(store.attachments_dir)
        for member in sorted((staging / "attachments").glob("??/*")):
            if not blobs.verify(member.name):
                blobs.put(member.read_bytes(), member.name)
        for key in [] if keep_current_keys else sorted((staging / "keys").glob("*")):
            atomic_write_bytes(store.keys_dir / key.name, key.read_bytes())
            if os.name != "nt" and "private" in key.name:
                os.chmod(store.keys_dir / key.name, 0o600)
        progress(0, 0, "Memulihkan basis data")
        _replace_database(staging / DB_MEMBER, store)
        migrate(store)
        if previous is not None and previous.suffix == EXTENSION:
            _drop_unnamed_files(store)  # the state before is whole in ``previous``
        if current_seq > backup_seq:
            store.set_setting(BUNDLE_SEQ_SETTING, str(current_seq))
    except OSError as err:
        raise describe_os_error(err, "pemulihan", target=store.data_dir) from err
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RestoreResult(info=info, previous=previous)


def default_backup_name(store: Store, now: dt.datetime | None = None) -> str:
    """A file name like ``desa-layak-63.06.05.2005-20240327-101500.dlbak``."""
    code = store.get_setting("area_code") or "data"
    return f"desa-layak-{code}-{_stamp(now)}{EXTENSION}"


__all__ = [
    "AutoBackup", "BackupError", "BackupInfo", "RestoreRefused", "RestoreResult",
    "StorageError", "auto_backup", "backup_before_import", "choose_kept", "create_backup",
    "daily_backup_if_due", "default_backup_name", "is_snapshot", "latest_snapshot",
    "missing_files", "restore_question", "usable_snapshot",
    "list_auto_backups", "read_backup", "restore", "rotate", "snapshot_database",
    "verify_backup", "verify_snapshot",
]
