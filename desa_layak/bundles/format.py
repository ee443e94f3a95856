"""The ``.dkla`` bundle format: names, limits, the synced tables and the manifest schema.

Written down for other programs in ``docs/bundle-format.md``; keep the two in step.
"""

from __future__ import annotations

import base64
import functools
import itertools
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

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
    if not isinstance(public_key, str) or not is_public_key(public_key):
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
    if exported_at and not is_stamp(exported_at):
        raise bad(f"'exported_at' bukan waktu ISO 8601 ({_show(exported_at)})")
    return Manifest(
        format_version=version, village_code=code, village_name=name, village_kind=kind,
        kecamatan_code=kec["code"], kecamatan_name=kec_name, seq=seq, public_key=public_key,
        members=tuple(members), exported_at=exported_at, app_version=app_version,
        catalogues=catalogues, raw=raw,
    )


def is_public_key(text: str) -> bool:
    """An Ed25519 public key as a bundle carries it: base64 (standard alphabet, padded) of the
    raw 32 bytes."""
    try:
        return len(base64.b64decode(text, validate=True)) == 32
    except ValueError:
        return False


def default_file_name(village_name: str, village_code: str, date: str, seq: int) -> str:
    """``Gambah-Luar_63.06.05.2005_2026-11-23_seq0007.dkla``: what it is, at a glance."""
    words = re.sub(r"[^0-9A-Za-z]+", "-", village_name).strip("-") or "desa"
    return f"{words}_{village_code}_{date}_seq{seq:04d}{EXTENSION}"


# -- what each synced column may hold ---------------------------------------------------------
#
# The rules the village app enforces before it stores a value (core/checklist.validate_document
# and check_year, core/data_pilah, budget, teams, facilities, drppa, the attachment store, the
# CHECK constraints in storage/migrations.py), declared once, here: the importer refuses a bundle
# whose rows break them, so a hand-edited but validly signed bundle cannot break the
# kecamatan's recap and reports. docs/bundle-format.md lists them for other programs.
#
# A column (or a tuple of columns checked together) -> its kind; a kind ending in "?" also
# takes null. Columns a table does not list are not checked (and not written if the kecamatan's
# database lacks them). A column left out of a row takes its database default; ``required``
# columns have none and must be present. ``unique`` columns are unique among the village's
# rows of the table (tombstones included), as the database's UNIQUE constraint asks; every
# table's ``id`` is unique too.

class SyncedTable(NamedTuple):
    columns: dict[str | tuple[str, ...], str]
    required: tuple[str, ...] = ()
    unique: tuple[str, ...] = ()


RECORD_COLUMN_KINDS: dict[str | tuple[str, ...], str] = {
    "id": "text", "created_at": "stamp", "updated_at": "stamp", "rev": "count",
    "deleted_at": "stamp?", "village_code": "text"}
_PROFILE = {c: "text" for c in ("name", "district_code", "district_name", "regency_code",
                                 "regency_name", "province_code", "province_name", "head_name",
                                 "secretary_name", "address", "report_place")}

SYNCED_COLUMNS: dict[str, SyncedTable] = {
    VILLAGE_TABLE: SyncedTable({"code": "text", "kind": "village_kind", **_PROFILE}),
    "checklist_years": SyncedTable(
        {"year": "year", "catalogue_version": "checklist_version"},
        required=("year", "catalogue_version"), unique=("year",)),
    "documents": SyncedTable(
        {"item_code": "item_code", "year": "year", "status": "document_status",
         "doc_number": "text", "title": "text", "date_set": "date?", "valid_from": "date?",
         "valid_until": "date?", "issuer": "text", "notes": "text",
         ("valid_from", "valid_until"): "valid_until_after_from",
         ("date_set", "valid_until"): "set_before_end"},
        required=("item_code", "year")),
    "attachments": SyncedTable(
        {"owner_kind": "owner_kind", "owner_id": "text", "sha256": "sha256",
         "file_name": "text", "mime": "mime", "size": "count", "original_size": "count",
         "width": "count?", "height": "count?", "pages": "count?"},
        required=("owner_kind", "owner_id", "sha256", "file_name", "mime", "size",
                  "original_size")),
    "data_pilah_values": SyncedTable(
        {"year": "year", ("figure_key", "sex", "age_band"): "data_pilah_cell",
         "value": "children"},
        required=("year", "figure_key", "value"),
        unique=("year", "figure_key", "sex", "age_band")),
    "budgets": SyncedTable({"year": "year", "apbdes_total": "money"},
                           required=("year",), unique=("year",)),
    "budget_lines": SyncedTable(
        {"year": "year", "activity": "text", "bidang": "text", "source": "text",
         "amount": "money", "realised": "money", ("realised", "amount"): "realised_within"},
        required=("year", "activity")),
    "facilities": SyncedTable(
        {"kind": "facility_kind", "name": "text", "location": "text",
         "since_year": "since_year?", "condition": "facility_condition", "active": "flag",
         "notes": "text"},
        required=("kind", "name")),
    "teams": SyncedTable(
        {"year": "year", "team_key": "team_key", "members_l": "members",
         "members_p": "members", "chair_name": "text"},
        required=("year", "team_key"), unique=("year", "team_key")),
    "team_activities": SyncedTable(
        {"year": "year", "team_key": "team_key", "date": "date?", "title": "text",
         "note": "text"},
        required=("year", "team_key", "title")),
    "drppa_answers": SyncedTable(
        {"year": "year", ("indicator", "value"): "drppa_answer"},
        required=("year", "indicator"), unique=("year", "indicator")),
}
# A column of a checked tuple left out of a row counts as this (the database default of sex,
# age_band and value).
TUPLE_DEFAULT = ""

# The village app's own sets and limits, written here so that checking a bundle does not load
# the modules of its forms (tests/test_bundle_columns.py holds each equal to its source).
# Item codes, catalogue versions and data pilah cells are read from the catalogues themselves.
YEARS = (2000, 2100)  # core/checklist.check_year
SINCE_YEARS = (1945, 2100)  # core/facilities.validate (its upper end moves with the calendar)
SQLITE_MAX_INT = 2**63 - 1
MAX_MONEY = 10**15  # core/budget.MAX_AMOUNT
MAX_CHILDREN = 10_000_000  # core/data_pilah.MAX_VALUE
MAX_MEMBERS = 10_000  # core/teams.MAX_MEMBERS
MAX_DRPPA_INPUT = 10_000_000  # core/drppa.MAX_INPUT
DOCUMENT_STATUSES = ("ditetapkan", "draf")  # core/checklist.DOCUMENT_STATUSES
TEAM_KEYS = ("tim_dla", "tim_drppa", "patbm", "forum_anak")  # core/teams.TEAMS
FACILITY_KINDS = ("perpustakaan_desa", "pojok_baca", "wifi_publik", "pisa",
                  "lainnya")  # core/facilities.KINDS
FACILITY_CONDITIONS = ("", "baik", "rusak_ringan", "rusak_berat")  # core/facilities.CONDITIONS
DRPPA_INPUTS: dict[int, frozenset[str]] = {  # core/drppa.INDICATORS: each one's own inputs
    1: frozenset({"kelompok_perempuan"}), 2: frozenset(), 3: frozenset(), 4: frozenset(),
    5: frozenset({"perangkat_p", "perangkat_total", "bpd_p", "bpd_total"}),
    6: frozenset({"wirausaha_p", "wirausaha_total"}), 7: frozenset(),
    8: frozenset({"kekerasan_perempuan", "korban_tppo"}), 9: frozenset(), 10: frozenset()}

# The shapes of a date and of a recorded moment, strict enough that only a 29th, 30th or 31st
# can still be no real day (that is asked of the calendar).
_DATE = r"[1-9][0-9]{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_TIME = (r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6})?"
         r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?")
DATE_RE = re.compile(_DATE)
_LATE_DAY = re.compile(r"-(?:29|3[01])(?:T|\n|$)")  # a day the calendar must confirm
STAMP_RE = re.compile(_DATE + _TIME)


class _Kind(NamedTuple):
    """``ok(values)``: every value of a column (or of several columns of this kind, one after
    the other) is fine: fast, a whole column at once; ``problem(value)``: why one value is not
    (a template with {col} and {value}), or None. ``ok`` never passes what ``problem`` finds."""

    ok: Callable[[Sequence[Any]], bool]
    problem: Callable[[Any], str | None]
    once: bool = False  # ``ok`` reads the values once: an iterator will do


def _show(value: Any) -> str:
    text = "null" if value is None else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _literal(value: Any) -> str:
    """A value shown inside a reason template (which is formatted with {col} and {value})."""
    return _show(value).replace("{", "{{").replace("}", "}}")


_TYPE_NAMES = {str: "teks", int: "bilangan bulat", float: "bilangan pecahan",
               bool: "benar/salah"}
_NONE = type(None)


def _typed(types: frozenset[type], nullable: bool, what: str) -> Callable[[Any], str | None]:
    def problem(value: Any) -> str | None:
        if value is None:
            return None if nullable else "'{col}' kosong (null)"
        if type(value) in types:
            return None
        return what.replace("({value})", f"({_TYPE_NAMES.get(type(value), '?')} {{value}})")
    return problem


def _types_of(types: set[type], nullable: bool) -> frozenset[type]:
    return frozenset(types | {_NONE}) if nullable else frozenset(types)


def _text_kind(nullable: bool) -> _Kind:
    types = _types_of({str}, nullable)
    return _Kind(lambda values: set(map(type, values)) <= types,
                 _typed(frozenset({str}), nullable, "'{col}' harus teks ({value})"), once=True)


def _int_kind(low: int, high: int, nullable: bool, too_small: str, too_big: str) -> _Kind:
    types = _types_of({int}, nullable)
    typed = _typed(frozenset({int}), nullable, "'{col}' bukan bilangan bulat ({value})")

    def ok(values: Sequence[Any]) -> bool:
        found = set(map(type, values))
        if not found <= types:
            return False
        if _NONE in found:
            values = [v for v in values if v is not None]
        return not values or (min(values) >= low and max(values) <= high)

    def problem(value: Any) -> str | None:
        why = typed(value)
        if why or value is None:
            return why
        if value < low:
            return too_small
        return too_big if value > high else None

    return _Kind(ok, problem)


def _count_kind(high: int, nullable: bool = False) -> _Kind:
    return _int_kind(0, high, nullable, "'{col}' tidak boleh negatif ({value})",
                     "'{col}' terlalu besar ({value})")


def _year_kind(low: int, high: int, nullable: bool = False) -> _Kind:
    outside = f"tahun '{{col}}' di luar jangkauan {low}-{high} ({{value}})"
    return _int_kind(low, high, nullable, outside, outside)


def _enum_kind(allowed: Iterable[Any], nullable: bool = False, what: str = "") -> _Kind:
    allowed = frozenset(allowed)
    types = _types_of(set(map(type, allowed)), nullable)
    known = ", ".join(repr(v) if v == "" else _literal(v) for v in sorted(allowed, key=str))
    what = what or f"'{{col}}' tidak dikenal ({{value}}); yang dikenal: {known}"
    typed = _typed(types - {_NONE}, nullable, what)

    def ok(values: Sequence[Any]) -> bool:
        return set(map(type, values)) <= types and set(values) - {None} <= allowed

    def problem(value: Any) -> str | None:
        why = typed(value)
        if why or value is None or value in allowed:
            return why
        return what

    return _Kind(ok, problem)


def _pattern_kind(pattern: str, parse: Callable[[str], object] | None, nullable: bool,
                  what: str) -> _Kind:
    """Text of a given shape (with ``parse``, also a real date or moment: not 2026-02-30).
    A column is checked with one match over its distinct values joined by newlines."""
    one = re.compile(pattern)
    many = re.compile(f"{pattern}(?:\n{pattern})*")
    types = _types_of({str}, nullable)
    typed = _typed(frozenset({str}), nullable, what)

    def fine(value: str) -> bool:
        if not one.fullmatch(value):
            return False
        if parse is not None:
            try:
                parse(value)
            except ValueError:
                return False
        return True

    def ok(values: Iterable[Any]) -> bool:
        distinct = set(values)  # str, None and the rest never compare equal: types survive
        if not set(map(type, distinct)) <= types:
            return False
        distinct.discard(None)
        if not distinct:
            return True
        joined = "\n".join(distinct)
        if joined.count("\n") != len(distinct) - 1 or not many.fullmatch(joined):
            return False
        return parse is None or not _LATE_DAY.search(joined) or \
            all(fine(v) for v in distinct if v[8:10] > "28")

    def problem(value: Any) -> str | None:
        why = typed(value)
        if why or value is None:
            return why
        return None if fine(value) else what

    return _Kind(ok, problem, once=True)


def _stamp(value: str) -> object:
    import datetime as dt

    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def is_stamp(value: str) -> bool:
    """A recorded moment as the app writes it: ``2026-11-23T08:15:02+00:00``."""
    if not STAMP_RE.fullmatch(value):
        return False
    try:
        _stamp(value)
    except ValueError:
        return False
    return True


def _date(value: str) -> object:
    import datetime as dt

    return dt.date.fromisoformat(value)


def _order_kind(what: str, missing: Any = None) -> _Kind:
    """(first, second): the second never before the first, when both are given; the columns
    themselves are checked before (dates as text, or amounts). ``missing``: what a column
    left out counts as (the database default), instead of not given."""

    def wrong(pair: tuple) -> bool:
        first, second = (missing if v == TUPLE_DEFAULT else v for v in pair)
        return first is not None and second is not None and second < first

    return _Kind(lambda pairs: not any(map(wrong, pairs)),
                 lambda pair: what if wrong(pair) else None)


def _drppa_kind() -> _Kind:
    """(indicator, value): a known indicator; the value '' or a JSON object of that
    indicator's own inputs, each a whole number 0 or more (core/drppa.set_answers)."""
    inputs = DRPPA_INPUTS

    def problem(pair: tuple) -> str | None:
        number, value = pair
        if type(number) is not int or number not in inputs:
            return (f"indikator DRPPA 'indicator' tidak dikenal ({_literal(number)}); "
                    f"yang dikenal: 1-{len(inputs)}")
        if value == "":
            return None
        bad = f"jawaban indikator {number} ('value') tidak sah ({_literal(value)})"
        if not isinstance(value, str):
            return bad
        try:
            answers = json.loads(value)
        except (ValueError, RecursionError):
            return bad
        if not isinstance(answers, dict) or not all(
                key in inputs[number] and type(n) is int and 0 <= n <= MAX_DRPPA_INPUT
                for key, n in answers.items()):
            return bad
        return None

    return _Kind(lambda values: all(problem(v) is None for v in values), problem)


# A value from a catalogue this app does not know yet: most likely a newer village app.
_NEWER = ("{thing} '{{value}}' pada kolom '{{col}}' belum dikenal aplikasi ini; jika desa "
          "memakai aplikasi Desa Layak yang lebih baru, perbarui aplikasi ini lalu impor lagi")


@functools.cache
def column_kinds() -> dict[str, _Kind]:
    """Every kind named in SYNCED_COLUMNS, built once from the village app's own rules."""
    from desa_layak.core import catalogue, figure_catalogue
    from desa_layak.core.integrity import OWNER_TABLES  # the importer needs it anyway
    from desa_layak.storage.attachments import MIME_BY_KIND  # likewise

    versions = catalogue.available_versions("checklist")
    cells = frozenset(cell for v in catalogue.available_versions(figure_catalogue.NAME)
                      for cell in figure_catalogue.load(v).cells())
    stamp = "waktu '{col}' bukan waktu ISO 8601 ({value})"
    return {
        "text": _text_kind(False),
        "count": _count_kind(SQLITE_MAX_INT),
        "count?": _count_kind(SQLITE_MAX_INT, nullable=True),
        "children": _count_kind(MAX_CHILDREN),
        "members": _count_kind(MAX_MEMBERS),
        "money": _count_kind(MAX_MONEY),
        "year": _year_kind(*YEARS),
        "since_year?": _year_kind(*SINCE_YEARS, nullable=True),
        "flag": _enum_kind((0, 1)),
        "date?": _pattern_kind(_DATE, _date, True, "tanggal '{col}' bukan tanggal ({value})"),
        "stamp": _pattern_kind(_DATE + _TIME, _stamp, False, stamp),
        "stamp?": _pattern_kind(_DATE + _TIME, _stamp, True, stamp),
        "sha256": _pattern_kind("[0-9a-f]{64}", None, False,
                                "'{col}' bukan sidik SHA-256 ({value})"),
        "village_kind": _enum_kind(("desa", "kelurahan")),
        "checklist_version": _enum_kind(versions, what=(
            "'{col}' menyebut katalog daftar periksa versi {value}, yang belum dikenal "
            "aplikasi ini; perbarui aplikasi Desa Layak ke versi terbaru, lalu impor lagi")),
        "item_code": _enum_kind({code for v in versions for code in catalogue.load(v).codes},
                                what=_NEWER.format(thing="butir")),
        "document_status": _enum_kind(DOCUMENT_STATUSES),
        "owner_kind": _enum_kind(OWNER_TABLES),
        "mime": _enum_kind(MIME_BY_KIND.values()),
        "team_key": _enum_kind(TEAM_KEYS, what=_NEWER.format(thing="tim")),
        "facility_kind": _enum_kind(FACILITY_KINDS, what=_NEWER.format(thing="jenis fasilitas")),
        "facility_condition": _enum_kind(FACILITY_CONDITIONS),
        "data_pilah_cell": _enum_kind(
            cells, what="isian data pilah (figure_key, sex, age_band) tidak dikenal ({value}); "
            "jika desa memakai aplikasi Desa Layak yang lebih baru, perbarui aplikasi ini lalu "
            "impor lagi"),
        "drppa_answer": _drppa_kind(),
        # The village app's own rules between two fields (core/checklist.validate_document,
        # core/budget.validate_line): a bundle holding more than its forms allow is refused.
        "valid_until_after_from": _order_kind(
            "'valid_until' sebelum 'valid_from' ({col} = {value})"),
        "set_before_end": _order_kind(
            "'date_set' sesudah masa berlaku berakhir ({col} = {value})"),
        "realised_within": _order_kind(
            "'realised' melebihi 'amount' ({col} = {value})", missing=0),
    }


Column = str | tuple[str, ...]


@functools.cache
def _table_checks(table: str) -> tuple[tuple[Column, _Kind], ...] | None:
    """(column, kind) of every checked column of a table, in order."""
    spec = SYNCED_COLUMNS.get(table)
    if spec is None:
        return None
    kinds = column_kinds()
    columns = {**RECORD_COLUMN_KINDS, **spec.columns}
    if table == VILLAGE_TABLE:
        del columns["village_code"]
    return tuple((col, kinds[kind]) for col, kind in columns.items())


class _Plan(NamedTuple):
    """How the rows of one table with one set of keys are checked column-wise."""

    fine: bool  # False: a required column is missing (the rows are looked at one by one)
    single: tuple[tuple[_Kind, tuple[int, ...]], ...]  # a kind and the columns that have it
    tuples: tuple[tuple[_Kind, tuple[int | None, ...]], ...]  # None: left out, the default
    unique: tuple[int | None, ...]
    id_at: int


@functools.cache
def _plan(table: str, keys: tuple[str, ...]) -> _Plan:
    spec = SYNCED_COLUMNS[table]
    at = {k: i for i, k in enumerate(keys)}
    by_kind: dict[_Kind, list[int]] = {}
    tuples = []
    for col, kind in _table_checks(table) or ():
        if isinstance(col, tuple):
            tuples.append((kind, tuple(at.get(c) for c in col)))
        elif col in at:
            by_kind.setdefault(kind, []).append(at[col])
    return _Plan(set(spec.required) <= set(keys),
                 tuple((kind, tuple(cols)) for kind, cols in by_kind.items()), tuple(tuples),
                 tuple(at.get(c) for c in spec.unique), at["id"])


def row_problem(table: str, rows: list[dict],
                groups: dict[tuple[str, ...], list[tuple]]) -> tuple[int, str] | None:
    """The first row of a table that breaks SYNCED_COLUMNS, as (index in ``rows``, why), or
    None. ``groups`` are the same rows as value tuples grouped by their keys (the importer's
    ``_by_keys``): the common case, one group and every row good, is decided column by column
    (each kind checked once over all its columns); anything else row by row."""
    if table not in SYNCED_COLUMNS:  # a table this app does not know: never written
        return None
    if len(groups) == 1 and _all_good(table, *next(iter(groups.items())), len(rows)):
        return None
    return _first_bad_row(table, rows)


def _all_good(table: str, keys: tuple[str, ...], values: list[tuple], count: int) -> bool:
    """Every row of one group passes (never True where ``_first_bad_row`` finds a fault)."""
    plan = _plan(table, keys)
    if not plan.fine:
        return False
    columns = list(zip(*values, strict=True))
    chain, pick = itertools.chain.from_iterable, columns.__getitem__
    for kind, at in plan.single:
        if len(at) == 1:
            values = columns[at[0]]
        else:
            values = chain(map(pick, at))
            if not kind.once:
                values = list(values)
        if not kind.ok(values):
            return False
    absent = (TUPLE_DEFAULT,) * count
    for kind, at in plan.tuples:
        if not kind.ok(list(zip(*(absent if i is None else columns[i] for i in at),
                                strict=True))):
            return False
    if len(set(columns[plan.id_at])) != count:
        return False
    return not plan.unique or len(set(zip(
        *(absent if i is None else columns[i] for i in plan.unique), strict=True))) == count


_MISSING = object()


def _first_bad_row(table: str, rows: list[dict]) -> tuple[int, str] | None:
    spec = SYNCED_COLUMNS[table]
    checks = _table_checks(table) or ()
    seen_ids: dict[Any, int] = {}
    seen_keys: dict[tuple, int] = {}
    for n, row in enumerate(rows):
        for name in spec.required:
            if name not in row:
                return n, f"kolom '{name}' tidak ada"
        for col, kind in checks:
            if isinstance(col, tuple):
                value = tuple(row.get(c, TUPLE_DEFAULT) for c in col)
            else:
                value = row.get(col, _MISSING)
                if value is _MISSING:
                    continue  # left out: the database default
            why = kind.problem(value)
            if why:
                name = ", ".join(col) if isinstance(col, tuple) else col
                shown = ", ".join(map(_show, value)) if isinstance(col, tuple) else _show(value)
                return n, why.format(col=name, value=shown)
        if seen_ids.setdefault(row["id"], n) != n:
            return n, (f"id '{_show(row['id'])}' sudah dipakai baris lain tabel ini "
                       "(id harus unik)")
        if spec.unique:
            key = tuple(row.get(c, TUPLE_DEFAULT) for c in spec.unique)
            if seen_keys.setdefault(key, n) != n:
                return n, (f"({', '.join(spec.unique)}) = ({', '.join(map(_show, key))}) "
                           "sudah ada di baris lain tabel ini (hanya boleh satu)")
    return None
