"""Validity rules and the derived state of each checklist item (never typed in by a person).

States, in the order a secretary should act on them:
expired > not started > in progress > recorded without attachment > expiring soon > complete.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import NamedTuple

from desa_layak.core.catalogue import ChecklistItem, Validity
from desa_layak.core.formatting import format_date, parse_date

EXPIRING_DAYS = 90


class ItemState(StrEnum):
    EXPIRED = "kedaluwarsa"
    NOT_STARTED = "belum"
    IN_PROGRESS = "proses"
    NO_ATTACHMENT = "tanpa_lampiran"
    EXPIRING = "segera_berakhir"
    COMPLETE = "lengkap"

    @property
    def fulfilled(self) -> bool:
        """Counts towards progress (a document still valid today, with its evidence)."""
        return self in (ItemState.COMPLETE, ItemState.EXPIRING)

    @property
    def priority(self) -> int:
        return list(ItemState).index(self)


# Words for the command line and reports; the GUI passes these through Qt's translate().
STATE_LABELS: dict[ItemState, str] = {
    ItemState.COMPLETE: "Lengkap",
    ItemState.NO_ATTACHMENT: "Belum ada lampiran",
    ItemState.EXPIRED: "Kedaluwarsa",
    ItemState.EXPIRING: "Segera berakhir",
    ItemState.NOT_STARTED: "Belum ada",
    ItemState.IN_PROGRESS: "Dalam proses",
}

# Colour marks (RGB hex) shared by the GUI and the printed reports.
STATE_COLOURS: dict[ItemState, str] = {
    ItemState.COMPLETE: "#2e7d32",
    ItemState.EXPIRING: "#f9a825",
    ItemState.NO_ATTACHMENT: "#ef6c00",
    ItemState.IN_PROGRESS: "#1565c0",
    ItemState.NOT_STARTED: "#9e9e9e",
    ItemState.EXPIRED: "#c62828",
}


class DocumentFacts(NamedTuple):
    """What the state rules need to know about one recorded document."""

    id: str
    item_code: str
    year: int
    status: str = "ditetapkan"
    doc_number: str = ""
    date_set: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None
    attachments: int = 0

    @property
    def enacted(self) -> bool:
        """Set (ditetapkan), not a draft: only an enacted document is in force."""
        return self.status == "ditetapkan"


class FigureFacts(NamedTuple):
    """Summary of the village's figures for one year (items F, G, H)."""

    data_pilah_cells: int = 0  # cells with a value
    data_pilah_required: int = 0  # cells the catalogue asks for
    data_pilah_conflicts: int = 0  # cells where a part is larger than its whole
    budget_lines: int = 0
    active_facilities: int = 0
    active_facilities_with_photo: int = 0


class ItemStatus(NamedTuple):
    item: ChecklistItem
    year: int
    state: ItemState
    reason: str
    document: DocumentFacts | None = None
    days_left: int | None = None
    carried_from: int | None = None  # year the covering document was recorded in
    documents: tuple[DocumentFacts, ...] = ()

    @property
    def fulfilled(self) -> bool:
        return self.state.fulfilled


def effective_period(doc: DocumentFacts, validity: Validity) -> tuple[dt.date, dt.date | None]:
    """The days a document counts for. Missing dates follow the item's validity rule."""
    start = parse_date(doc.valid_from) or parse_date(doc.date_set) or dt.date(doc.year, 1, 1)
    until = parse_date(doc.valid_until)
    if until is None:
        if validity.kind == "yearly":
            until = dt.date(start.year, 12, 31)
        elif validity.kind == "period":
            until = dt.date(start.year + validity.years - 1, 12, 31)
    return start, until


def covers_year(doc: DocumentFacts, validity: Validity, year: int) -> bool:
    return _period_covers(effective_period(doc, validity), year)


def _period_covers(period: tuple[dt.date, dt.date | None], year: int) -> bool:
    start, until = period
    return start.year <= year and (until is None or until.year >= year)


def as_of_for(year: int, today: dt.date) -> tuple[dt.date, bool]:
    """The day a year is judged on, and whether it is the current year (expiry warnings)."""
    if year < today.year:
        return dt.date(year, 12, 31), False
    if year > today.year:
        return dt.date(year, 1, 1), False
    return today, True


def _best(docs: list[DocumentFacts],
          periods: dict[int, tuple[dt.date, dt.date | None]]) -> DocumentFacts:
    """The document that speaks for the item: enacted first, with evidence, newest period.
    ``periods`` holds each document's effective period, by ``id(doc)``."""

    def key(d: DocumentFacts) -> tuple:
        start, until = periods[id(d)]
        return (
            d.enacted,
            d.attachments > 0,
            until or dt.date.max,
            start,
        )

    return max(docs, key=key)


def document_state(
    item: ChecklistItem, docs: list[DocumentFacts], year: int, today: dt.date
) -> ItemStatus:
    """State of an item judged by its documents alone (rule ``document``)."""
    validity = item.validity
    as_of, current = as_of_for(year, today)
    periods = {id(d): effective_period(d, validity) for d in docs}  # each worked out once
    covering = [d for d in docs if _period_covers(periods[id(d)], year)]
    if validity.kind == "standing" and covering:
        # A standing document is replaced by a newer one: only the latest counts. A draft
        # replaces nothing (a revision being written leaves the enacted Perdes in force); a
        # draft speaks for the item only where nothing is enacted.
        enacted = [d for d in covering if d.enacted]
        covering = [max(enacted or covering, key=lambda d: periods[id(d)][0])]
    if not covering:
        earlier = [d for d in docs if periods[id(d)][0].year < year]
        if earlier:
            last = _best(earlier, periods)
            _, until = periods[id(last)]
            return ItemStatus(
                item, year, ItemState.EXPIRED,
                f"{item.document} terakhir berlaku sampai {until.year if until else '-'}; "
                f"belum ada {item.document} untuk {year}.",
                last, documents=tuple(docs),
            )
        return ItemStatus(
            item, year, ItemState.NOT_STARTED, f"Belum ada {item.document} untuk {year}.",
            documents=tuple(docs),
        )
    doc = _best(covering, periods)
    _, until = periods[id(doc)]
    carried = doc.year if doc.year != year else None
    days_left = (until - as_of).days if (until and current) else None
    common = {"document": doc, "days_left": days_left, "carried_from": carried,
              "documents": tuple(docs)}
    if not doc.enacted:
        return ItemStatus(item, year, ItemState.IN_PROGRESS,
                          f"{item.document} masih draf, belum ditetapkan.", **common)
    if current and until is not None and until < as_of:
        return ItemStatus(item, year, ItemState.EXPIRED,
                          f"{item.document} sudah tidak berlaku sejak {format_date(until)}.",
                          **common)
    if doc.attachments == 0:
        return ItemStatus(item, year, ItemState.NO_ATTACHMENT,
                          f"{item.document} sudah dicatat tetapi pindaiannya belum dilampirkan.",
                          **common)
    if days_left is not None and days_left <= EXPIRING_DAYS:
        return ItemStatus(item, year, ItemState.EXPIRING,
                          f"{item.document} berakhir dalam {days_left} hari.", **common)
    return ItemStatus(item, year, ItemState.COMPLETE, "Lengkap.", **common)


def derive_state(
    item: ChecklistItem,
    docs: list[DocumentFacts],
    figures: FigureFacts,
    year: int,
    today: dt.date,
) -> ItemStatus:
    """The state of one item for one year, from documents and (for F, G, H) figures."""
    by_doc = document_state(item, docs, year, today)
    if item.rule == "document":
        return by_doc

    def status(state: ItemState, reason: str) -> ItemStatus:
        return ItemStatus(item, year, state, reason, by_doc.document, by_doc.days_left,
                          by_doc.carried_from, by_doc.documents)

    has_doc = by_doc.state not in (ItemState.NOT_STARTED, ItemState.EXPIRED)
    doc_ok = by_doc.state.fulfilled
    if item.rule == "data_pilah":
        required, filled = figures.data_pilah_required, figures.data_pilah_cells
        if required and filled >= required:
            if has_doc and not doc_ok:
                return status(by_doc.state, by_doc.reason)
            if figures.data_pilah_conflicts:  # filled, but not yet figures one can use
                return status(ItemState.IN_PROGRESS,
                              f"Data pilah sudah terisi, tetapi {figures.data_pilah_conflicts} "
                              "isian lebih besar dari jumlah induknya (misalnya anak berakta "
                              "lebih banyak dari jumlah anak); angkanya perlu diperiksa.")
            return status(ItemState.COMPLETE, "Tabel data pilah tahun ini sudah terisi.")
        if filled or has_doc:
            return status(ItemState.IN_PROGRESS,
                          f"Data pilah baru terisi {filled} dari {required} isian.")
        return status(ItemState.NOT_STARTED, f"Data pilah {year} belum diisi.")
    if item.rule == "budget":
        if figures.budget_lines and doc_ok:
            if by_doc.state == ItemState.EXPIRING:
                return status(by_doc.state, by_doc.reason)
            return status(ItemState.COMPLETE,
                          f"{figures.budget_lines} kegiatan anggaran untuk anak tercatat.")
        if figures.budget_lines and has_doc:
            return status(by_doc.state, by_doc.reason)
        if figures.budget_lines:
            return status(ItemState.NO_ATTACHMENT,
                          "Kegiatan anggaran sudah dicatat; dokumen APBDes belum dilampirkan.")
        if has_doc:
            return status(ItemState.IN_PROGRESS,
                          "Dokumen APBDes ada, tetapi belum ada kegiatan anggaran untuk anak.")
        return status(ItemState.NOT_STARTED, f"Anggaran pemenuhan hak anak {year} belum dicatat.")
    # facility
    if figures.active_facilities_with_photo:
        return status(ItemState.COMPLETE,
                      f"{figures.active_facilities_with_photo} fasilitas aktif dengan foto.")
    if figures.active_facilities:
        return status(ItemState.NO_ATTACHMENT,
                      "Fasilitas aktif tercatat, tetapi belum ada fotonya.")
    return status(ItemState.NOT_STARTED, "Belum ada fasilitas informasi layak anak yang aktif.")


def action_order(statuses: list[ItemStatus]) -> list[ItemStatus]:
    """Items that need action, most urgent first (complete items left out)."""
    todo = [s for s in statuses if s.state != ItemState.COMPLETE]
    return sorted(todo, key=lambda s: (s.state.priority, s.days_left or 0, s.item.code))
