"""The ``.dkla`` bundle format: names, limits, the synced tables and the manifest schema.

Written down for other programs in ``docs/bundle-format.md``; keep the two in step.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from typing import Any

from desa_layak.errors import DesaLayakError

FORMAT_NAME = "desa-layak-bundle"
FORMAT_VERSION = 1  # bumped only for changes an older reader cannot safely ignore
EXTENSION = ".dkla"

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
RECORDS_PREFIX = "records/"
ATTACHMENTS_PREFIX = "attachments/"

RECORDS_RE = re.compile(r"^records/([a-z][a-z0-9_]{0,62})\.jsonl$")
ATTACHMENT_RE = re.compile(r"^attachments/([0-9a-f]{64})$")
VILLAGE_CODE_RE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
HEX64_RE = re.compile(r"^[0-9a-f]{64}$")

# -- limits for reading (a hostile file must not exhaust memory or disk) ---------------------
MAX_MEMBERS = 20_000
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
MAX_SIGNATURE_BYTES = 1024
MAX_RECORDS_MEMBER_BYTES = 64 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 26 * 1024 * 1024  # the attachment store accepts up to 25 MB
MAX_TOTAL_BYTES = 4 * 1024 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, per member
RATIO_FREE_BYTES = 1024 * 1024  # members smaller than this are not ratio-checked

# The village row travels from this table (keyed by ``code``) ...
VILLAGE_TABLE = "villages"
# ... every other synced table is found by its shape (see ``synced_tables``).
RECORD_COLUMN_NAMES = ("id", "created_at", "updated_at", "rev", "deleted_at")


class BundleError(DesaLayakError):
    """A bundle was refused (or could not be written); the message names the file and why."""

    def __init__(self, message: str, *, file_name: str = "", village_code: str | None = None,
                 seq: int | None = None, public_key: str = ""):
        super().__init__(message)
        self.file_name = file_name
        self.village_code = village_code
        self.seq = seq
        self.public_key = public_key


def synced_tables(db) -> list[str]:  # noqa: ANN001 - sqlite_utils.Database
    """THE list of tables that travel in a bundle: ``villages`` first, then every table made
    with the record columns and a ``village_code`` column (so a new table travels by itself)."""
    out = []
    for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall():
        cols = table_columns(db, name)
        if name == VILLAGE_TABLE:
            continue
        if all(c in cols for c in RECORD_COLUMN_NAMES) and "village_code" in cols:
            out.append(name)
    return [VILLAGE_TABLE, *out]


def table_columns(db, table: str) -> list[str]:  # noqa: ANN001
    return [row[1] for row in db.execute(f'PRAGMA table_info("{table}")').fetchall()]


def records_member(table: str) -> str:
    return f"{RECORDS_PREFIX}{table}.jsonl"


def attachment_member(sha256: str) -> str:
    return f"{ATTACHMENTS_PREFIX}{sha256}"


# -- the manifest ----------------------------------------------------------------------------

@dataclass(frozen=True)
class MemberEntry:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    format_version: int
    village_code: str
    village_name: str
    kecamatan_code: str
    seq: int
    public_key: str
    members: tuple[MemberEntry, ...]
    exported_at: str = ""
    app_version: str = ""
    village_kind: str = ""
    kecamatan_name: str = ""
    catalogues: dict[str, list[int]] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def member(self, name: str) -> MemberEntry | None:
        for m in self.members:
            if m.name == name:
                return m
        return None

    @property
    def village_label(self) -> str:
        kind = "Kelurahan" if self.village_kind == "kelurahan" else "Desa"
        return f"{kind} {self.village_name} ({self.village_code})"


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_manifest(data: bytes, file_name: str) -> Manifest:
    """Check the manifest's JSON and types; unknown extra fields are ignored (newer writers)."""

    def bad(reason: str) -> BundleError:
        return BundleError(f"Bundel '{file_name}' ditolak: manifes tidak sah ({reason}).",
                           file_name=file_name)

    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        raise bad("bukan JSON yang benar") from err
    if not isinstance(raw, dict):
        raise bad("isinya bukan objek JSON")
    if raw.get("format", FORMAT_NAME) != FORMAT_NAME:
        raise bad(f"format '{str(raw.get('format'))[:40]}' bukan bundel Desa Layak")
    version = raw.get("format_version")
    if not _is_int(version) or version < 1:
        raise bad("'format_version' harus bilangan bulat positif")
    if version > FORMAT_VERSION:
        raise BundleError(
            f"Bundel '{file_name}' ditolak: dibuat dengan format bundel versi {version}, "
            f"sedangkan aplikasi ini hanya mengenal sampai versi {FORMAT_VERSION}. "
            "Perbarui aplikasi Desa Layak ke versi terbaru, lalu impor lagi.",
            file_name=file_name,
        )
    village = raw.get("village")
    if not isinstance(village, dict):
        raise bad("'village' harus objek")
    code = village.get("code")
    if not isinstance(code, str) or not VILLAGE_CODE_RE.match(code):
        raise bad("'village.code' harus kode desa PP.KK.CC.DDDD")
    name = village.get("name", code)
    kind = village.get("kind", "desa")
    if not isinstance(name, str) or not isinstance(kind, str):
        raise bad("'village.name' dan 'village.kind' harus teks")
    kec = raw.get("kecamatan", {"code": code.rsplit(".", 1)[0]})
    if not isinstance(kec, dict) or not isinstance(kec.get("code"), str):
        raise bad("'kecamatan.code' harus teks")
    if kec["code"] != code.rsplit(".", 1)[0]:
        raise bad("kode kecamatan tidak cocok dengan kode desa")
    kec_name = kec.get("name", "")
    seq = raw.get("seq")
    if not _is_int(seq) or seq < 1:
        raise bad("'seq' harus bilangan bulat positif")
    public_key = raw.get("public_key")
    if not isinstance(public_key, str) or not _is_public_key(public_key):
        raise bad("'public_key' harus kunci Ed25519 (base64, 32 byte)")
    members_raw = raw.get("members")
    if not isinstance(members_raw, list):
        raise bad("'members' harus daftar")
    members: list[MemberEntry] = []
    seen: set[str] = set()
    for entry in members_raw:
        if not isinstance(entry, dict):
            raise bad("setiap isi 'members' harus objek")
        m_name, size, digest = entry.get("name"), entry.get("size"), entry.get("sha256")
        if not isinstance(m_name, str) or not _is_int(size) or size < 0 \
                or not isinstance(digest, str) or not HEX64_RE.match(digest):
            raise bad("isi 'members' harus berisi name (teks), size (bilangan) dan sha256")
        if m_name in seen:
            raise bad(f"anggota '{m_name[:80]}' disebut dua kali")
        if m_name in (MANIFEST, SIGNATURE):
            raise bad(f"'{m_name}' tidak boleh tercantum di 'members'")
        seen.add(m_name)
        members.append(MemberEntry(m_name, size, digest))
    catalogues = raw.get("catalogues", {})
    if not isinstance(catalogues, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(_is_int(x) for x in v)
        for k, v in catalogues.items()
    ):
        raise bad("'catalogues' harus objek nama -> daftar versi")
    exported_at = raw.get("exported_at", "")
    app_version = raw.get("app_version", "")
    if not isinstance(exported_at, str) or not isinstance(app_version, str) \
            or not isinstance(kec_name, str):
        raise bad("'exported_at', 'app_version' dan 'kecamatan.name' harus teks")
    return Manifest(
        format_version=version, village_code=code, village_name=name, village_kind=kind,
        kecamatan_code=kec["code"], kecamatan_name=kec_name, seq=seq, public_key=public_key,
        members=tuple(members), exported_at=exported_at, app_version=app_version,
        catalogues=catalogues, raw=raw,
    )


def _is_public_key(text: str) -> bool:
    try:
        return len(base64.b64decode(text, validate=True)) == 32
    except ValueError:
        return False


def default_file_name(village_name: str, village_code: str, date: str, seq: int) -> str:
    """``Gambah-Luar_63.06.05.2005_2026-11-23_seq0007.dkla``: what it is, at a glance."""
    words = re.sub(r"[^0-9A-Za-z]+", "-", village_name).strip("-") or "desa"
    return f"{words}_{village_code}_{date}_seq{seq:04d}{EXTENSION}"
