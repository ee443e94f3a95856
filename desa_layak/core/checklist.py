"""The village's checklist per year: documents, attachments and the derived states."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from desa_layak.core import catalogue as catalogue_mod
from desa_layak.core.catalogue import Catalogue
from desa_layak.core.formatting import format_date, parse_date
from desa_layak.core.states import (
    DocumentFacts,
    FigureFacts,
    ItemStatus,
    covers_year,
    derive_state,
)
from desa_layak.errors import AttachmentError, NotFoundError, ValidationError
from desa_layak.storage.db import Store
from desa_layak.storage.records import (
    insert_record,
    save_record,
    soft_delete,
    soft_delete_with_attachments,
    upsert_by_key,
)

if TYPE_CHECKING:  # the attachment store is imported where it is used: not at start-up
    from desa_layak.storage import attachments as att

DOCUMENT_STATUSES = ("ditetapkan", "draf")


@dataclass
class Document:
    id: str | None
    village_code: str
    item_code: str
    year: int
    status: str = "ditetapkan"
    doc_number: str = ""
    title: str = ""
    date_set: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None
    issuer: str = ""
    notes: str = ""
    rev: int = 0
    attachments: int = 0

    @property
    def enacted(self) -> bool:
        """Set (ditetapkan), not a draft (as ``DocumentFacts.enacted``)."""
        return self.status == "ditetapkan"

    def facts(self) -> DocumentFacts:
        return DocumentFacts(
            id=self.id or "", item_code=self.item_code, year=self.year, status=self.status,
            doc_number=self.doc_number, date_set=self.date_set, valid_from=self.valid_from,
            valid_until=self.valid_until, attachments=self.attachments,
        )


class Attachment(NamedTuple):
    id: str
    owner_kind: str
    owner_id: str
    sha256: str
    file_name: str
    mime: str
    size: int
    original_size: int
    width: int | None
    height: int | None
    pages: int | None
    created_at: str


_DOC_FIELDS = ("status", "doc_number", "title", "date_set", "valid_from", "valid_until",
               "issuer", "notes")
_DOCUMENT_FIELDS = frozenset(f.name for f in fields(Document))
# A document's live attachments; ``d`` is the documents table.
_ATTACHMENT_COUNT = ("(SELECT count(*) FROM attachments a WHERE a.owner_kind = 'document' "
                     "AND a.owner_id = d.id AND a.deleted_at IS NULL)")
_DOCUMENT_SELECT = f"SELECT d.*, {_ATTACHMENT_COUNT} AS attachments FROM documents d "


def today() -> dt.date:
    return dt.date.today()


def check_year(year: int, error: type[Exception] = ValidationError) -> None:
    """Refuse a year outside 2000-2100 (raising ``error``)."""
    if not 2000 <= int(year) <= 2100:
        raise error(f"Tahun {year} di luar jangkauan (2000-2100).")


# -- years ------------------------------------------------------------------------------------

def years(store: Store, village_code: str) -> list[int]:
    """Years opened for this village (and years that have documents), newest first."""
    rows = store.db.execute(
        "SELECT year FROM checklist_years WHERE village_code = ? AND deleted_at IS NULL "
        "UNION SELECT year FROM documents WHERE village_code = ? AND deleted_at IS NULL "
        "ORDER BY year DESC",
        [village_code, village_code],
    ).fetchall()
    return [r[0] for r in rows]


def villages_with_year(store: Store, year: int) -> set[str]:
    """The villages that opened ``year`` or have a document recorded in it (``years`` for
    every village at once: the kecamatan recap asks this of 148 villages)."""
    rows = store.db.execute(
        "SELECT village_code FROM checklist_years WHERE year = ? AND deleted_at IS NULL "
        "UNION SELECT village_code FROM documents WHERE year = ? AND deleted_at IS NULL",
        [year, year],
    ).fetchall()
    return {r[0] for r in rows}


def catalogue_for_year(store: Store, village_code: str, year: int) -> Catalogue:
    row = store.db.execute(
        "SELECT catalogue_version FROM checklist_years WHERE village_code = ? AND year = ?",
        [village_code, year],
    ).fetchone()
    return catalogue_mod.load(row[0] if row else None)


def open_year(store: Store, village_code: str, year: int) -> list[ItemStatus]:
    """Start a checklist year. Documents still valid carry forward (they are not copied:
    a 2023-2025 SK counts for 2024 by its period). Returns the items carried forward."""
    check_year(year)
    version = catalogue_mod.load().version
    with store.atomic() as db:
        upsert_by_key(db, "checklist_years", {"village_code": village_code, "year": year},
                      {"catalogue_version": version})
    # "still in force": enacted documents only (a draft is in force from nothing yet)
    return [s for s in statuses(store, village_code, year)
            if s.carried_from is not None and s.document is not None and s.document.enacted]


# -- documents --------------------------------------------------------------------------------

def _row_to_document(row: dict) -> Document:
    return Document(**{k: v for k, v in row.items() if k in _DOCUMENT_FIELDS})


def documents(store: Store, village_code: str, item_code: str | None = None) -> list[Document]:
    """All live documents of a village (optionally of one item), with attachment counts."""
    sql = _DOCUMENT_SELECT + "WHERE d.village_code = ? AND d.deleted_at IS NULL"
    args: list = [village_code]
    if item_code:
        sql += " AND d.item_code = ?"
        args.append(item_code)
    sql += " ORDER BY d.item_code, d.year, d.valid_from"
    return [_row_to_document(r) for r in store.db.query(sql, args)]


def documents_for_year(
    store: Store, village_code: str, item_code: str, year: int
) -> list[Document]:
    """Documents that count for this year (its own and those carried forward)."""
    cat = catalogue_for_year(store, village_code, year)
    item = cat.item(item_code)
    return [d for d in documents(store, village_code, item_code)
            if d.year == year or covers_year(d.facts(), item.validity, year)]


def get_document(store: Store, doc_id: str) -> Document:
    docs = [_row_to_document(r)
            for r in store.db.query(_DOCUMENT_SELECT + "WHERE d.id = ?", [doc_id])]
    if not docs:
        raise NotFoundError(f"Dokumen dengan id '{doc_id}' tidak ada.")
    return docs[0]


# A date as stored and as a bundle carries it (bundles/format.py reads the same form).
_ISO_DATE = re.compile(r"[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}")


def validate_document(doc: Document) -> None:
    """Refuse impossible values with a sentence that says what to fix."""
    codes = catalogue_mod.load().codes
    if doc.item_code not in codes:
        raise ValidationError(f"Butir '{doc.item_code}' tidak dikenal; pilih salah satu dari "
                              f"{', '.join(codes)}.")
    if doc.status not in DOCUMENT_STATUSES:
        raise ValidationError(f"Status '{doc.status}' tidak dikenal (ditetapkan/draf).")
    check_year(doc.year)
    labels = {"date_set": "Tanggal penetapan", "valid_from": "Berlaku mulai",
              "valid_until": "Berlaku sampai"}
    parsed = {}
    for key, label in labels.items():
        value = getattr(doc, key)
        try:
            if isinstance(value, str) and not _ISO_DATE.fullmatch(value.strip()):
                raise ValueError(value)  # 20260105, 2026-01-05T08:00, '2026-12-31 x': no
            parsed[key] = parse_date(value.strip() if isinstance(value, str) else value)
        except ValueError as err:
            raise ValidationError(
                f"{label} '{value}' bukan tanggal; tulis TTTT-BB-HH, misalnya 2024-03-27."
            ) from err
    date_set, start, until = parsed["date_set"], parsed["valid_from"], parsed["valid_until"]
    if start and until and until < start:
        raise ValidationError(
            f"Tanggal 'berlaku sampai' ({format_date(until)}) tidak boleh sebelum "
            f"'berlaku mulai' ({format_date(start)}).")
    if date_set and until and date_set > until:
        raise ValidationError(
            f"Tanggal penetapan {format_date(date_set)} sesudah masa berlakunya berakhir "
            f"({format_date(until)}); periksa kedua tanggal itu.")
    # A decree for a year may be set before it (late in the previous year, or a Perdes of
    # years ago), never in the future beyond it: a date set years ahead is a typo, and the
    # document would not count for the year it was recorded in.
    last_day = dt.date(int(doc.year), 12, 31)
    if date_set and date_set > max(last_day, today()):
        raise ValidationError(
            f"Tanggal penetapan {format_date(date_set)} masih akan datang dan sesudah tahun "
            f"{doc.year}: dokumen untuk tahun {doc.year} ditetapkan paling lambat "
            f"{format_date(last_day)}; periksa tahunnya.")
    if doc.enacted and not doc.doc_number.strip():
        raise ValidationError("Nomor dokumen wajib diisi untuk dokumen yang sudah ditetapkan.")


def save_document(store: Store, doc: Document, attach: list[Path] | tuple[Path, ...] = ()
                  ) -> Document:
    """Insert or update a document, with any new attachment files, in one transaction;
    returns it as stored. Every file is checked before anything is written, so a refused
    file leaves no document behind."""
    doc.doc_number = doc.doc_number.strip()
    for key in ("date_set", "valid_from", "valid_until"):
        value = getattr(doc, key)
        if isinstance(value, str):
            setattr(doc, key, value.strip() or None)
    validate_document(doc)
    for key in ("date_set", "valid_from", "valid_until"):  # stored as 2024-03-27, always
        value = getattr(doc, key)
        if value is not None:
            setattr(doc, key, parse_date(value).isoformat())
    from desa_layak.storage import attachments as att

    prepared = [att.prepare(Path(p)) for p in attach]
    values = {k: getattr(doc, k) for k in _DOC_FIELDS}
    blobs = blob_store(store)
    for p in prepared:
        blobs.put(p.data, p.sha256)  # content-addressed: harmless if the save fails below
    with store.atomic() as db:
        doc_id = save_record(db, "documents", doc.id, values, {
            "village_code": doc.village_code, "item_code": doc.item_code, "year": int(doc.year)})
        upsert_by_key(db, "checklist_years", {"village_code": doc.village_code,
                                              "year": int(doc.year)},
                      {"catalogue_version": catalogue_mod.load().version})
        for p in prepared:
            _record_attachment(db, doc.village_code, "document", doc_id, p)
    doc.id = doc_id  # only once committed: a failed save can simply be tried again
    return get_document(store, doc_id)


def delete_document(store: Store, doc_id: str) -> None:
    """Tombstone a document and its attachments together."""
    with store.atomic() as db:
        if not soft_delete_with_attachments(db, "documents", "document", doc_id):
            raise NotFoundError(f"Dokumen dengan id '{doc_id}' tidak ada (atau sudah dihapus).")


# -- attachments ------------------------------------------------------------------------------

def blob_store(store: Store) -> att.BlobStore:
    from desa_layak.storage import attachments as att  # here: not needed to open the window

    return att.BlobStore(store.attachments_dir)


def add_attachment(store: Store, village_code: str, owner_kind: str, owner_id: str,
                   path: Path) -> Attachment:
    """Check, store (content-addressed, atomic) and record one file. Raises AttachmentError."""
    from desa_layak.storage import attachments as att

    prepared = att.prepare(Path(path))
    blob_store(store).put(prepared.data, prepared.sha256)
    with store.atomic() as db:
        att_id = _record_attachment(db, village_code, owner_kind, owner_id, prepared)
    return get_attachment(store, att_id)


def _record_attachment(db, village_code: str, owner_kind: str, owner_id: str,  # noqa: ANN001
                       prepared: att.PreparedFile) -> str:
    """Record one stored file for its owner; the very same file twice is refused (the same
    scan chosen again, or dropped twice), naming the copy already there."""
    same = db.execute(
        "SELECT file_name FROM attachments WHERE owner_kind = ? AND owner_id = ? "
        "AND sha256 = ? AND deleted_at IS NULL", [owner_kind, owner_id, prepared.sha256]
    ).fetchone()
    if same is not None:
        raise AttachmentError(
            f"'{prepared.file_name}' sudah terlampir"
            + (f" (sama persis dengan '{same[0]}')." if same[0] != prepared.file_name
               else "."))
    return insert_record(db, "attachments", {
        "village_code": village_code, "owner_kind": owner_kind, "owner_id": owner_id,
        "sha256": prepared.sha256, "file_name": prepared.file_name, "mime": prepared.mime,
        "size": prepared.size, "original_size": prepared.original_size,
        "width": prepared.width, "height": prepared.height, "pages": prepared.pages,
    })


def get_attachment(store: Store, att_id: str) -> Attachment:
    rows = list(store.db.query(
        "SELECT id, owner_kind, owner_id, sha256, file_name, mime, size, original_size, width, "
        "height, pages, created_at FROM attachments WHERE id = ?", [att_id]))
    if not rows:
        raise NotFoundError(f"Lampiran dengan id '{att_id}' tidak ada.")
    return Attachment(**rows[0])


def attachments_of(store: Store, owner_kind: str, owner_id: str) -> list[Attachment]:
    return [Attachment(**r) for r in store.db.query(
        "SELECT id, owner_kind, owner_id, sha256, file_name, mime, size, original_size, width, "
        "height, pages, created_at FROM attachments WHERE owner_kind = ? AND owner_id = ? "
        "AND deleted_at IS NULL ORDER BY created_at, file_name", [owner_kind, owner_id])]


def attachment_path(store: Store, attachment: Attachment) -> Path:
    return blob_store(store).path_for(attachment.sha256)


def remove_attachment(store: Store, att_id: str) -> None:
    """Tombstone the record; the file stays while any record (or an old bundle) may need it."""
    with store.atomic() as db:
        if not soft_delete(db, "attachments", att_id):
            raise NotFoundError(f"Lampiran dengan id '{att_id}' tidak ada (atau sudah dihapus).")


# -- states -----------------------------------------------------------------------------------

def _chunks(codes: list[str], size: int = 500) -> list[list[str]]:
    return [codes[i:i + size] for i in range(0, len(codes), size)]


def figure_facts_for(store: Store, village_codes: list[str], year: int
                     ) -> dict[str, FigureFacts]:
    """Counts the F/G/H rules need, for many villages in a few grouped queries."""
    from desa_layak.core import figure_catalogue

    db = store.db
    required = figure_catalogue.required_cells()
    pairs = figure_catalogue.part_pairs()
    filled: dict[str, int] = {}
    conflicts: dict[str, int] = {}
    lines: dict[str, int] = {}
    facilities: dict[str, tuple[int, int]] = {}
    for chunk in _chunks(village_codes):
        marks = ",".join("?" * len(chunk))
        filled.update(db.execute(
            f"SELECT village_code, count(*) FROM data_pilah_values WHERE year = ? "
            f"AND deleted_at IS NULL AND village_code IN ({marks}) GROUP BY village_code",
            [year, *chunk]).fetchall())
        if pairs:  # parts larger than their whole, counted by SQLite
            conflicts.update(db.execute(
                f"WITH pairs(part, whole) AS (VALUES {','.join(['(?, ?)'] * len(pairs))}) "
                "SELECT p.village_code, count(*) FROM data_pilah_values p "
                "JOIN pairs ON pairs.part = p.figure_key "
                "JOIN data_pilah_values w ON w.village_code = p.village_code "
                "AND w.year = p.year AND w.figure_key = pairs.whole AND w.sex = p.sex "
                "AND w.age_band = p.age_band AND w.deleted_at IS NULL "
                f"WHERE p.year = ? AND p.deleted_at IS NULL AND p.village_code IN ({marks}) "
                "AND p.value > w.value GROUP BY p.village_code",
                [*(k for pair in pairs for k in pair), year, *chunk]).fetchall())
        lines.update(db.execute(
            f"SELECT village_code, count(*) FROM budget_lines WHERE year = ? "
            f"AND deleted_at IS NULL AND village_code IN ({marks}) GROUP BY village_code",
            [year, *chunk]).fetchall())
        for code, active, with_photo in db.execute(
            "SELECT f.village_code, count(*), coalesce(sum(EXISTS (SELECT 1 FROM attachments a "
            "WHERE a.owner_kind = 'facility' AND a.owner_id = f.id AND a.deleted_at IS NULL)), "
            "0) FROM facilities f WHERE f.deleted_at IS NULL AND f.active = 1 "
            f"AND (f.since_year IS NULL OR f.since_year <= ?) AND f.village_code IN ({marks}) "
            "GROUP BY f.village_code", [year, *chunk]).fetchall():
            facilities[code] = (active, with_photo)
    return {
        code: FigureFacts(
            data_pilah_cells=filled.get(code, 0),
            data_pilah_required=required,
            data_pilah_conflicts=conflicts.get(code, 0),
            budget_lines=lines.get(code, 0),
            active_facilities=facilities.get(code, (0, 0))[0],
            active_facilities_with_photo=facilities.get(code, (0, 0))[1],
        )
        for code in village_codes
    }


def statuses_for(store: Store, village_codes: list[str], year: int,
                 on: dt.date | None = None) -> dict[str, list[ItemStatus]]:
    """``statuses`` for many villages at once (the kecamatan recap): a handful of queries
    instead of several per village."""
    when = on or today()
    versions: dict[str, int] = {}
    docs: dict[tuple[str, str], list[DocumentFacts]] = {}  # (village, item) -> its documents
    for chunk in _chunks(village_codes):
        marks = ",".join("?" * len(chunk))
        versions.update(store.db.execute(
            f"SELECT village_code, catalogue_version FROM checklist_years WHERE year = ? "
            f"AND village_code IN ({marks})", [year, *chunk]).fetchall())
        for code, *facts in store.db.execute(
            "SELECT d.village_code, d.id, d.item_code, d.year, d.status, d.doc_number, "
            f"d.date_set, d.valid_from, d.valid_until, {_ATTACHMENT_COUNT} "
            f"FROM documents d WHERE d.deleted_at IS NULL AND d.village_code IN ({marks}) "
            "ORDER BY d.item_code, d.year, d.valid_from", chunk):
            doc = DocumentFacts(*facts)
            docs.setdefault((code, doc.item_code), []).append(doc)
    facts_of = figure_facts_for(store, village_codes, year)
    return {
        code: [derive_state(item, docs.get((code, item.code), []), facts_of[code], year, when)
               for item in catalogue_mod.load(versions.get(code)).items]
        for code in village_codes
    }


def statuses(store: Store, village_code: str, year: int,
             on: dt.date | None = None) -> list[ItemStatus]:
    """The derived state of every item A-H for one year, judged on ``on`` (default today)."""
    return statuses_for(store, [village_code], year, on)[village_code]


def progress(items: list[ItemStatus]) -> tuple[int, int]:
    """(fulfilled, total) for the progress bar."""
    return sum(1 for s in items if s.fulfilled), len(items)
