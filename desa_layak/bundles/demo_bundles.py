"""Realistic signed bundles for every village of a kecamatan or kabupaten (demos, tests,
benchmarks). Each village is built in its own temporary data folder through the real core
functions and exported with the real exporter; ``seed`` makes contents and keys repeatable."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from desa_layak.bundles import keys
from desa_layak.bundles.export import ExportResult, export_bundle
from desa_layak.core import checklist, setup, wilayah
from desa_layak.core.checklist import Document
from desa_layak.core.sample_files import make_jpeg, make_pdf
from desa_layak.errors import AreaError
from desa_layak.storage.db import Store

HEADS = ["H. Ahmad Rusdiansyah", "Muhammad Nor", "Hj. Siti Rahmah", "Abdul Hamid", "Rusmadi",
         "H. Fahriannor", "Nurul Hidayah", "Ahmad Yani", "Syamsul Bahri", "Hairunnisa"]
SECRETARIES = ["Siti Aisyah", "Rahmadi", "Noor Aida", "Basuki", "Fitriani", "M. Ridwan",
               "Lailatul Fitri", "Jumberi", "Mariani", "Yusran"]
PROFILES = (("lengkap", 30), ("sebagian", 35), ("tertinggal", 20), ("kedaluwarsa", 15))
ATTACHMENT_BYTES = 300_000


def _pick_profile(rng: random.Random) -> str:
    return rng.choices([p for p, _ in PROFILES], weights=[w for _, w in PROFILES])[0]


class _Builder:
    def __init__(self, store: Store, area: wilayah.Area, rng: random.Random, year: int,
                 scratch: Path):
        self.store, self.area, self.rng, self.y, self.scratch = store, area, rng, year, scratch
        self.code = area.code
        self.with_scan: list[tuple[str, str, str]] = []  # (owner kind, owner id, label)
        self.issuer = f"{'Lurah' if area.village_kind == 'kelurahan' else 'Kepala Desa'} " \
                      f"{area.name}"

    def doc(self, item: str, year: int, number: str, date_set: str, until: str | None,
            title: str, *, status: str = "ditetapkan", frm: str | None = None,
            scan: bool = True) -> Document:
        d = checklist.save_document(self.store, Document(
            id=None, village_code=self.code, item_code=item, year=year, status=status,
            doc_number=number, title=title, date_set=date_set, valid_from=frm or date_set,
            valid_until=until, issuer=self.issuer))
        if scan and status == "ditetapkan":
            self.with_scan.append(("document", d.id, f"{title} {number}"))
        return d

    def documents(self, profile: str) -> None:
        y, rng = self.y, self.rng
        n = rng.randrange(1, 30)
        full = profile == "lengkap"
        scan = profile != "tertinggal" or rng.random() < 0.3
        if full or profile != "tertinggal" or rng.random() < 0.5:
            self.doc("A", y - rng.randrange(1, 4), f"{rng.randrange(1, 9)} Tahun {y - 2}",
                     f"{y - 2}-0{rng.randrange(1, 9)}-1{rng.randrange(0, 9)}", None,
                     "Perdes tentang Desa Layak Anak dan DRPPA", scan=scan)
        if profile == "kedaluwarsa":
            # last year's team decree was never renewed; the PATBM period ends soon
            self.doc("B", y - 1, f"141/{n:02d}/SK/{y - 1}", f"{y - 1}-01-15", f"{y - 1}-12-31",
                     "SK Tim Desa Layak Anak")
            self.doc("D", y - 2, f"141/{n + 7:02d}/SK/{y - 2}", f"{y - 2}-02-01",
                     (dt.date.today() + dt.timedelta(days=rng.randrange(10, 80))).isoformat(),
                     "SK PATBM", frm=f"{y - 2}-01-01")
        elif profile != "tertinggal" or rng.random() < 0.5:
            self.doc("B", y, f"141/{n:02d}/SK/{y}", f"{y}-01-{rng.randrange(10, 28)}",
                     f"{y}-12-31", "SK Tim Desa Layak Anak", scan=full or rng.random() < 0.6)
        if full or (profile == "sebagian" and rng.random() < 0.5):
            self.doc("C", y, f"141/{n + 3:02d}/SK/{y}", f"{y}-02-0{rng.randrange(1, 9)}",
                     f"{y}-12-31", "SK Tim DRPPA", scan=full)
        elif profile == "sebagian":
            self.doc("C", y, "", f"{y}-02-03", f"{y}-12-31", "SK Tim DRPPA", status="draf")
        if profile in ("lengkap", "sebagian"):
            self.doc("D", y - 1, f"141/{n + 7:02d}/SK/{y - 1}", f"{y - 1}-03-01",
                     f"{y + 1}-12-31", "SK PATBM", frm=f"{y - 1}-01-01", scan=full)
        if full or rng.random() < 0.4:
            self.doc("E", y - 1, f"141/{n + 9:02d}/SK/{y - 1}", f"{y - 1}-07-23",
                     f"{y + 1}-12-31", "SK Forum Anak Desa", frm=f"{y - 1}-07-23")
        if profile != "tertinggal":
            self.doc("G", y, f"{rng.randrange(1, 5)} Tahun {y}", f"{y}-01-0{rng.randrange(2, 9)}",
                     f"{y}-12-31", "Perdes APBDes")

    def figures(self, profile: str) -> None:
        from desa_layak.core import budget, data_pilah, facilities, figure_catalogue, teams

        rng, y, code = self.rng, self.y, self.code
        if profile != "tertinggal" or rng.random() < 0.3:
            cat = figure_catalogue.load()
            cells = cat.required() or cat.cells()
            if profile != "lengkap":
                cells = cells[: max(1, int(len(cells) * rng.uniform(0.3, 0.9)))]
            data_pilah.set_values(self.store, code, y, _consistent_figures(rng, cat, cells))
        if profile != "tertinggal":
            budget.set_apbdes(self.store, code, y, rng.randrange(900, 2600) * 1_000_000)
            for activity, bidang in rng.sample([
                ("Pemberian makanan tambahan balita", "Pembinaan Kemasyarakatan"),
                ("Kegiatan Forum Anak Desa", "Pemberdayaan Masyarakat"),
                ("Pojok baca dan buku anak", "Pembinaan Kemasyarakatan"),
                ("Pelatihan PATBM", "Pemberdayaan Masyarakat"),
                ("Posyandu remaja", "Pembinaan Kemasyarakatan"),
            ], rng.randrange(1, 4)):
                amount = rng.randrange(5, 60) * 500_000
                budget.save_line(self.store, budget.BudgetLine(
                    None, code, y, activity, bidang, rng.choice(["Dana Desa", "ADD"]), amount,
                    rng.randrange(0, amount + 1, 500_000)))
        if profile in ("lengkap", "sebagian") or rng.random() < 0.3:
            kind = rng.choice(sorted(facilities.KINDS))
            fac = facilities.save_facility(self.store, facilities.Facility(
                None, code, kind, f"{facilities.KINDS[kind]} {self.area.name}",
                location=f"Balai {self.area.name}", since_year=y - rng.randrange(0, 4),
                condition=rng.choice(sorted(facilities.CONDITIONS))))
            self.with_scan.append(("facility", fac.id, fac.name))
        for key in rng.sample(sorted(teams.TEAMS), rng.randrange(1, 5)):
            teams.set_team(self.store, code, y, key, members_l=rng.randrange(3, 15),
                           members_p=rng.randrange(3, 15),
                           chair_name=rng.choice(HEADS + SECRETARIES))
            if rng.random() < 0.5:
                teams.save_activity(self.store, teams.Activity(
                    None, code, y, key, title="Rapat koordinasi tim",
                    date=f"{y}-0{rng.randrange(1, 9)}-1{rng.randrange(0, 9)}"))

    def attachments(self, count: int) -> None:
        owners = self.with_scan or [("document", self.doc(
            "A", self.y, "", f"{self.y}-01-05", None, "Rancangan Perdes Desa Layak Anak",
            status="draf").id, "Rancangan Perdes")]
        owners = list(owners)
        self.rng.shuffle(owners)  # which documents got their scan differs per village
        for i in range(count):
            kind, owner, label = owners[i % len(owners)]
            seed = self.rng.randrange(1 << 30)
            if kind == "facility" or i % 3 == 2:
                data = _photo(1360, 1020, seed, f"{self.area.name}: {label}"[:60])
                name = f"foto-{i + 1}.jpg"
            else:
                data = make_pdf([f"PEMERINTAH {self.area.village_kind.upper()} "
                                 f"{self.area.name.upper()}", label, f"Lembar {i + 1}"],
                                padding=ATTACHMENT_BYTES - 600, seed=seed)
                name = f"pindaian-{i + 1}.pdf"
            path = self.scratch / name
            path.write_bytes(data)
            checklist.add_attachment(self.store, self.code, kind, owner, path)
            path.unlink()


def _photo(width: int, height: int, seed: int, label: str) -> bytes:
    """A photo-like JPEG (~300 KB) whose grain comes from the seed, so ``--seed`` repeats it
    byte for byte (``sample_files.make_jpeg`` uses Pillow's unseeded noise)."""
    import io

    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    base = Image.open(io.BytesIO(make_jpeg(width, height, seed=seed, noise=False))).convert("RGB")
    grain = Image.frombytes("L", (width // 2, height // 2),
                            rng.randbytes((width // 2) * (height // 2)))
    grain = grain.resize((width, height), Image.Resampling.BILINEAR).convert("RGB")
    img = Image.blend(base, grain, 0.3)
    draw = ImageDraw.Draw(img)
    draw.rectangle([10, 10, 10 + 7 * len(label), 32], fill=(255, 255, 255))
    draw.text((14, 14), label, fill=(0, 0, 0))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return out.getvalue()


def build_village(data_dir: Path, area: wilayah.Area, *, seed: int, attachments: int,
                  today: dt.date | None = None) -> Store:
    """One demo village in ``data_dir`` with a key derived from the seed."""
    rng = random.Random(f"{seed}:{area.code}")
    store = setup.open_store(data_dir)
    setup.initialise(store, "desa", area.code)
    keys.write_keypair_from_seed(store.keys_dir, f"desa-layak-demo:{seed}:{area.code}".encode())
    setup.update_profile(store, area.code, head_name=rng.choice(HEADS),
                         secretary_name=rng.choice(SECRETARIES),
                         report_place=wilayah.get(area.parent_code).name)
    y = (today or dt.date.today()).year
    for year in (y - 1, y):
        checklist.open_year(store, area.code, year)
    builder = _Builder(store, area, rng, y, data_dir)
    profile = _pick_profile(rng)
    builder.documents(profile)
    builder.figures(profile)
    builder.attachments(attachments)
    return store


def make_demo_bundles(area_code: str, out: Path, *, attachments: int = 3, seed: int = 1,
                      limit: int | None = None) -> Iterator[ExportResult]:
    """A signed bundle for every village of a kecamatan or kabupaten, one after another."""
    area = wilayah.get(area_code)
    if area.level not in (2, 3):
        raise AreaError(f"'{area_code}' bukan kode kecamatan (PP.KK.CC) atau kabupaten (PP.KK).")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    villages = wilayah.villages_in(area.code)[: limit or None]
    for village in villages:
        work = Path(tempfile.mkdtemp(prefix="dkla-demo-"))
        try:
            store = build_village(work / "data", village, seed=seed, attachments=attachments)
            try:
                yield export_bundle(store, out)
            finally:
                store.close()
        finally:
            shutil.rmtree(work, ignore_errors=True)


def _consistent_figures(rng: random.Random, cat, cells: list) -> dict:  # noqa: ANN001
    """Plausible data pilah for ``cells``: every part at most its whole (children with a birth
    certificate never more than the children), as a village's own figures must be."""
    wanted = set(cells)
    values: dict = {}

    def value(cell: tuple) -> int:  # a whole is drawn before its parts
        if cell not in values:
            whole = cat.figure(cell[0]).part_of
            whole_cell = (whole, cell[1], cell[2])
            if whole is None:
                values[cell] = rng.randrange(5, 400)
            elif whole_cell in wanted:
                values[cell] = rng.randrange(0, value(whole_cell) + 1)
            else:  # its whole is not among the cells filled: any plausible number
                values[cell] = rng.randrange(0, 200)
        return values[cell]

    for cell in sorted(cells, key=lambda c: cat.figure(c[0]).part_of is not None):
        value(cell)
    return values

