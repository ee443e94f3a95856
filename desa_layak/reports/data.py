"""What the reports need, gathered from the core in one place (no reportlab here).

Each report section is a plain dataclass, so the PDF and the spreadsheet share one source and
tests can compare the printed text against these values. The figure sections (data pilah,
budget, facilities, teams, DRPPA) read the m001 tables; labels come from the figure modules
when they are installed, else from the stored keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from desa_layak.core import checklist
from desa_layak.core.catalogue import ChecklistItem, Validity
from desa_layak.core.formatting import format_date, parse_date
from desa_layak.core.recap import ExpiringDocument
from desa_layak.core.setup import VillageProfile, identity, village_profile
from desa_layak.core.states import (
    STATE_LABELS,
    DocumentFacts,
    ItemState,
    ItemStatus,
    action_order,
    as_of_for,
    effective_period,
)
from desa_layak.core.timestamps import format_stamp
from desa_layak.storage.db import Store

ProgressFn = Callable[[int, int, str], bool]

# -- data state (footer) ------------------------------------------------------------------------

BUNDLE_SEQ_SETTING = "bundle_seq"  # bundles/export.py:SEQ_SETTING (not imported: heavy module)

@dataclass(frozen=True)
class SourceInfo:
    """The last bundle imported from a village (kecamatan side)."""

    village_code: str
    last_seq: int
    exported_at: str
    imported_at: str


def sources(store: Store) -> dict[str, SourceInfo]:
    rows = store.db.execute(
        "SELECT village_code, last_seq, exported_at, imported_at FROM village_sources"
    ).fetchall()
    return {r[0]: SourceInfo(*r) for r in rows}


def _last_change(store: Store, village_code: str | None) -> str | None:
    tables = ("documents", "attachments", "data_pilah_values", "budgets", "budget_lines",
              "facilities", "teams", "team_activities", "drppa_answers")
    where = " WHERE village_code = ?" if village_code else ""
    sql = " UNION ALL ".join(f"SELECT max(updated_at) AS t FROM {t}{where}" for t in tables)
    args = [village_code] * len(tables) if village_code else []
    row = store.db.execute(f"SELECT max(t) FROM ({sql})", args).fetchone()
    return row[0] if row else None


def data_state(store: Store, village_code: str | None = None,
               area_code: str | None = None) -> str:
    """One line for the footer saying which data the report shows.

    Kecamatan side, one village: the bundle sequence imported. Whole area (or the part
    ``area_code`` of it, one kecamatan of a kabupaten): how many of its villages sent a bundle
    and the newest import. Desa side: the number of the last bundle exported and the last
    change."""
    ident = identity(store)
    if ident is not None and not ident.is_village:
        src = sources(store)
        if village_code:
            info = src.get(village_code)
            if info is None:
                return "Data: belum ada bundel dari desa ini"
            return f"Data: bundel ke-{info.last_seq}, dibuat {format_stamp(info.exported_at)}"
        area = area_code or ident.area_code  # the folder holds its own area's villages only
        src = {c: s for c, s in src.items() if c == area or c.startswith(area + ".")}
        total = store.db.execute("SELECT count(*) FROM villages WHERE code = ? OR code LIKE ?",
                                 [area, area + ".%"]).fetchone()[0]
        newest = max((s.imported_at for s in src.values()), default=None)
        tail = f", impor terakhir {format_stamp(newest)}" if newest else ""
        return f"Data: bundel {len(src)} dari {total} desa/kelurahan{tail}"
    seq = store.get_setting(BUNDLE_SEQ_SETTING)
    seq = seq if seq and seq != "0" else None
    changed = _last_change(store, village_code)
    head = f"Data: bundel terakhir ke-{seq}" if seq else "Data: belum pernah dikirim"
    return f"{head}; perubahan terakhir {format_stamp(changed)}"


def en_dash(text: str) -> str:
    """Number ranges printed with an en dash: ``0-4 tahun`` -> ``0–4 tahun``."""
    import re

    return re.sub(r"(?<=\d)-(?=\d)", "\u2013", text)


# -- checklist ---------------------------------------------------------------------------------

def validity_text(doc: DocumentFacts | None, validity: Validity) -> str:
    """``1 Januari 2024 – 31 Desember 2024`` (en dash), ``sejak 12 Juni 2021`` for a standing
    Perdes."""
    if doc is None or not doc.enacted:
        return "-"  # a draft is in force from nothing yet: no period worked out for it
    start, until = effective_period(doc, validity)
    if until is None:
        return f"sejak {format_date(start)}"
    return f"{format_date(start)} \u2013 {format_date(until)}"


@dataclass(frozen=True)
class ChecklistRow:
    item: ChecklistItem
    state: ItemState
    reason: str
    doc_number: str
    date_set: str  # formatted
    validity: str  # formatted period
    valid_until: dt.date | None
    attachments: int
    carried_from: int | None
    days_left: int | None
    date_iso: str | None = None  # date set, as stored (for spreadsheets)

    @classmethod
    def from_status(cls, s: ItemStatus) -> ChecklistRow:
        d = s.document
        until = effective_period(d, s.item.validity)[1] if d else None
        return cls(
            item=s.item, state=s.state, reason=s.reason,
            doc_number=d.doc_number if d and d.doc_number else "-",
            # a draft is not set yet: its planned date is not "Ditetapkan"
            date_set=(format_date(d.date_set) if d.enacted else "draf") if d else "-",
            validity=validity_text(d, s.item.validity),
            valid_until=until,
            attachments=d.attachments if d else 0,
            carried_from=s.carried_from, days_left=s.days_left,
            date_iso=d.date_set if d else None,
        )


# -- figures (read through the figure modules of the core) -----------------------------------

@dataclass(frozen=True)
class PilahRow:
    key: str
    label: str
    values: tuple[int | None, ...]  # split: per (band, sex) in DataPilah.columns order; else 1

    def total(self, indexes: range | list[int] | None = None) -> int:
        vals = self.values if indexes is None else [self.values[i] for i in indexes]
        return sum(v or 0 for v in vals)

    def sum_of(self, indexes: range | list[int] | None = None) -> tuple[int | None, bool]:
        """(total of the filled cells, whether every cell is filled); the total is None when
        none is filled: an unfilled row has no total, not 0."""
        vals = self.values if indexes is None else [self.values[i] for i in indexes]
        filled = [v for v in vals if v is not None]
        if not filled:
            return None, False
        return sum(filled), len(filled) == len(vals)

    @property
    def empty(self) -> bool:
        return all(v is None for v in self.values)


@dataclass(frozen=True)
class DataPilah:
    """The year's data pilah table: figures split by age band and sex, and single counts."""

    bands: tuple[tuple[str, str], ...]  # (code, label)
    sexes: tuple[tuple[str, str], ...]  # (code, label)
    split: tuple[PilahRow, ...]
    single: tuple[PilahRow, ...]
    filled: int
    required: int

    @property
    def columns(self) -> list[tuple[str, str]]:
        """(band code, sex code) in print order."""
        return [(b, s) for b, _ in self.bands for s, _ in self.sexes]

    def sex_indexes(self, sex: str) -> list[int]:
        return [i for i, (_, s) in enumerate(self.columns) if s == sex]

    @property
    def has_values(self) -> bool:
        return self.filled > 0


def data_pilah(store: Store, village_code: str, year: int) -> DataPilah:
    from desa_layak.core import data_pilah as dp
    from desa_layak.core import figure_catalogue

    cat = figure_catalogue.load()
    table = dp.values(store, village_code, year)
    done, required = dp.filled(table, cat)
    bands = tuple((b.code, en_dash(b.label)) for b in cat.age_bands)
    sexes = tuple((s.code, s.label) for s in cat.sexes)
    split, single = [], []
    for fig in cat.figures:
        if fig.is_split:
            vals = tuple(table.get((fig.key, s, b)) for b, _ in bands for s, _ in sexes)
            split.append(PilahRow(fig.key, fig.label, vals))
        else:
            single.append(PilahRow(fig.key, fig.label, (table.get((fig.key, "", "")),)))
    return DataPilah(bands, sexes, tuple(split), tuple(single), done, required)


@dataclass(frozen=True)
class BudgetLine:
    activity: str
    bidang: str
    source: str
    amount: int
    realised: int


@dataclass(frozen=True)
class Budget:
    apbdes_total: int | None
    lines: tuple[BudgetLine, ...]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def realised(self) -> int:
        return sum(line.realised for line in self.lines)

    @property
    def share(self) -> float | None:
        """Share of the APBDes spent on children's rights (None without an APBDes total)."""
        if not self.apbdes_total:
            return None
        return self.total / self.apbdes_total


def budget(store: Store, village_code: str, year: int) -> Budget:
    from desa_layak.core import budget as budget_mod

    b = budget_mod.get_budget(store, village_code, year)
    lines = tuple(BudgetLine(x.activity, x.bidang, x.source, x.amount, x.realised)
                  for x in b.lines)
    return Budget(b.apbdes_total or None, lines)


@dataclass(frozen=True)
class Facility:
    kind: str
    name: str
    location: str
    since_year: int | None
    condition: str
    active: bool
    photos: int


def facilities(store: Store, village_code: str, year: int) -> list[Facility]:
    from desa_layak.core import facilities as fac_mod

    out = []
    for f in fac_mod.list_facilities(store, village_code):
        if f.since_year is not None and f.since_year > year:
            continue
        out.append(Facility(f.kind_label, f.name, f.location, f.since_year,
                            f.condition_label if f.condition else "", f.active, f.photos))
    out.sort(key=lambda f: (not f.active, f.name))
    return out


@dataclass(frozen=True)
class Team:
    key: str
    title: str
    item_code: str
    members_l: int
    members_p: int
    chair_name: str
    activities: int
    last_activity: str | None


def teams(store: Store, village_code: str, year: int) -> list[Team]:
    from desa_layak.core import teams as teams_mod

    out = []
    for t in teams_mod.get_teams(store, village_code, year):
        dates = [a.date for a in t.activities if a.date]
        out.append(Team(t.key, t.name, t.item_code, t.members_l, t.members_p, t.chair_name,
                        len(t.activities), max(dates) if dates else None))
    return out


@dataclass(frozen=True)
class DrppaRow:
    indicator: int
    title: str
    met: bool | None  # None: not enough figures to judge
    summary: str
    facts: tuple[tuple[str, str], ...] = ()

    @property
    def verdict(self) -> str:
        return {True: "Terpenuhi", False: "Belum terpenuhi", None: "Belum dapat dinilai"}[
            self.met]


def drppa(store: Store, village_code: str, year: int,
          on: dt.date | None = None) -> list[DrppaRow]:
    from desa_layak.core import drppa as drppa_mod

    return [DrppaRow(r.indicator.number, r.indicator.title, r.met, r.summary,
                     tuple((f.label, f.value) for f in r.facts))
            for r in drppa_mod.evaluate(store, village_code, year, on)]


# -- the village report ------------------------------------------------------------------------

@dataclass(frozen=True)
class VillageReport:
    profile: VillageProfile
    year: int
    judged_on: dt.date
    generated_at: dt.datetime
    data_state: str
    checklist: tuple[ChecklistRow, ...]
    actions: tuple[ChecklistRow, ...]
    data_pilah: DataPilah
    budget: Budget
    facilities: tuple[Facility, ...]
    teams: tuple[Team, ...]
    drppa: tuple[DrppaRow, ...]
    # Kecamatan side: False when no bundle with this year in it has come from the village
    # (core.recap's "belum mengirim"); then nothing can be judged. Always True on the desa side.
    received: bool = True
    bundle: SourceInfo | None = None  # kecamatan side: the village's last bundle, if any

    @property
    def fulfilled(self) -> int:
        return sum(1 for r in self.checklist if r.state.fulfilled)

    @property
    def as_of(self) -> dt.date:
        """The day the states hold for (31 December for a past year)."""
        return as_of_for(self.year, self.judged_on)[0]


def village_choices(store: Store) -> list[tuple[str, str]]:
    """(code, "Desa X (Kec. Y)") for every village of the data folder, by code."""
    rows = store.db.execute(
        "SELECT code, name, kind, district_name FROM villages WHERE deleted_at IS NULL "
        "ORDER BY code").fetchall()
    return [(code, f"{'Kelurahan' if kind == 'kelurahan' else 'Desa'} {name} (Kec. {dist})")
            for code, name, kind, dist in rows]


def village_report(store: Store, village_code: str, year: int, *,
                   on: dt.date | None = None, now: dt.datetime | None = None) -> VillageReport:
    when = on or dt.date.today()
    sts = checklist.statuses(store, village_code, year, on=when)
    received, bundle = True, None
    ident = identity(store)
    if ident is not None and not ident.is_village:
        from desa_layak.core import recap as recap_mod

        # the recap's own rule (a bundle that holds this year), for this one village
        recap = recap_mod.build(store, year, on=when, area_code=village_code)
        received = any(v.sent for v in recap.villages if v.code == village_code)
        bundle = sources(store).get(village_code)
    return VillageReport(
        profile=village_profile(store, village_code),
        year=year, judged_on=when,
        generated_at=now or dt.datetime.now(),
        data_state=data_state(store, village_code),
        checklist=tuple(ChecklistRow.from_status(s) for s in sts),
        actions=tuple(ChecklistRow.from_status(s) for s in action_order(sts)),
        data_pilah=data_pilah(store, village_code, year),
        budget=budget(store, village_code, year),
        facilities=tuple(facilities(store, village_code, year)),
        teams=tuple(teams(store, village_code, year)),
        drppa=tuple(drppa(store, village_code, year, when)),
        received=received, bundle=bundle,
    )


# -- the rakor handout -------------------------------------------------------------------------

@dataclass(frozen=True)
class Meeting:
    """What the rakor dialog asks for (remembered in settings)."""

    title: str = "Rapat Koordinasi Desa/Kelurahan Layak Anak"
    date: dt.date | None = None
    place: str = ""
    signer_name: str = ""
    signer_title: str = "Camat"

    SETTING_KEYS = ("title", "date", "place", "signer_name", "signer_title")


KABUPATEN_SIGNER = "Kepala Dinas P3A"  # a kabupaten's handout is signed by the DP3A


def load_meeting(store: Store) -> Meeting:
    """The last values used (the date defaults to today; the signer, before one is given,
    is the camat, or for a kabupaten installation the head of its DP3A)."""
    values = {k: store.get_setting(f"rakor.{k}") for k in Meeting.SETTING_KEYS}
    base = Meeting()
    ident = identity(store)
    signer = KABUPATEN_SIGNER if ident is not None and ident.area_code.count(".") == 1 \
        else base.signer_title
    return Meeting(
        title=values["title"] or base.title,
        date=parse_date(values["date"]) or dt.date.today(),
        place=values["place"] or "",
        signer_name=values["signer_name"] or "",
        signer_title=values["signer_title"] or signer,
    )


def save_meeting(store: Store, meeting: Meeting) -> None:
    with store.atomic() as db:
        for key in Meeting.SETTING_KEYS:
            value = getattr(meeting, key)
            value = value.isoformat() if isinstance(value, dt.date) else (value or "")
            db.execute("INSERT INTO settings(key, value) VALUES(?, ?) "
                       "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       [f"rakor.{key}", value])


@dataclass(frozen=True)
class VillageRecap:
    code: str
    name: str
    kind: str
    district_code: str
    district_name: str
    rows: tuple[ChecklistRow, ...]  # empty when the village sent nothing for the year
    source: SourceInfo | None  # its bundle, when it holds this year
    bundle: SourceInfo | None = None  # its last bundle, whatever year it held

    @property
    def sent(self) -> bool:
        return self.source is not None and bool(self.rows)

    @property
    def full_name(self) -> str:
        return f"{'Kelurahan' if self.kind == 'kelurahan' else 'Desa'} {self.name}"

    @property
    def fulfilled(self) -> int:
        return sum(1 for r in self.rows if r.state.fulfilled)

    @property
    def needs(self) -> list[ChecklistRow]:
        """The items not yet complete, in catalogue order (A-H)."""
        return [r for r in self.rows if r.state != ItemState.COMPLETE]


@dataclass(frozen=True)
class ExpiryRow:
    """One of the app's expiring documents (``core.recap``, picked by state: expired or ending
    within 90 days) with its village and checklist row for printing."""

    village: VillageRecap
    row: ChecklistRow
    document: ExpiringDocument

    @property
    def state(self) -> ItemState:
        return self.document.state

    @property
    def state_text(self) -> str:
        """``Berakhir 38 hari lagi`` / ``Kedaluwarsa sejak 1 Januari 2026`` (as the app)."""
        days = self.document.days_left
        if self.state == ItemState.EXPIRING and days is not None:
            return "Berakhir hari ini" if days == 0 else f"Berakhir {days} hari lagi"
        until = self.row.valid_until
        if self.state == ItemState.EXPIRED and until is not None:
            return f"Kedaluwarsa sejak {format_date(until + dt.timedelta(days=1))}"
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class ItemCount:
    item: ChecklistItem
    complete: int  # fulfilled (complete or expiring soon)
    by_state: dict[ItemState, int]
    total: int

    @property
    def share(self) -> float:
        return self.complete / self.total if self.total else 0.0


@dataclass(frozen=True)
class RakorData:
    area_code: str
    area_label: str  # "Kecamatan Kandangan" / "Kabupaten Hulu Sungai Selatan"
    regency_name: str
    is_kabupaten: bool
    year: int
    judged_on: dt.date
    generated_at: dt.datetime
    data_state: str
    meeting: Meeting
    items: tuple[ChecklistItem, ...]
    villages: tuple[VillageRecap, ...]
    counts: tuple[ItemCount, ...] = field(default_factory=tuple)
    expiring: tuple[ExpiryRow, ...] = field(default_factory=tuple)

    @property
    def as_of(self) -> dt.date:
        """The day the states hold for (31 December for a past year)."""
        return as_of_for(self.year, self.judged_on)[0]

    @property
    def districts(self) -> list[tuple[str, str, list[VillageRecap]]]:
        groups: dict[str, list[VillageRecap]] = {}
        names: dict[str, str] = {}
        for v in self.villages:
            groups.setdefault(v.district_code, []).append(v)
            names[v.district_code] = v.district_name
        return [(code, names[code], groups[code]) for code in sorted(groups)]

    @property
    def not_sent(self) -> list[VillageRecap]:
        return [v for v in self.villages if not v.sent]


def item_counts(items: tuple[ChecklistItem, ...],
                villages: list[VillageRecap] | tuple[VillageRecap, ...]) -> tuple[ItemCount, ...]:
    out = []
    for i, item in enumerate(items):
        by_state: dict[ItemState, int] = {s: 0 for s in ItemState}
        for v in villages:
            if v.rows:
                by_state[v.rows[i].state] += 1
        complete = by_state[ItemState.COMPLETE] + by_state[ItemState.EXPIRING]
        out.append(ItemCount(item, complete, by_state, len(villages)))
    return tuple(out)


def rakor_data(store: Store, year: int, meeting: Meeting | None = None, *,
               on: dt.date | None = None, now: dt.datetime | None = None,
               progress: ProgressFn | None = None, area_code: str | None = None) -> RakorData:
    """Every village of the area with its A-H states for ``year`` (from ``core.recap``: a
    village that sent no bundle with this year in it has no states)."""
    from desa_layak.core import recap as recap_mod

    ident = identity(store)
    meeting = meeting or load_meeting(store)
    when = on or dt.date.today()
    if progress and not progress(0, 3, "Mengumpulkan data desa"):
        from desa_layak.errors import DesaLayakError

        raise DesaLayakError("Pembuatan laporan dibatalkan.")
    recap = recap_mod.build(store, year, on=when, area_code=area_code)
    src = sources(store)
    villages = []
    for v in recap.villages:
        rows = tuple(ChecklistRow.from_status(s) for s in v.statuses) if v.sent else ()
        villages.append(VillageRecap(v.code, v.name, v.kind, v.code.rsplit(".", 1)[0],
                                     v.district_name, rows, src.get(v.code) if v.sent else None,
                                     bundle=src.get(v.code)))
    villages.sort(key=lambda v: (v.district_code, v.code))
    regency = store.db.execute("SELECT regency_name FROM villages LIMIT 1").fetchone()
    items = recap.items
    area_code = recap.area_code
    if ident and ident.area_code == area_code:
        label = ident.area_name
    elif area_code.count(".") == 2 and villages:
        label = f"Kecamatan {villages[0].district_name}"
    else:
        label = area_code
    by_code = {v.code: v for v in villages}
    expiring = []
    for e in recap.expiring:  # the app's list: same rule, same rows
        v = by_code[e.village_code]
        row = next(r for r in v.rows if r.item.code == e.item_code)
        expiring.append(ExpiryRow(v, row, e))
    expiring.sort(key=lambda x: (x.village.district_code, x.village.code, x.row.item.code))
    return RakorData(
        area_code=area_code,
        area_label=label,
        regency_name=regency[0] if regency else "",
        is_kabupaten=area_code.count(".") == 1,
        year=year, judged_on=when, generated_at=now or dt.datetime.now(),
        data_state=data_state(store, area_code=area_code), meeting=meeting, items=items,
        villages=tuple(villages), counts=item_counts(items, villages),
        expiring=tuple(expiring),
    )
