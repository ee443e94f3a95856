"""Sample checklists for every village of a kecamatan-mode data folder (tests, benchmark, docs).

Writes a deterministic mix of documents, attachments, figures and bundle sources, so a handout
shows every state. Not used by the app itself; real data arrives through bundles.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from desa_layak.core import catalogue
from desa_layak.core.sample_files import make_pdf
from desa_layak.storage import attachments as att
from desa_layak.storage.db import Store
from desa_layak.storage.records import insert_record, upsert_by_key


def fill_sample_area(store: Store, year: int, today: dt.date, *, seed: int = 7,
                     sent_share: float = 0.75) -> dict[str, list[str]]:
    """Give each village of the store documents for ``year``; returns item codes per village
    that got a document. One transaction for everything."""
    rng = random.Random(seed)
    pdf = make_pdf(["Contoh pindaian"], seed=seed)
    sha = hashlib.sha256(pdf).hexdigest()
    att.BlobStore(store.attachments_dir).put(pdf, sha)
    cat = catalogue.load()
    villages = [r[0] for r in store.db.execute(
        "SELECT code FROM villages WHERE deleted_at IS NULL ORDER BY code").fetchall()]
    made: dict[str, list[str]] = {}
    with store.atomic() as db:
        for n, code in enumerate(villages):
            made[code] = []
            upsert_by_key(db, "checklist_years", {"village_code": code, "year": year},
                          {"catalogue_version": cat.version})
            for item in cat.items:
                roll = rng.random()
                if item.rule == "facility":
                    if roll < 0.6:
                        fac = insert_record(db, "facilities", {
                            "village_code": code, "kind": "pojok_baca",
                            "name": "Pojok Baca Balai Desa", "since_year": year - 1,
                            "active": 1})
                        if roll < 0.45:
                            _attach(db, code, "facility", fac, sha, len(pdf))
                    continue
                if roll < 0.18:
                    continue  # nothing yet
                if item.validity.kind == "yearly":
                    start, until = dt.date(year, 1, 10), dt.date(year, 12, 31)
                elif item.validity.kind == "period":
                    first = year - rng.choice((0, 1, 2, 3))
                    start, until = dt.date(first, 3, 1), dt.date(first + 2, 12, 31)
                    if roll > 0.9:  # ends soon after the meeting
                        until = today + dt.timedelta(days=rng.randint(10, 80))
                else:
                    start, until = dt.date(year - rng.randint(0, 4), 6, 12), None
                status = "draf" if 0.18 <= roll < 0.26 else "ditetapkan"
                doc = insert_record(db, "documents", {
                    "village_code": code, "item_code": item.code, "year": start.year,
                    "status": status, "doc_number": f"{140 + n}/{item.code}/{start.year}",
                    "title": item.title, "date_set": start.isoformat(),
                    "valid_from": start.isoformat(),
                    "valid_until": until.isoformat() if until else None,
                })
                made[code].append(item.code)
                if roll > 0.34:
                    _attach(db, code, "document", doc, sha, len(pdf))
                if item.rule == "budget":
                    insert_record(db, "budget_lines", {
                        "village_code": code, "year": year, "activity": "Kegiatan Forum Anak",
                        "amount": 10_000_000 + 500_000 * n})
            if rng.random() < sent_share:
                stamp = dt.datetime(today.year, today.month, today.day, 9, 0).isoformat()
                db.execute(
                    "INSERT OR REPLACE INTO village_sources(village_code, public_key, last_seq, "
                    "bundle_sha256, exported_at, imported_at, app_version) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [code, "contoh", rng.randint(1, 9), sha, stamp, stamp, "contoh"])
    return made


def _attach(db, code: str, kind: str, owner: str, sha: str, size: int) -> None:  # noqa: ANN001
    insert_record(db, "attachments", {
        "village_code": code, "owner_kind": kind, "owner_id": owner, "sha256": sha,
        "file_name": "pindaian.pdf", "mime": "application/pdf", "size": size,
        "original_size": size, "pages": 1})
