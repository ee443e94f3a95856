"""The self-test: the whole chain, in a temporary folder, to prove an installation works.

Set up a village, record checklist items with attachments, check the data, export a bundle,
set up a kecamatan, import the bundle, render every report and spreadsheet, open and close the
main window of both roles. Each step prints one line (``OK`` or ``GAGAL``); the run passes only
if every step passed. A feature that is missing from the build is a failed step, never a skip.

Used by ``desa-layak selftest`` (also in the frozen build) and by Bantuan > Uji mandiri.
Qt is imported only by the window steps, which run offscreen when no display is wanted.
"""

from __future__ import annotations

import datetime as dt
import importlib
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

VILLAGE = "63.06.05.2005"  # Desa Gambah Luar, Kec. Kandangan, Kab. Hulu Sungai Selatan
KECAMATAN = "63.06.05"  # Kecamatan Kandangan

OK = "OK"
FAILED = "GAGAL"


class StepFailed(Exception):
    """A check inside a step did not hold; the message says what, in Bahasa Indonesia."""


class NotRun(StepFailed):
    """The step could not run because an earlier step it needs failed."""


@dataclass
class StepResult:
    name: str
    ok: bool
    detail: str
    seconds: float

    def line(self) -> str:
        mark = OK if self.ok else FAILED
        return f"{mark:<5} {self.name}: {self.detail} ({self.seconds:.1f} d)"


@dataclass
class Run:
    """What the steps hand to each other."""

    root: Path
    year: int = field(default_factory=lambda: dt.date.today().year)
    desa: Any = None  # Store of the village installation
    kecamatan: Any = None  # Store of the kecamatan installation
    documents: list = field(default_factory=list)
    bundle: Path | None = None
    imported: bool = False
    stores: list = field(default_factory=list)

    def need(self, value: Any, what: str) -> Any:
        if value is None or value is False:
            raise NotRun(f"tidak dapat dijalankan karena langkah {what} gagal")
        return value

    def close(self) -> None:
        for store in self.stores:
            try:
                store.close()
            except Exception:  # noqa: BLE001, S110 - closing is best effort
                pass


def feature(module: str) -> Any:
    """Import a feature module; a missing one is a failure of the step that needs it."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as err:
        if err.name and module.startswith(err.name):
            raise StepFailed(f"fitur belum ada di paket ini ({module})") from err
        raise


def check(condition: bool, message: str) -> None:
    if not condition:
        raise StepFailed(message)


def check_pdf(path: Path, pages: int) -> str:
    data = path.read_bytes()
    check(data.startswith(b"%PDF-"), f"{path.name} bukan berkas PDF")
    check(b"%%EOF" in data[-1024:], f"{path.name} terpotong (tanpa penutup PDF)")
    check(pages >= 1, f"{path.name} tidak berisi halaman")
    return f"{path.name}, {pages} halaman, {len(data) // 1024} KB"


# -- the steps ---------------------------------------------------------------------------------

def step_resources(run: Run) -> str:
    from desa_layak.core import catalogue, wilayah
    from desa_layak.resources import resources_dir

    cat = catalogue.load()
    codes = [item.code for item in cat.items]
    check(codes[:1] == ["A"] and len(codes) >= 8, f"katalog checklist tidak lengkap: {codes}")
    village = wilayah.get(VILLAGE)
    check(village.name.lower() == "gambah luar", f"daftar wilayah keliru: {village.name}")
    fonts = sorted(p.name for p in (resources_dir() / "fonts").glob("*.ttf"))
    check(bool(fonts), "huruf (font) laporan tidak ada di paket")
    return f"katalog {len(codes)} butir, daftar wilayah, {len(fonts)} huruf laporan"


def step_setup_village(run: Run) -> str:
    from desa_layak.bundles.keys import ensure_keypair
    from desa_layak.core import setup

    store = setup.open_store(run.root / "desa")
    run.stores.append(store)
    ident = setup.initialise(store, "desa", VILLAGE)
    ensure_keypair(store.keys_dir)
    setup.update_profile(store, VILLAGE, head_name="Kepala Desa Uji",
                         secretary_name="Sekretaris Uji", report_place="Kandangan")
    check(ident.is_village and ident.area_code == VILLAGE, f"identitas keliru: {ident}")
    run.desa = store
    return f"{ident.area_name} ({ident.area_code})"


def step_record_items(run: Run) -> str:
    from desa_layak.core import checklist
    from desa_layak.core.checklist import Document
    from desa_layak.core.sample_files import make_jpeg, make_pdf
    from desa_layak.core.states import ItemState

    store = run.need(run.desa, "menyiapkan desa")
    y = run.year
    checklist.open_year(store, VILLAGE, y)
    scratch = run.root / "berkas"
    scratch.mkdir(exist_ok=True)
    perdes = checklist.save_document(store, Document(
        id=None, village_code=VILLAGE, item_code="A", year=y, status="ditetapkan",
        doc_number=f"1 Tahun {y}", title="Perdes Desa Layak Anak", date_set=f"{y}-01-15",
        valid_from=f"{y}-01-15", valid_until=None, issuer="Kepala Desa Uji"))
    pdf = scratch / "perdes.pdf"
    pdf.write_bytes(make_pdf(["PEMERINTAH DESA GAMBAH LUAR", "Perdes Desa Layak Anak"],
                             padding=20_000, seed=1))
    checklist.add_attachment(store, VILLAGE, "document", perdes.id, pdf)
    team = checklist.save_document(store, Document(
        id=None, village_code=VILLAGE, item_code="B", year=y, status="ditetapkan",
        doc_number=f"141/01/SK/{y}", title="SK Tim Desa Layak Anak", date_set=f"{y}-01-10",
        valid_from=f"{y}-01-10", valid_until=f"{y}-12-31", issuer="Kepala Desa Uji"))
    photo = scratch / "rapat-tim.jpg"
    photo.write_bytes(make_jpeg(1600, 1200, seed=2, label="Rapat Tim"))
    checklist.add_attachment(store, VILLAGE, "document", team.id, photo)
    run.documents = [perdes, team]
    attached = sum(len(checklist.attachments_of(store, "document", d.id)) for d in run.documents)
    check(attached == 2, f"lampiran tercatat {attached}, seharusnya 2")
    states = {s.item.code: s.state for s in checklist.statuses(store, VILLAGE, y)}
    check(states.get("A") == ItemState.COMPLETE,
          f"butir A berstatus {states.get('A')}, seharusnya lengkap")
    done, total = checklist.progress(checklist.statuses(store, VILLAGE, y))
    return f"2 dokumen, 2 lampiran (PDF, JPEG), kelengkapan {done} dari {total}"


def step_integrity(run: Run) -> str:
    from desa_layak.core import integrity

    store = run.need(run.desa, "menyiapkan desa")
    report = integrity.check(store)
    check(report.ok, "; ".join(p.message for p in report.problems) or "pemeriksaan gagal")
    check(report.attachments_checked >= 2,
          f"hanya {report.attachments_checked} lampiran yang diperiksa")
    return f"basis data utuh, {report.attachments_checked} lampiran cocok dengan sidiknya"


def step_backup(run: Run) -> str:
    store = run.need(run.desa, "menyiapkan desa")
    run.need(run.documents, "mencatat butir")
    backup = feature("desa_layak.storage.backup")
    folder = run.root / "cadangan"
    folder.mkdir(exist_ok=True)
    made = backup.create_backup(store, folder / backup.default_backup_name(store))
    info = backup.read_backup(made.path)  # every hash and the database checked again
    check(info.attachments == 2, f"cadangan memuat {info.attachments} lampiran, seharusnya 2")
    docs = info.counts.get("documents", 0)
    check(docs == len(run.documents), f"cadangan memuat {docs} dokumen")
    return f"{made.path.name} dibuat dan diperiksa ulang: {docs} dokumen, 2 lampiran"


def step_export_bundle(run: Run) -> str:
    store = run.need(run.desa, "menyiapkan desa")
    run.need(run.documents, "mencatat butir")
    export = feature("desa_layak.bundles.export")
    out = run.root / "kirim"
    out.mkdir(exist_ok=True)
    result = export.export_bundle(store, out)
    check(result.path.is_file() and result.size > 0, "berkas bundel tidak tertulis")
    check(result.attachments == 2, f"bundel memuat {result.attachments} lampiran, seharusnya 2")
    run.bundle = result.path
    return f"{result.path.name}, {result.records} catatan, {result.attachments} lampiran"


def step_setup_kecamatan(run: Run) -> str:
    from desa_layak.core import setup

    store = setup.open_store(run.root / "kecamatan")
    run.stores.append(store)
    ident = setup.initialise(store, "kecamatan", KECAMATAN)
    check(not ident.is_village, "peran kecamatan tidak tersimpan")
    count = store.db.execute("SELECT COUNT(*) FROM villages").fetchone()[0]
    check(count > 1, f"daftar desa kecamatan berisi {count}")
    run.kecamatan = store
    return f"{ident.area_name} ({ident.area_code}), {count} desa/kelurahan"


def step_import_bundle(run: Run) -> str:
    from desa_layak.core import checklist

    store = run.need(run.kecamatan, "menyiapkan kecamatan")
    bundle = run.need(run.bundle, "mengekspor bundel")
    importer = feature("desa_layak.bundles.importer")
    result = importer.import_bundle(store, bundle)
    check(result.status == importer.IMPORTED, result.message)
    docs = checklist.documents(store, VILLAGE)
    check(len(docs) == len(run.documents),
          f"kecamatan menerima {len(docs)} dokumen, seharusnya {len(run.documents)}")
    ours = {s.item.code: s.state for s in checklist.statuses(run.desa, VILLAGE, run.year)}
    theirs = {s.item.code: s.state for s in checklist.statuses(store, VILLAGE, run.year)}
    check(ours == theirs, "status butir di kecamatan berbeda dengan di desa")
    again = importer.import_bundle(store, bundle)
    check(again.status == importer.ALREADY, "bundel yang sama diimpor dua kali")
    run.imported = True
    return (f"{result.records} catatan, {result.attachments} lampiran; "
            "impor ulang dikenali, tidak ada yang berubah")


def step_village_report(run: Run) -> str:
    store = run.need(run.desa, "menyiapkan desa")
    report = feature("desa_layak.reports.village_report")
    feature("_rl_accel")  # reportlab's C accelerator, a dependency (loaded by name at run time)
    dest = run.root / "laporan" / "laporan-desa.pdf"
    dest.parent.mkdir(exist_ok=True)
    pages = report.write_village_report(store, VILLAGE, run.year, dest)
    return check_pdf(dest, pages)


def step_rakor_handout(run: Run) -> str:
    store = run.need(run.kecamatan, "menyiapkan kecamatan")
    run.need(run.imported, "mengimpor bundel")
    rakor = feature("desa_layak.reports.rakor")
    dest = run.root / "laporan" / "bahan-rakor.pdf"
    dest.parent.mkdir(exist_ok=True)
    pages = rakor.write_rakor(store, run.year, dest)
    return check_pdf(dest, pages)


def step_spreadsheet(run: Run) -> str:
    from desa_layak.core import data_pilah, figure_catalogue

    store = run.need(run.desa, "menyiapkan desa")
    figures_io = feature("desa_layak.core.figures_io")
    cat = figure_catalogue.load()
    cells = cat.cells_of(cat.figures[0])[:2]
    data_pilah.set_values(store, VILLAGE, run.year, {c: 10 + i for i, c in enumerate(cells)})
    dest = run.root / "laporan" / "data-pilah.xlsx"
    dest.parent.mkdir(exist_ok=True)
    figures_io.export_template(store, VILLAGE, run.year, dest)
    back = figures_io.read_template(dest)
    for i, cell in enumerate(cells):
        check(back.get(cell) == 10 + i, f"isian {cell} terbaca {back.get(cell)} dari xlsx")
    return f"{dest.name}, {len(back)} isian terbaca kembali"


def step_xlsx_exports(run: Run) -> str:
    import openpyxl

    desa = run.need(run.desa, "menyiapkan desa")
    kec = run.need(run.kecamatan, "menyiapkan kecamatan")
    run.need(run.imported, "mengimpor bundel")
    xlsx = feature("desa_layak.reports.xlsx_export")
    folder = run.root / "laporan"
    folder.mkdir(exist_ok=True)
    village, recap = folder / "data-desa.xlsx", folder / "rekap-kecamatan.xlsx"
    xlsx.write_village_xlsx(desa, VILLAGE, run.year, village)
    xlsx.write_recap_xlsx(kec, run.year, recap)
    sheets = 0
    for path in (village, recap):
        wb = openpyxl.load_workbook(path, read_only=True)
        try:
            check(bool(wb.sheetnames), f"{path.name} tanpa lembar kerja")
            sheets += len(wb.sheetnames)
        finally:
            wb.close()
    return f"{village.name}, {recap.name}: {sheets} lembar kerja"


def step_print(run: Run) -> str:
    pdf = run.root / "laporan" / "laporan-desa.pdf"
    run.need(pdf.is_file() or None, "laporan desa (PDF)")
    feature("desa_layak.ui.report_actions")
    from desa_layak.ui.selftest_window import print_pdf_to_file

    target = run.root / "laporan" / "cetak.pdf"
    sent = print_pdf_to_file(pdf, target)
    check(sent >= 1, "tidak ada halaman yang tercetak")
    data = target.read_bytes() if target.is_file() else b""
    check(data.startswith(b"%PDF-"), "hasil cetak tidak tertulis")
    return f"{sent} halaman dicetak ke berkas PDF (printer tidak dipakai)"


def _show_and_close(store: Any, label: str) -> str:
    feature("desa_layak.ui.main_window")
    from desa_layak.ui.selftest_window import show_every_page

    seen = show_every_page(store)
    check(seen.painted, f"jendela {label} tidak tergambar dalam 10 detik")
    if seen.errors:
        where, _, detail = seen.errors[0].partition(": ")
        last = [ln for ln in detail.splitlines() if ln.strip()][-1:] or [""]
        raise StepFailed(f"halaman gagal dimuat: {where}: {last[0].strip()}")
    check(seen.pages >= 1, f"jendela {label} tanpa halaman")
    check(seen.pages == seen.tabs,
          f"hanya {seen.pages} dari {seen.tabs} halaman jendela {label} termuat")
    check(seen.grabbed and seen.closed, f"jendela {label} tidak dapat ditutup dengan baik")
    return f"{seen.pages} halaman dibuka satu per satu, tergambar, lalu jendela ditutup"


def step_window_village(run: Run) -> str:
    return _show_and_close(run.need(run.desa, "menyiapkan desa"), "desa")


def step_window_kecamatan(run: Run) -> str:
    return _show_and_close(run.need(run.kecamatan, "menyiapkan kecamatan"), "kecamatan")


STEPS: list[tuple[str, Callable[[Run], str]]] = [
    ("Berkas sumber daya", step_resources),
    ("Menyiapkan desa", step_setup_village),
    ("Mencatat butir dengan lampiran", step_record_items),
    ("Memeriksa keutuhan data", step_integrity),
    ("Cadangan dan pemeriksaannya", step_backup),
    ("Mengekspor bundel", step_export_bundle),
    ("Menyiapkan kecamatan", step_setup_kecamatan),
    ("Mengimpor bundel", step_import_bundle),
    ("Laporan desa (PDF)", step_village_report),
    ("Bahan rakor kecamatan (PDF)", step_rakor_handout),
    ("Templat data pilah (xlsx)", step_spreadsheet),
    ("Ekspor xlsx desa dan rekap kecamatan", step_xlsx_exports),
    ("Mencetak laporan (ke berkas PDF)", step_print),
    ("Jendela utama desa", step_window_village),
    ("Jendela utama kecamatan", step_window_kecamatan),
]


def run_selftest(root: Path | None = None, *, emit: Callable[[str], None] | None = None,
                 keep: bool = False) -> list[StepResult]:
    """Run every step in ``root`` (a new temporary folder by default, removed afterwards
    unless ``keep``); ``emit`` receives each line as soon as its step is done."""
    own_root = root is None
    root = Path(tempfile.mkdtemp(prefix="desa-layak-uji-")) if root is None else Path(root)
    root.mkdir(parents=True, exist_ok=True)
    run = Run(root)
    results: list[StepResult] = []
    try:
        for name, fn in STEPS:
            started = time.perf_counter()
            try:
                detail, ok = fn(run), True
            except StepFailed as err:
                detail, ok = str(err), False
            except Exception as err:  # noqa: BLE001 - every failure becomes a GAGAL line
                where = traceback.extract_tb(err.__traceback__)[-1]
                detail = (f"{err or type(err).__name__} "
                          f"[{type(err).__name__} di {Path(where.filename).name}:{where.lineno}]")
                ok = False
            result = StepResult(name, ok, detail, time.perf_counter() - started)
            results.append(result)
            if emit:
                emit(result.line())
    finally:
        run.close()
        if own_root and not keep:
            shutil.rmtree(root, ignore_errors=True)
    return results


def summary(results: list[StepResult]) -> str:
    passed = sum(r.ok for r in results)
    if passed == len(results):
        return f"Uji mandiri berhasil: {passed} dari {len(results)} langkah lolos."
    return (f"Uji mandiri GAGAL: {len(results) - passed} dari {len(results)} langkah gagal. "
            "Pasang ulang aplikasi atau laporkan baris GAGAL di atas.")
