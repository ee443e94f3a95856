"""Child-friendly information facilities (item H): library, reading corner, wifi, PISA.

Item H is complete when at least one facility is active and has a photo (owner_kind
'facility' in the attachments table).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from desa_layak.core import checklist
from desa_layak.errors import ValidationError
from desa_layak.storage.db import Store
from desa_layak.storage.records import save_record, soft_delete_with_attachments

KINDS: dict[str, str] = {
    "perpustakaan_desa": "Perpustakaan desa",
    "pojok_baca": "Pojok baca",
    "wifi_publik": "Wifi publik",
    "pisa": "PISA (Pusat Informasi Sahabat Anak)",
    "lainnya": "Lainnya",
}
CONDITIONS: dict[str, str] = {
    "": "-",
    "baik": "Baik",
    "rusak_ringan": "Rusak ringan",
    "rusak_berat": "Rusak berat",
}
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png")
OWNER_KIND = "facility"


@dataclass
class Facility:
    id: str | None
    village_code: str
    kind: str
    name: str
    location: str = ""
    since_year: int | None = None
    condition: str = ""
    active: bool = True
    notes: str = ""
    photos: int = 0

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def condition_label(self) -> str:
        return CONDITIONS.get(self.condition, self.condition)


_SELECT = (
    "SELECT f.id, f.village_code, f.kind, f.name, f.location, f.since_year, f.condition, "
    "f.active, f.notes, (SELECT count(*) FROM attachments a WHERE a.owner_kind = 'facility' "
    "AND a.owner_id = f.id AND a.deleted_at IS NULL) FROM facilities f "
)


def _row(r: tuple) -> Facility:
    f = Facility(*r)
    f.active = bool(f.active)
    return f


def list_facilities(store: Store, village_code: str) -> list[Facility]:
    return [_row(r) for r in store.db.execute(
        _SELECT + "WHERE f.village_code = ? AND f.deleted_at IS NULL ORDER BY f.created_at",
        [village_code]).fetchall()]


def get_facility(store: Store, facility_id: str) -> Facility:
    r = store.db.execute(_SELECT + "WHERE f.id = ? AND f.deleted_at IS NULL",
                         [facility_id]).fetchone()
    if r is None:
        raise ValidationError(f"Fasilitas {facility_id} tidak ditemukan.")
    return _row(r)


def validate(f: Facility) -> Facility:
    f.name = f.name.strip()
    f.location = f.location.strip()
    f.notes = f.notes.strip()
    if f.kind not in KINDS:
        raise ValidationError(
            f"Jenis fasilitas '{f.kind}' tidak dikenal; pilih salah satu: {', '.join(KINDS)}.")
    if not f.name:
        raise ValidationError("Nama fasilitas wajib diisi.")
    if f.condition not in CONDITIONS:
        raise ValidationError(
            f"Kondisi '{f.condition}' tidak dikenal; pilih baik, rusak_ringan atau rusak_berat.")
    if f.since_year in ("", 0):
        f.since_year = None
    if f.since_year is not None:
        try:
            f.since_year = int(f.since_year)
        except (TypeError, ValueError) as err:
            raise ValidationError(f"Tahun mulai '{f.since_year}' bukan tahun.") from err
        if not 1945 <= f.since_year <= dt.date.today().year + 1:
            raise ValidationError(f"Tahun mulai {f.since_year} tidak masuk akal.")
    return f


def save_facility(store: Store, f: Facility) -> Facility:
    validate(f)
    values = {"kind": f.kind, "name": f.name, "location": f.location,
              "since_year": f.since_year, "condition": f.condition,
              "active": 1 if f.active else 0, "notes": f.notes}
    with store.atomic() as db:
        facility_id = save_record(db, "facilities", f.id, values,
                                  {"village_code": f.village_code})
    f.id = facility_id
    return get_facility(store, facility_id)


def delete_facility(store: Store, facility_id: str) -> None:
    """Tombstone the facility and its photos together."""
    get_facility(store, facility_id)
    with store.atomic() as db:
        soft_delete_with_attachments(db, "facilities", OWNER_KIND, facility_id)


def check_photo(path: Path) -> None:
    if Path(path).suffix.lower() not in PHOTO_SUFFIXES:
        raise ValidationError(f"'{Path(path).name}' bukan foto; pilih berkas JPG atau PNG.")


def add_photo(store: Store, facility_id: str, path: Path) -> checklist.Attachment:
    f = get_facility(store, facility_id)
    check_photo(path)
    return checklist.add_attachment(store, f.village_code, OWNER_KIND, f.id, Path(path))


def photos(store: Store, facility_id: str) -> list[checklist.Attachment]:
    return checklist.attachments_of(store, OWNER_KIND, facility_id)
