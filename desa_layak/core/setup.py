"""Opening a data folder and first-run set-up: the role (desa/kelurahan or kecamatan) and area."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from desa_layak.errors import AreaError, NotInitialisedError
from desa_layak.storage.db import Store
from desa_layak.storage.records import insert_record, update_record

if TYPE_CHECKING:  # the area list is loaded where it is used, not at start-up
    from desa_layak.core import wilayah

ROLES = ("desa", "kecamatan")


class Identity(NamedTuple):
    role: str  # 'desa' or 'kecamatan'
    area_code: str
    area_name: str

    @property
    def is_village(self) -> bool:
        return self.role == "desa"


def open_store(data_dir: Path | str) -> Store:
    """Open (creating if needed) the data folder and bring its database up to date.

    A database file that cannot be read (damaged, or not a database at all) is refused with
    DatabaseDamagedError, which says how to restore a backup; nothing is written to it."""
    import sqlite3

    from desa_layak.storage.db import damaged_error, is_damaged

    store = Store(data_dir)
    try:
        current = store.schema_is_current()
        if current:
            # connect() read the header and the schema; this reads the first page of the
            # settings table too, so a damaged file is found here and not half-way through
            # a command.
            identity(store)
        else:
            from desa_layak.storage.migrations import migrate

            migrate(store)
    except sqlite3.DatabaseError as err:
        store.close()
        if is_damaged(err):
            raise damaged_error(store.data_dir) from err
        raise
    return store


def identity(store: Store) -> Identity | None:
    role = store.get_setting("role")
    code = store.get_setting("area_code")
    if not role or not code:
        return None
    return Identity(role, code, store.get_setting("area_name") or code)


NOT_INITIALISED = ("Folder data ini belum disiapkan. Jalankan aplikasi untuk penyiapan awal, "
                   "atau `desa-layak init --role desa --area KODE_DESA`.")


def require_identity(store: Store) -> Identity:
    ident = identity(store)
    if ident is None:
        raise NotInitialisedError(NOT_INITIALISED)
    return ident


def _village_row(area: wilayah.Area) -> dict[str, str]:
    from desa_layak.core import wilayah

    line = wilayah.lineage(area.code)
    province, regency, district = line[0], line[1], line[2]
    return {
        "code": area.code,
        "name": area.name,
        "kind": area.village_kind,
        "district_code": district.code,
        "district_name": district.name,
        "regency_code": regency.code,
        "regency_name": regency.name,
        "province_code": province.code,
        "province_name": province.name,
    }


def ensure_village(db, area: wilayah.Area) -> None:  # noqa: ANN001 - sqlite_utils.Database
    """Insert the village from the official list if it is not there yet."""
    if db.execute("SELECT 1 FROM villages WHERE code = ?", [area.code]).fetchone() is None:
        insert_record(db, "villages", _village_row(area))


def check_area(role: str, area_code: str) -> wilayah.Area:
    """The area for a role, or AreaError saying what is wrong (nothing is written)."""
    from desa_layak.core import wilayah

    if role not in ROLES:
        raise AreaError(f"Peran '{role}' tidak dikenal; pilih 'desa' atau 'kecamatan'.")
    area = wilayah.get(area_code)
    if role == "desa" and area.level != 4:
        raise AreaError(
            f"Untuk peran desa, kode wilayah harus kode desa/kelurahan (PP.KK.CC.DDDD); "
            f"'{area_code}' adalah kode {wilayah.LEVELS[area.level]} {area.name}."
        )
    if role == "kecamatan" and area.level not in (2, 3):
        raise AreaError(
            f"Untuk peran kecamatan, kode wilayah harus kode kecamatan (PP.KK.CC) atau "
            f"kabupaten (PP.KK); '{area_code}' adalah kode {wilayah.LEVELS[area.level]}."
        )
    return area


def initialise(store: Store, role: str, area_code: str) -> Identity:
    """First-run set-up. A desa role needs a village code; kecamatan a kecamatan or kabupaten."""
    area = check_area(role, area_code)
    existing = identity(store)
    if existing and (existing.role, existing.area_code) != (role, area.code):
        raise AreaError(
            f"Folder data ini sudah disiapkan untuk {existing.role} {existing.area_name} "
            f"({existing.area_code}). Gunakan folder data lain untuk wilayah lain."
        )
    from desa_layak.core import wilayah

    villages = wilayah.villages_in(area.code)
    if area.level == 2:
        label = area.name
    elif area.level == 3:
        label = f"Kecamatan {area.name}"
    else:
        label = f"{area.village_kind.capitalize()} {area.name}"
    with store.atomic() as db:
        for village in villages:
            ensure_village(db, village)
        for key, value in (("role", role), ("area_code", area.code), ("area_name", label)):
            db.execute(
                "INSERT INTO settings(key, value) VALUES(?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
    return Identity(role, area.code, label)


class VillageProfile(NamedTuple):
    code: str
    name: str
    kind: str
    district_name: str
    regency_name: str
    province_name: str
    head_name: str
    secretary_name: str
    address: str
    report_place: str

    @property
    def kind_label(self) -> str:
        return "Kelurahan" if self.kind == "kelurahan" else "Desa"

    @property
    def head_title(self) -> str:
        return "Lurah" if self.kind == "kelurahan" else "Kepala Desa"

    @property
    def full_name(self) -> str:
        return f"{self.kind_label} {self.name}"


_PROFILE_FIELDS = ("head_name", "secretary_name", "address", "report_place")


def village_profile(store: Store, code: str) -> VillageProfile:
    row = store.db.execute(
        "SELECT code, name, kind, district_name, regency_name, province_name, head_name, "
        "secretary_name, address, report_place FROM villages WHERE code = ?",
        [code],
    ).fetchone()
    if row is None:
        raise AreaError(f"Desa/kelurahan {code} tidak ada di folder data ini.")
    return VillageProfile(*row)


def update_profile(store: Store, code: str, **fields: str) -> None:
    unknown = set(fields) - set(_PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"unknown profile fields: {sorted(unknown)}")
    with store.atomic() as db:
        row = db.execute("SELECT id FROM villages WHERE code = ?", [code]).fetchone()
        if row is None:
            raise AreaError(f"Desa/kelurahan {code} tidak ada di folder data ini.")
        update_record(db, "villages", row[0], {k: v.strip() for k, v in fields.items()})


def districts(store: Store, area_code: str) -> list[tuple[str, str]]:
    """(code, name) of every kecamatan with villages in an area held here, in code order (a
    kabupaten's rakor can be made for one of them)."""
    return [tuple(r) for r in store.db.execute(
        "SELECT DISTINCT district_code, district_name FROM villages WHERE deleted_at IS NULL "
        "AND (code = ? OR code LIKE ?) ORDER BY district_code", [area_code, area_code + ".%"])]


def area_regency_name(store: Store, area_code: str) -> str:
    """The kabupaten/kota name of an area held in this data folder (for headers), or ''."""
    row = store.db.execute(
        "SELECT regency_name FROM villages WHERE code = ? OR code LIKE ? LIMIT 1",
        [area_code, area_code + ".%"],
    ).fetchone()
    return row[0] if row else ""
