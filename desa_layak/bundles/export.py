"""Writing the village's bundle: every synced row (tombstones too), the attachments, a signed
manifest. One file, written atomically; the sequence number grows with every export."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from desa_layak import __version__
from desa_layak.bundles import format as fmt
from desa_layak.bundles import keys
from desa_layak.bundles.format import BundleError
from desa_layak.storage.attachments import BlobStore
from desa_layak.storage.db import Store
from desa_layak.storage.files import atomic_write

SEQ_SETTING = "bundle_seq"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    size: int
    seq: int
    records: int
    attachments: int


def encode_rows(rows: list[dict]) -> bytes:
    """JSON Lines: one object per row, keys sorted, UTF-8."""
    return b"".join(
        json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
        + b"\n"
        for r in rows
    )


def village_rows(store: Store, village_code: str) -> dict[str, list[dict]]:
    """Every synced row of one village, table by table (deleted rows included)."""
    db = store.db
    out: dict[str, list[dict]] = {}
    for table in fmt.synced_tables(db):
        key = "code" if table == fmt.VILLAGE_TABLE else "village_code"
        out[table] = list(db.query(f'SELECT * FROM "{table}" WHERE "{key}" = ? ORDER BY id',
                                   [village_code]))
    return out


def _canonical_dates(rows: dict[str, list[dict]]) -> None:
    """Document dates as the kecamatan's reader takes them (2024-03-27): a folder from before
    dates were stored that way may hold 20240327 or 2024-03-27T08:00, which the village
    reads alike; sent as they are, the kecamatan would refuse the whole bundle."""
    from desa_layak.core.formatting import parse_date

    for row in rows.get("documents", []):
        for key in ("date_set", "valid_from", "valid_until"):
            value = row.get(key)
            if isinstance(value, str) and value and not fmt.DATE_RE.fullmatch(value):
                try:
                    row[key] = parse_date(value.strip()).isoformat()
                except ValueError:
                    pass  # not a date at all: the kecamatan refuses it, naming the field


def catalogue_versions() -> dict[str, list[int]]:
    from desa_layak.core import catalogue

    versions = {}
    for name in ("checklist", "data-pilah"):
        try:
            found = catalogue.available_versions(name)
        except OSError:
            found = []
        if found:
            versions[name] = found
    return versions


def next_seq(store: Store) -> int:
    """The next bundle number, never one handed out before: also beyond the number noted
    beside the database (storage/seq_mark.py), which is written before this one is used, so a
    database restored from an older backup never numbers a bundle the kecamatan has seen."""
    from desa_layak.storage.seq_mark import note_seq, noted_seq

    with store.atomic() as db:
        row = db.execute("SELECT value FROM settings WHERE key = ?", [SEQ_SETTING]).fetchone()
        seq = max(int(row[0]) if row else 0, noted_seq(store.data_dir)) + 1
        db.execute(
            "INSERT INTO settings(key, value) VALUES(?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [SEQ_SETTING, str(seq)])
        note_seq(store.data_dir, seq)  # an error here rolls the number back
    return seq


def _zinfo(name: str, when: dt.datetime, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = compress
    info.external_attr = 0o100644 << 16
    info.create_system = 3
    return info


def default_path(store: Store, village_code: str, seq: int, when: dt.date) -> str:
    row = store.db.execute("SELECT name FROM villages WHERE code = ?", [village_code]).fetchone()
    return fmt.default_file_name(row[0] if row else village_code, village_code,
                                 when.isoformat(), seq)


def export_bundle(store: Store, out: Path | str | None = None, *,
                  village_code: str | None = None) -> ExportResult:
    """Write this village's bundle to ``out`` (a file, or a folder for the default name)."""
    from desa_layak.core.setup import require_identity

    ident = require_identity(store)
    if village_code is None:
        if not ident.is_village:
            raise BundleError("Ekspor bundel hanya untuk instalasi desa/kelurahan; "
                              "kecamatan mengimpor bundel.")
        village_code = ident.area_code
    rows = village_rows(store, village_code)
    _canonical_dates(rows)
    village = rows[fmt.VILLAGE_TABLE]
    if len(village) != 1:
        raise BundleError(f"Desa/kelurahan {village_code} tidak ada di folder data ini.")
    v = village[0]
    blobs = BlobStore(store.attachments_dir)
    hashes = sorted({a["sha256"] for a in rows.get("attachments", []) if a["deleted_at"] is None})
    missing = [h for h in hashes if not blobs.has(h)]
    if missing:
        names = sorted({a["file_name"] for a in rows["attachments"] if a["sha256"] in missing})
        raise BundleError(
            "Ekspor dibatalkan: berkas lampiran berikut hilang dari folder data: "
            f"{', '.join(names[:5])}. Lampirkan ulang berkasnya, lalu ekspor lagi.")

    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    seq = next_seq(store)
    record_members = {fmt.records_member(t): encode_rows(r) for t, r in rows.items()}
    members = [
        {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in record_members.items()
    ]
    members += [
        {"name": fmt.attachment_member(h), "size": blobs.path_for(h).stat().st_size, "sha256": h}
        for h in hashes
    ]
    public_key = keys.public_key_of(store.keys_dir)
    manifest = {
        "format": fmt.FORMAT_NAME,
        "format_version": fmt.FORMAT_VERSION,
        "app_version": __version__,
        "village": {"code": v["code"], "name": v["name"], "kind": v["kind"]},
        "kecamatan": {"code": v["district_code"], "name": v["district_name"]},
        "kabupaten": {"code": v["regency_code"], "name": v["regency_name"]},
        "exported_at": now.isoformat(),
        "seq": seq,
        "catalogues": catalogue_versions(),
        "public_key": public_key,
        "tables": {t: len(r) for t, r in rows.items()},
        "members": members,
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    signature = keys.sign(store.keys_dir, manifest_bytes)

    dest = Path(out) if out else Path.cwd()
    if dest.is_dir():
        dest = dest / default_path(store, village_code, seq, now.date())
    try:
        with atomic_write(dest) as fh, zipfile.ZipFile(fh, "w") as zf:
            zf.writestr(_zinfo(fmt.MANIFEST, now, zipfile.ZIP_DEFLATED), manifest_bytes)
            zf.writestr(_zinfo(fmt.SIGNATURE, now, zipfile.ZIP_STORED), signature + "\n")
            for name, data in record_members.items():
                zf.writestr(_zinfo(name, now, zipfile.ZIP_DEFLATED), data)
            for h in hashes:
                _copy_blob(zf, blobs.path_for(h), _zinfo(fmt.attachment_member(h), now,
                                                         zipfile.ZIP_STORED), h)
    except OSError as err:  # a full or write-protected flash drive: say where, and why
        from desa_layak.errors import describe_os_error

        raise describe_os_error(err, "bundel", target=dest) from err
    return ExportResult(dest, dest.stat().st_size, seq,
                        sum(len(r) for r in rows.values()), len(hashes))


def _copy_blob(zf: zipfile.ZipFile, path: Path, info: zipfile.ZipInfo, sha256: str) -> None:
    """Stream one attachment into the zip, checking it still matches its name."""
    digest = hashlib.sha256()
    info.file_size = path.stat().st_size
    with path.open("rb") as src, zf.open(info, "w") as dst:
        for chunk in iter(lambda: src.read(1 << 20), b""):
            digest.update(chunk)
            dst.write(chunk)
    if digest.hexdigest() != sha256:
        raise BundleError(
            f"Ekspor dibatalkan: berkas lampiran {sha256[:12]}… di folder data rusak "
            "(isinya tidak cocok dengan catatannya). Lampirkan ulang berkas aslinya.")


def suggested_file_name(store: Store) -> str:
    """The default name of the next export (its sequence number is the next one)."""
    from desa_layak.core.setup import require_identity

    code = require_identity(store).area_code
    current = int(store.get_setting(SEQ_SETTING, "0") or 0)
    return default_path(store, code, current + 1, dt.date.today())
