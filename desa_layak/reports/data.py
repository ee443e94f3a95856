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
from desa_layak.core.formatting import format_date, format_datetime, parse_date
from desa_layak.core.setup import VillageProfile, identity, village_profile
from desa_layak.core.states import (
    EXPIRING_DAYS,
    DocumentFacts,
    ItemState,
    ItemStatus,
    action_order,
    effective_period,
)
from desa_layak.storage.db import Store

ProgressFn = Callable[[int, int, str], bool]

# The DRPPA indicators (KemenPPPA), short names in our words; used when core.drppa is absent.
DRPPA_INDICATORS: dict[int, str] = {
    1: "Perempuan dan anak terorganisasi di desa",
    2: "Data desa memuat data terpilah perempuan dan anak",
    3: "Ada Perdes tentang DRPPA",
    4: "Dana dan aset desa membiayai DRPPA",
    5: "Keterwakilan perempuan di pemerintahan desa, BPD dan lembaga desa",
    6: "Perempuan wirausaha di desa",
    7: "Setiap anak mendapat pengasuhan berbasis hak",
    8: "Tidak ada kekerasan terhadap perempuan dan anak, dan tidak ada korban perdagangan orang",
    9: "Tidak ada pekerja anak",
    10: "Tidak ada perkawinan anak (di bawah 19 tahun)",
}

SEX_LABELS = {"L": "Laki-laki", "P": "Perempuan", "": "Jumlah"}


def _label(module: str, func: str, key: str) -> str:
    """A label from a figure module (e.g. ``core.teams.team_label``) if it exists, else key."""
    import importlib

    try:
        mod = importlib.import_module(f"desa_layak.core.{module}")
        fn = getattr(mod, func)
        text = fn(key)
        return str(text) if text else key
    except Exception:  # noqa: BLE001 - the figure modules are optional for reports
        return key.replace("_", " ").capitalize()


# -- data state (footer) ------------------------------------------------------------------------

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


def _when(value: str | None) -> str:
    if not value:
        return "-"
    try:
        return format_datetime(dt.datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        return format_date(value)


def data_state(store: Store, village_code: str | None = None) -> str:
    """One line for the footer saying which data the report shows.

    Kecamatan side, one village: the bundle sequence imported. Whole area: how many villages
    sent a bundle and the newest import. Desa side: the last bundle exported (if the bundle
    module records it as the ``bundle_last_seq`` setting) and the last change."""
    ident = identity(store)
    if ident is not None and not ident.is_village:
        src = sources(store)
        if village_code:
            info = src.get(village_code)
            if info is None:
                return "Data: belum ada paket dari desa ini"
            return f"Data: paket ke-{info.last_seq}, dibuat {_when(info.exported_at)}"
        total = store.db.execute("SELECT count(*) FROM villages").fetchone()[0]
        newest = max((s.imported_at for s in src.values()), default=None)
        tail = f", impor terakhir {_when(newest)}" if newest else ""
        return f"Data: paket dari {len(src)} dari {total} desa/kelurahan{tail}"
    seq = store.get_setting("bundle_last_seq")
    changed = _last_change(store, village_code)
    head = f"Data: paket terakhir ke-{seq}" if seq else "Data: belum pernah dikirim"
    return f"{head}; perubahan terakhir {_when(changed)}"


# -- checklist ---------------------------------------------------------------------------------

def validity_text(doc: DocumentFacts | None, validity: Validity) -> str:
    """``1 Januari 2024 - 31 Desember 2024``, ``sejak 12 Juni 2021`` for a standing Perdes."""
    if doc is None:
        return "-"
    start, until = effective_period(doc, validity)
    if until is None:
        return f"sejak {format_date(start)}"
    return f"{format_date(start)} - {format_date(until)}"


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

    @classmethod
    def from_status(cls, s: ItemStatus) -> ChecklistRow:
        d = s.document
        until = effective_period(d, s.item.validity)[1] if d else None
        return cls(
            item=s.item, state=s.state, reason=s.reason,
            doc_number=d.doc_number if d and d.doc_number else "-",
            date_set=format_date(d.date_set) if d else "-",
            validity=validity_text(d, s.item.validity),
            valid_until=until,
            attachments=d.attachments if d else 0,
            carried_from=s.carried_from, days_left=s.days_left,
        )


# -- figures -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PilahTable:
    """One figure split by sex (columns) and age band (rows), with totals."""

    key: str
    title: str
    sexes: tuple[str, ...]  # column keys, e.g. ("L", "P") or ("",)
    rows: tuple[tuple[str, tuple[int | None, ...]], ...]  # (age band label, values per sex)

    @property
    def column_totals(self) -> tuple[int, ...]:
        return tuple(sum(v[i] or 0 for _, v in self.rows) for i in range(len(self.sexes)))

    def row_total(self, values: tuple[int | None, ...]) -> int:
        return sum(v or 0 for v in values)

    @property
    def grand_total(self) -> int:
        return sum(self.column_totals)


def data_pilah(store: Store, village_code: str, year: int) -> list[PilahTable]:
    rows = store.db.execute(
        "SELECT figure_key, sex, age_band, value FROM data_pilah_values WHERE village_code = ? "
        "AND year = ? AND deleted_at IS NULL ORDER BY figure_key, age_band, sex",
        [village_code, year],
    ).fetchall()
    by_key: dict[str, dict[tuple[str, str], int]] = {}
    for key, sex, band, value in rows:
        by_key.setdefault(key, {})[(band, sex)] = int(value)
    tables = []
    for key, cells in by_key.items():
        sexes = tuple(s for s in ("L", "P") if any(sx == s for _, sx in cells)) or ("",)
        if any(sx == "" for _, sx in cells) and sexes != ("",):
            sexes = sexes + ("",)
        bands = list(dict.fromkeys(b for b, _ in cells))
        table_rows = tuple(
            (_label("data_pilah", "age_band_label", b) if b else "Semua umur",
             tuple(cells.get((b, s)) for s in sexes))
            for b in bands
        )
        tables.append(PilahTable(key, _label("data_pilah", "figure_label", key), sexes,
                                 table_rows))
    return tables


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
    row = store.db.execute(
        "SELECT apbdes_total FROM budgets WHERE village_code = ? AND year = ? "
        "AND deleted_at IS NULL", [village_code, year]).fetchone()
    lines = tuple(BudgetLine(*r) for r in store.db.execute(
        "SELECT activity, bidang, source, amount, realised FROM budget_lines "
        "WHERE village_code = ? AND year = ? AND deleted_at IS NULL ORDER BY created_at, activity",
        [village_code, year]).fetchall())
    return Budget(row[0] if row else None, lines)


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
    rows = store.db.execute(
        "SELECT f.kind, f.name, f.location, f.since_year, f.condition, f.active, "
        "(SELECT count(*) FROM attachments a WHERE a.owner_kind = 'facility' "
        "AND a.owner_id = f.id AND a.deleted_at IS NULL) "
        "FROM facilities f WHERE f.village_code = ? AND f.deleted_at IS NULL "
        "AND (f.since_year IS NULL OR f.since_year <= ?) ORDER BY f.active DESC, f.name",
        [village_code, year]).fetchall()
    return [Facility(_label("facilities", "kind_label", r[0]), r[1], r[2], r[3],
                     r[4], bool(r[5]), r[6]) for r in rows]


@dataclass(frozen=True)
class Team:
    key: str
    title: str
    members_l: int
    members_p: int
    chair_name: str
    activities: int
    last_activity: str | None


def teams(store: Store, village_code: str, year: int) -> list[Team]:
    rows = store.db.execute(
        "SELECT t.team_key, t.members_l, t.members_p, t.chair_name, "
        "(SELECT count(*) FROM team_activities a WHERE a.village_code = t.village_code "
        " AND a.year = t.year AND a.team_key = t.team_key AND a.deleted_at IS NULL), "
        "(SELECT max(a.date) FROM team_activities a WHERE a.village_code = t.village_code "
        " AND a.year = t.year AND a.team_key = t.team_key AND a.deleted_at IS NULL) "
        "FROM teams t WHERE t.village_code = ? AND t.year = ? AND t.deleted_at IS NULL "
        "ORDER BY t.team_key", [village_code, year]).fetchall()
    return [Team(r[0], _label("teams", "team_label", r[0]), r[1], r[2], r[3], r[4], r[5])
            for r in rows]


@dataclass(frozen=True)
class DrppaRow:
    indicator: int
    title: str
    value: str


def drppa(store: Store, village_code: str, year: int) -> list[DrppaRow]:
    answers = dict(store.db.execute(
        "SELECT indicator, value FROM drppa_answers WHERE village_code = ? AND year = ? "
        "AND deleted_at IS NULL", [village_code, year]).fetchall())
    return [DrppaRow(n, title, str(answers.get(n, "") or ""))
            for n, title in DRPPA_INDICATORS.items()]


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
    data_pilah: tuple[PilahTable, ...]
    budget: Budget
    facilities: tuple[Facility, ...]
    teams: tuple[Team, ...]
    drppa: tuple[DrppaRow, ...]

    @property
    def fulfilled(self) -> int:
        return sum(1 for r in self.checklist if r.state.fulfilled)


def default_year(store: Store) -> int:
    return dt.date.today().year


def village_report(store: Store, village_code: str, year: int, *,
                   on: dt.date | None = None, now: dt.datetime | None = None) -> VillageReport:
    when = on or dt.date.today()
    sts = checklist.statuses(store, village_code, year, on=when)
    return VillageReport(
        profile=village_profile(store, village_code),
        year=year, judged_on=when,
        generated_at=now or dt.datetime.now(),
        data_state=data_state(store, village_code),
        checklist=tuple(ChecklistRow.from_status(s) for s in sts),
        actions=tuple(ChecklistRow.from_status(s) for s in action_order(sts)),
        data_pilah=tuple(data_pilah(store, village_code, year)),
        budget=budget(store, village_code, year),
        facilities=tuple(facilities(store, village_code, year)),
        teams=tuple(teams(store, village_code, year)),
        drppa=tuple(drppa(store, village_code, year)),
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


def load_meeting(store: Store) -> Meeting:
    """The last values used (the date defaults to today)."""
    values = {k: store.get_setting(f"rakor.{k}") for k in Meeting.SETTING_KEYS}
    base = Meeting()
    return Meeting(
        title=values["title"] or base.title,
        date=parse_date(values["date"]) or dt.date.today(),
        place=values["place"] or "",
        signer_name=values["signer_name"] or "",
        signer_title=values["signer_title"] or base.signer_title,
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
    rows: tuple[ChecklistRow, ...]
    source: SourceInfo | None

    @property
    def full_name(self) -> str:
        return f"{'Kelurahan' if self.kind == 'kelurahan' else 'Desa'} {self.name}"

    @property
    def fulfilled(self) -> int:
        return sum(1 for r in self.rows if r.state.fulfilled)

    @property
    def needs(self) -> list[ChecklistRow]:
        order = {s: s.priority for s in ItemState}
        todo = [r for r in self.rows if r.state != ItemState.COMPLETE]
        return sorted(todo, key=lambda r: (order[r.state], r.days_left or 0, r.item.code))


@dataclass(frozen=True)
class ExpiryRow:
    village: VillageRecap
    row: ChecklistRow


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
        return [v for v in self.villages if v.source is None]

    @property
    def expiring(self) -> list[ExpiryRow]:
        """Documents expired, or ending within 90 days, by village."""
        out = []
        for v in self.villages:
            for r in v.rows:
                if r.state == ItemState.EXPIRED and r.doc_number != "-":
                    out.append(ExpiryRow(v, r))
                elif r.valid_until and 0 <= (r.valid_until - self.judged_on).days <= EXPIRING_DAYS:
                    out.append(ExpiryRow(v, r))
        return out


def item_counts(items: tuple[ChecklistItem, ...],
                villages: list[VillageRecap] | tuple[VillageRecap, ...]) -> tuple[ItemCount, ...]:
    out = []
    for i, item in enumerate(items):
        by_state: dict[ItemState, int] = {s: 0 for s in ItemState}
        for v in villages:
            by_state[v.rows[i].state] += 1
        complete = by_state[ItemState.COMPLETE] + by_state[ItemState.EXPIRING]
        out.append(ItemCount(item, complete, by_state, len(villages)))
    return tuple(out)


def rakor_data(store: Store, year: int, meeting: Meeting | None = None, *,
               on: dt.date | None = None, now: dt.datetime | None = None,
               progress: ProgressFn | None = None) -> RakorData:
    """Every village of the area with its A-H states for ``year``."""
    from desa_layak.core import catalogue

    ident = identity(store)
    meeting = meeting or load_meeting(store)
    when = on or dt.date.today()
    src = sources(store)
    rows = store.db.execute(
        "SELECT code, name, kind, district_code, district_name, regency_name FROM villages "
        "WHERE deleted_at IS NULL ORDER BY district_code, code").fetchall()
    villages = []
    for n, (code, name, kind, dcode, dname, _reg) in enumerate(rows):
        if progress and not progress(n, len(rows), name):
            from desa_layak.errors import DesaLayakError

            raise DesaLayakError("Pembuatan laporan dibatalkan.")
        sts = checklist.statuses(store, code, year, on=when)
        villages.append(VillageRecap(code, name, kind, dcode, dname,
                                     tuple(ChecklistRow.from_status(s) for s in sts),
                                     src.get(code)))
    items = catalogue.load().items
    area_code = ident.area_code if ident else ""
    return RakorData(
        area_code=area_code,
        area_label=(ident.area_name if ident else area_code),
        regency_name=rows[0][5] if rows else "",
        is_kabupaten=area_code.count(".") == 1,
        year=year, judged_on=when, generated_at=now or dt.datetime.now(),
        data_state=data_state(store), meeting=meeting, items=items,
        villages=tuple(villages), counts=item_counts(items, villages),
    )
