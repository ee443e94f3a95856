"""The teams behind items B-E: members by sex, the chair, and the year's activities.

The SK stays the evidence of each item; these are the figures the kecamatan recap sums.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from desa_layak.core import checklist
from desa_layak.core.checklist import check_year
from desa_layak.core.facilities import check_photo
from desa_layak.core.formatting import format_date, parse_date
from desa_layak.errors import ValidationError
from desa_layak.storage.db import Store
from desa_layak.storage.records import save_record, soft_delete_with_attachments, upsert_by_key

# team key -> (checklist item, name)
TEAMS: dict[str, tuple[str, str]] = {
    "tim_dla": ("B", "Tim Desa/Kelurahan Layak Anak"),
    "tim_drppa": ("C", "Tim DRPPA"),
    "patbm": ("D", "PATBM"),
    "forum_anak": ("E", "Forum Anak Desa/Kelurahan"),
}
MAX_MEMBERS = 10_000
OWNER_KIND = "activity"


@dataclass
class Activity:
    id: str | None
    village_code: str
    year: int
    team_key: str
    date: str | None
    title: str
    note: str = ""
    photos: int = 0


@dataclass
class Team:
    key: str
    members_l: int = 0
    members_p: int = 0
    chair_name: str = ""
    activities: list[Activity] = field(default_factory=list)

    @property
    def item_code(self) -> str:
        return TEAMS[self.key][0]

    @property
    def name(self) -> str:
        return TEAMS[self.key][1]

    @property
    def members(self) -> int:
        return self.members_l + self.members_p


def _check_key(team_key: str) -> None:
    if team_key not in TEAMS:
        raise ValidationError(
            f"Tim '{team_key}' tidak dikenal; pilih salah satu: {', '.join(TEAMS)}.")


def _count(raw: object, what: str) -> int:
    if isinstance(raw, bool) or raw is None:
        raise ValidationError(f"{what}: isi dengan bilangan bulat 0 atau lebih.")
    text = str(raw).strip()
    if not (text.isascii() and text.lstrip("-").isdigit() and text.count("-") <= 1):
        raise ValidationError(f"{what}: '{text}' bukan bilangan bulat.")
    value = int(text)
    if value < 0:
        raise ValidationError(f"{what} tidak boleh negatif.")
    if value > MAX_MEMBERS:
        raise ValidationError(f"{what} {value} terlalu besar untuk satu tim.")
    return value


_ACT_SELECT = (
    "SELECT t.id, t.village_code, t.year, t.team_key, t.date, t.title, t.note, "
    "(SELECT count(*) FROM attachments a WHERE a.owner_kind = 'activity' AND a.owner_id = t.id "
    "AND a.deleted_at IS NULL) FROM team_activities t "
)


def activities(store: Store, village_code: str, year: int,
               team_key: str | None = None) -> list[Activity]:
    sql = _ACT_SELECT + "WHERE t.village_code = ? AND t.year = ? AND t.deleted_at IS NULL"
    args: list = [village_code, year]
    if team_key:
        sql += " AND t.team_key = ?"
        args.append(team_key)
    sql += " ORDER BY coalesce(t.date, ''), t.created_at"
    return [Activity(*r) for r in store.db.execute(sql, args).fetchall()]


def get_teams(store: Store, village_code: str, year: int) -> list[Team]:
    """All four teams for the year (zeros where nothing is recorded), with activities."""
    rows = {r[0]: r[1:] for r in store.db.execute(
        "SELECT team_key, members_l, members_p, chair_name FROM teams WHERE village_code = ? "
        "AND year = ? AND deleted_at IS NULL", [village_code, year]).fetchall()}
    acts = activities(store, village_code, year)
    out = []
    for key in TEAMS:
        ml, mp, chair = rows.get(key, (0, 0, ""))
        out.append(Team(key, ml, mp, chair, [a for a in acts if a.team_key == key]))
    return out


def recorded_keys(store: Store, village_code: str, year: int) -> set[str]:
    """The teams whose members were entered for the year (``get_teams`` shows the others as
    zeros, which is not the same as a team of no members)."""
    return {r[0] for r in store.db.execute(
        "SELECT team_key FROM teams WHERE village_code = ? AND year = ? "
        "AND deleted_at IS NULL", [village_code, year]).fetchall()}


def get_team(store: Store, village_code: str, year: int, team_key: str) -> Team:
    _check_key(team_key)
    return next(t for t in get_teams(store, village_code, year) if t.key == team_key)


def set_team(store: Store, village_code: str, year: int, team_key: str, *,
             members_l: object = None, members_p: object = None,
             chair_name: str | None = None) -> Team:
    """Change any of the members counts and the chair (None leaves a field as it is)."""
    _check_key(team_key)
    check_year(year)
    current = get_team(store, village_code, year, team_key)
    values = {
        "members_l": current.members_l if members_l is None
        else _count(members_l, "Anggota laki-laki"),
        "members_p": current.members_p if members_p is None
        else _count(members_p, "Anggota perempuan"),
        "chair_name": current.chair_name if chair_name is None else chair_name.strip(),
    }
    with store.atomic() as db:
        upsert_by_key(db, "teams", {"village_code": village_code, "year": year,
                                    "team_key": team_key}, values)
    return get_team(store, village_code, year, team_key)


def validate_activity(a: Activity) -> Activity:
    _check_key(a.team_key)
    check_year(a.year)
    a.title = a.title.strip()
    a.note = a.note.strip()
    if not a.title:
        raise ValidationError("Judul kegiatan wajib diisi.")
    if a.date in ("", None):
        a.date = None
    else:
        try:
            d = parse_date(a.date)
        except ValueError as err:
            raise ValidationError(f"Tanggal '{a.date}' bukan tanggal (TTTT-BB-HH).") from err
        if d.year != int(a.year):
            raise ValidationError(
                f"Tanggal kegiatan {format_date(d)} tidak berada di tahun {a.year}.")
        a.date = d.isoformat()
    return a


def save_activity(store: Store, a: Activity) -> Activity:
    validate_activity(a)
    values = {"team_key": a.team_key, "date": a.date, "title": a.title, "note": a.note}
    with store.atomic() as db:
        activity_id = save_record(db, "team_activities", a.id, values,
                                  {"village_code": a.village_code, "year": int(a.year)})
    a.id = activity_id
    return get_activity(store, activity_id)


def get_activity(store: Store, activity_id: str) -> Activity:
    r = store.db.execute(_ACT_SELECT + "WHERE t.id = ? AND t.deleted_at IS NULL",
                         [activity_id]).fetchone()
    if r is None:
        raise ValidationError(f"Kegiatan {activity_id} tidak ditemukan.")
    return Activity(*r)


def delete_activity(store: Store, activity_id: str) -> None:
    get_activity(store, activity_id)
    with store.atomic() as db:
        soft_delete_with_attachments(db, "team_activities", OWNER_KIND, activity_id)


def add_activity_photo(store: Store, activity_id: str, path: Path) -> checklist.Attachment:
    a = get_activity(store, activity_id)
    check_photo(path)
    return checklist.add_attachment(store, a.village_code, OWNER_KIND, a.id, Path(path))


@dataclass(frozen=True)
class TeamTotals:
    members_l: int
    members_p: int
    activities: int

    @property
    def members(self) -> int:
        return self.members_l + self.members_p


def village_totals(store: Store, year: int, village_codes: Iterable[str] | None = None
                   ) -> dict[str, dict[str, TeamTotals]]:
    """Per village and team: members by sex and number of activities in the year
    (for the kecamatan recap). Villages with nothing recorded are left out."""
    wanted = set(village_codes) if village_codes is not None else None
    acc: dict[str, dict[str, list[int]]] = {}
    for code, key, ml, mp in store.db.execute(
            "SELECT village_code, team_key, members_l, members_p FROM teams WHERE year = ? "
            "AND deleted_at IS NULL", [year]).fetchall():
        acc.setdefault(code, {}).setdefault(key, [0, 0, 0])[:2] = [ml, mp]
    for code, key, n in store.db.execute(
            "SELECT village_code, team_key, count(*) FROM team_activities WHERE year = ? "
            "AND deleted_at IS NULL GROUP BY village_code, team_key", [year]).fetchall():
        acc.setdefault(code, {}).setdefault(key, [0, 0, 0])[2] = n
    return {code: {k: TeamTotals(*v) for k, v in teams.items()}
            for code, teams in acc.items() if wanted is None or code in wanted}
