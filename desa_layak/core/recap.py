"""The kecamatan recap: every village of the area against items A-H for one year.

Villages come from the ``villages`` table (the official list, filled at set-up), so a village
that never sent a bundle appears too, marked "belum mengirim".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from desa_layak.core import catalogue as catalogue_mod
from desa_layak.core import checklist
from desa_layak.core.catalogue import ChecklistItem
from desa_layak.core.states import EXPIRING_DAYS, ItemState, ItemStatus
from desa_layak.storage.db import Store

NOT_SENT_LABEL = "Belum mengirim"


class Source(NamedTuple):
    """What the kecamatan holds from a village: its last bundle."""

    seq: int
    exported_at: str
    imported_at: str
    app_version: str


class VillageRecap(NamedTuple):
    code: str
    name: str
    kind: str
    district_name: str
    source: Source | None
    statuses: tuple[ItemStatus, ...]
    has_year: bool  # the village has something for this year

    @property
    def sent(self) -> bool:
        """False: "belum mengirim" (no bundle at all, or nothing in it for this year)."""
        return self.source is not None and self.has_year

    @property
    def fulfilled(self) -> int:
        return sum(1 for s in self.statuses if s.fulfilled) if self.sent else 0

    @property
    def label(self) -> str:
        kind = "Kelurahan" if self.kind == "kelurahan" else "Desa"
        return f"{kind} {self.name}"

    def state_of(self, item_code: str) -> ItemState | None:
        """None when the village has sent nothing for the year."""
        if not self.sent:
            return None
        for s in self.statuses:
            if s.item.code == item_code:
                return s.state
        return None


class ExpiringDocument(NamedTuple):
    village_code: str
    village_name: str
    item_code: str
    item_short: str
    doc_number: str
    valid_until: str | None
    days_left: int | None
    state: ItemState


@dataclass
class Recap:
    area_code: str
    area_name: str
    year: int
    on: dt.date
    items: tuple[ChecklistItem, ...]
    villages: list[VillageRecap]
    counts: dict[str, dict[ItemState, int]] = field(default_factory=dict)
    expiring: list[ExpiringDocument] = field(default_factory=list)

    @property
    def not_sent(self) -> list[VillageRecap]:
        return [v for v in self.villages if not v.sent]

    def fulfilled_count(self, item_code: str) -> int:
        return sum(n for state, n in self.counts.get(item_code, {}).items() if state.fulfilled)


def _sources(store: Store) -> dict[str, Source]:
    return {row[0]: Source(*row[1:]) for row in store.db.execute(
        "SELECT village_code, last_seq, exported_at, imported_at, app_version "
        "FROM village_sources").fetchall()}


def _has_year(opened: set[str], code: str, statuses: list[ItemStatus]) -> bool:
    """The village has something for the year: it opened it, recorded a document in it, or a
    document of an earlier year speaks for it."""
    return code in opened or any(s.state != ItemState.NOT_STARTED for s in statuses)


def build(store: Store, year: int, on: dt.date | None = None,
          area_code: str | None = None) -> Recap:
    """The recap of every village of the area (default: this installation's area)."""
    from desa_layak.core.setup import identity

    ident = identity(store)
    code = area_code or (ident.area_code if ident else "")
    name = ident.area_name if ident and ident.area_code == code else code
    when = on or checklist.today()
    items = catalogue_mod.load().items
    sources = _sources(store)
    rows = store.db.execute(
        "SELECT code, name, kind, district_name FROM villages WHERE deleted_at IS NULL AND "
        "(code = ? OR code LIKE ?) ORDER BY code", [code, code + ".%"]).fetchall()
    villages: list[VillageRecap] = []
    counts: dict[str, dict[ItemState, int]] = {it.code: dict.fromkeys(ItemState, 0) for it in items}
    expiring: list[ExpiringDocument] = []
    all_stats = checklist.statuses_for(store, [r[0] for r in rows if r[0] in sources], year,
                                       on=when)
    opened = checklist.villages_with_year(store, year)
    for vcode, vname, kind, district in rows:
        src = sources.get(vcode)
        stats: list[ItemStatus] = []
        has_year = False
        if src is not None:
            stats = all_stats[vcode]
            has_year = _has_year(opened, vcode, stats)
        v = VillageRecap(vcode, vname, kind, district, src, tuple(stats), has_year)
        villages.append(v)
        if not v.sent:
            continue
        for s in stats:  # an item of another catalogue version gets its own counts
            counts.setdefault(s.item.code, dict.fromkeys(ItemState, 0))[s.state] += 1
            if s.document is None:
                continue
            if s.state in (ItemState.EXPIRED, ItemState.EXPIRING):
                state = s.state
            elif s.state is ItemState.NO_ATTACHMENT and s.days_left is not None \
                    and s.days_left <= EXPIRING_DAYS:
                state = ItemState.EXPIRING  # ending soon: said here whatever its scan
            else:
                continue
            expiring.append(ExpiringDocument(
                vcode, v.label, s.item.code, s.item.short, s.document.doc_number,
                s.document.valid_until, s.days_left, state))
    expiring.sort(key=lambda e: (e.valid_until or "9999", e.village_code, e.item_code))
    return Recap(code, name, year, when, items, villages, counts, expiring)


# -- one village in full (read-only) ----------------------------------------------------------

class DocumentDetail(NamedTuple):
    document: checklist.Document
    attachments: tuple[checklist.Attachment, ...]


class VillageDetail(NamedTuple):
    code: str
    profile: object  # core.setup.VillageProfile
    year: int
    source: Source | None
    statuses: tuple[ItemStatus, ...]
    documents: tuple[DocumentDetail, ...]
    figures: dict[str, int]
    facilities: tuple[tuple[dict, tuple[checklist.Attachment, ...]], ...]


def village_detail(store: Store, code: str, year: int, on: dt.date | None = None) -> VillageDetail:
    """Everything the kecamatan holds about one village, for the read-only detail view."""
    from desa_layak.core.setup import village_profile

    profile = village_profile(store, code)
    source = _sources(store).get(code)
    stats = tuple(checklist.statuses(store, code, year, on=on or checklist.today()))
    docs = tuple(
        DocumentDetail(d, tuple(checklist.attachments_of(store, "document", d.id)))
        for d in checklist.documents(store, code))
    db = store.db

    def one(sql: str) -> int:
        return int(db.execute(sql, [code, year]).fetchone()[0] or 0)

    figures = {
        "data_pilah_cells": one("SELECT count(*) FROM data_pilah_values WHERE village_code = ? "
                                "AND year = ? AND deleted_at IS NULL"),
        "apbdes_total": one("SELECT coalesce(sum(apbdes_total), 0) FROM budgets WHERE "
                            "village_code = ? AND year = ? AND deleted_at IS NULL"),
        "budget_lines": one("SELECT count(*) FROM budget_lines WHERE village_code = ? AND "
                            "year = ? AND deleted_at IS NULL"),
        "budget_amount": one("SELECT coalesce(sum(amount), 0) FROM budget_lines WHERE "
                             "village_code = ? AND year = ? AND deleted_at IS NULL"),
        "teams": one("SELECT count(*) FROM teams WHERE village_code = ? AND year = ? AND "
                     "deleted_at IS NULL"),
        "team_activities": one("SELECT count(*) FROM team_activities WHERE village_code = ? "
                               "AND year = ? AND deleted_at IS NULL"),
    }
    facilities = tuple(
        (row, tuple(checklist.attachments_of(store, "facility", row["id"])))
        for row in db.query("SELECT id, kind, name, location, since_year, condition, active "
                            "FROM facilities WHERE village_code = ? AND deleted_at IS NULL "
                            "ORDER BY name", [code]))
    return VillageDetail(code, profile, year, source, stats, docs, figures, facilities)


def within_warning(days_left: int | None) -> bool:
    return days_left is not None and days_left <= EXPIRING_DAYS
