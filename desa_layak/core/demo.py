"""A demo village with realistic content, in its own data folder (never the user's)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from desa_layak.core import checklist, setup
from desa_layak.core.checklist import Document
from desa_layak.core.sample_files import make_jpeg, make_pdf
from desa_layak.storage.db import Store
from desa_layak.storage.records import insert_record

DEMO_VILLAGE = "63.06.05.2005"  # Desa Gambah Luar, Kecamatan Kandangan, Kab. Hulu Sungai Selatan


def demo_data_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="desa-layak-demo-"))


def _file(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def build_demo(data_dir: Path, *, today: dt.date | None = None) -> Store:
    """Set up the demo village in ``data_dir``: some items complete, one expired, one recorded
    without its scan, and a few attachments. Dates follow the current year."""
    now = today or dt.date.today()
    y = now.year
    store = setup.open_store(data_dir)
    setup.initialise(store, "desa", DEMO_VILLAGE)
    v = DEMO_VILLAGE
    setup.update_profile(store, v, head_name="H. Ahmad Rusdiansyah", secretary_name="Siti Aisyah",
                         address="Jl. Brigjen H. Hasan Basry No. 12, Gambah Luar",
                         report_place="Kandangan")
    scratch = Path(tempfile.mkdtemp(prefix="demo-files-", dir=data_dir))

    def doc(item: str, year: int, number: str, date_set: str, until: str | None = None,
            title: str = "", status: str = "ditetapkan", frm: str | None = None) -> Document:
        return checklist.save_document(store, Document(
            id=None, village_code=v, item_code=item, year=year, status=status,
            doc_number=number, title=title, date_set=date_set,
            valid_from=frm or date_set, valid_until=until, issuer="Kepala Desa Gambah Luar"))

    def scan(d: Document, label: str, seed: int) -> None:
        pdf = make_pdf(["PEMERINTAH DESA GAMBAH LUAR", label, f"Nomor {d.doc_number}"],
                       padding=40_000, seed=seed)
        checklist.add_attachment(store, v, "document", d.id, _file(scratch, f"{label}.pdf", pdf))

    for year in (y - 1, y):
        checklist.open_year(store, v, year)
    a = doc("A", y - 3, f"3 Tahun {y - 3}", f"{y - 3}-06-12",
            title="Perdes tentang Desa Layak Anak dan Desa Ramah Perempuan dan Peduli Anak")
    scan(a, "Perdes Desa Layak Anak", 1)
    b_prev = doc("B", y - 1, f"141/07/SK/{y - 1}", f"{y - 1}-01-15", f"{y - 1}-12-31",
                 title="SK Tim Desa Layak Anak")
    scan(b_prev, f"SK Tim DLA {y - 1}", 2)
    b = doc("B", y, f"141/05/SK/{y}", f"{y}-01-10", f"{y}-12-31", title="SK Tim Desa Layak Anak")
    scan(b, f"SK Tim DLA {y}", 3)
    # C: recorded, scan not yet attached.
    doc("C", y, f"141/09/SK/{y}", f"{y}-02-03", f"{y}-12-31", title="SK Tim DRPPA")
    # D: the PATBM decree of the last period has lapsed.
    d = doc("D", y - 3, f"141/21/SK/{y - 3}", f"{y - 3}-03-01", f"{y - 1}-12-31",
            title="SK PATBM", frm=f"{y - 3}-01-01")
    scan(d, "SK PATBM", 4)
    e = doc("E", y - 1, f"141/30/SK/{y - 1}", f"{y - 1}-07-23", f"{y + 1}-12-31",
            title="SK Forum Anak Desa", frm=f"{y - 1}-07-23")
    checklist.add_attachment(store, v, "document", e.id, _file(
        scratch, "foto-pelantikan-forum-anak.jpg", make_jpeg(1600, 1200, seed=5,
                                                               label="Pelantikan Forum Anak")))
    g = doc("G", y, f"2 Tahun {y}", f"{y}-01-02", f"{y}-12-31", title="Perdes APBDes")
    scan(g, f"APBDes {y}", 6)
    with store.atomic() as db:
        insert_record(db, "budgets", {"village_code": v, "year": y, "apbdes_total": 1_875_400_000})
        for activity, bidang, source, amount, realised in (
            ("Pemberian makanan tambahan balita", "Pembinaan Kemasyarakatan", "Dana Desa",
             42_500_000, 30_000_000),
            ("Kegiatan Forum Anak Desa", "Pemberdayaan Masyarakat", "ADD", 12_500_000, 0),
        ):
            insert_record(db, "budget_lines", {"village_code": v, "year": y, "activity": activity,
                                               "bidang": bidang, "source": source,
                                               "amount": amount, "realised": realised})
        fac = insert_record(db, "facilities", {
            "village_code": v, "kind": "pojok_baca", "name": "Pojok Baca Balai Desa",
            "location": "Balai Desa Gambah Luar", "since_year": y - 2, "condition": "baik",
            "active": 1})
    checklist.add_attachment(store, v, "facility", fac, _file(
        scratch, "pojok-baca.jpg", make_jpeg(2400, 1800, seed=7, label="Pojok Baca")))
    _demo_figures(store, v, y, scratch)
    for p in scratch.iterdir():
        p.unlink()
    scratch.rmdir()
    return store


def _demo_figures(store: Store, v: str, y: int, scratch: Path) -> None:
    """The year's data pilah table (complete, so item F is), the teams and two activities."""
    from desa_layak.core import data_pilah, drppa, teams

    children = {"L": (78, 84, 80, 51), "P": (74, 79, 83, 47)}
    bands = ("0-4", "5-9", "10-14", "15-17")
    share = {"akta": (0.88, 0.96, 0.97, 0.98), "kia": (0.55, 0.71, 0.66, 0.40),
             "disabilitas": (0.01, 0.02, 0.02, 0.02), "tidak_sekolah": (0.0, 0.01, 0.03, 0.12)}
    table: dict = {}
    for sex, counts in children.items():
        for band, n, i in zip(bands, counts, range(4), strict=True):
            table["anak", sex, band] = n
            for key, rates in share.items():
                table[key, sex, band] = round(n * rates[i])
    table.update({("perkawinan_anak", "", ""): 2, ("pekerja_anak", "", ""): 3,
                  ("kekerasan_anak", "", ""): 1})
    data_pilah.set_values(store, v, y, table)
    for key, ml, mp, chair in (("tim_dla", 6, 5, "Siti Aisyah"),
                               ("tim_drppa", 4, 7, "Hj. Rahmah"),
                               ("patbm", 5, 6, "M. Yusuf"),
                               ("forum_anak", 9, 12, "Nur Aulia")):
        teams.set_team(store, v, y, key, members_l=ml, members_p=mp, chair_name=chair)
    teams.save_activity(store, teams.Activity(
        None, v, y, "tim_dla", f"{y}-01-14", "Rapat pembentukan rencana aksi desa layak anak",
        "Dihadiri 11 anggota tim dan perwakilan Forum Anak."))
    act = teams.save_activity(store, teams.Activity(
        None, v, y, "forum_anak", f"{y}-01-25", "Musyawarah Forum Anak Desa",
        "Anak-anak menyampaikan usulan kegiatan untuk musyawarah desa."))
    teams.add_activity_photo(store, act.id, _file(
        scratch, "musyawarah-forum-anak.jpg",
        make_jpeg(1600, 1200, seed=8, label="Musyawarah Forum Anak")))
    for number, answers in ((1, {"kelompok_perempuan": 4}),
                            (5, {"perangkat_p": 3, "perangkat_total": 11, "bpd_p": 2,
                                 "bpd_total": 7}),
                            (6, {"wirausaha_p": 46, "wirausaha_total": 120})):
        drppa.set_answers(store, v, y, number, answers)
