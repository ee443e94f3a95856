"""Helpers for the bundle tests: a small village, dumps of a data folder, hostile rebuilds."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

from desa_layak.bundles import format as fmt
from desa_layak.bundles import keys
from desa_layak.core import checklist, setup
from desa_layak.core.checklist import Document
from desa_layak.core.sample_files import make_pdf
from desa_layak.storage.db import Store
from desa_layak.storage.records import insert_record

VILLAGE = "63.06.05.2005"  # Desa Gambah Luar, Kec. Kandangan
OTHER_VILLAGE = "63.06.05.2006"
YEAR = 2024


def make_village(data_dir: Path, code: str = VILLAGE) -> Store:
    """A desa installation with a document (and scan), a deleted document, figures."""
    store = setup.open_store(data_dir)
    setup.initialise(store, "desa", code)
    keys.ensure_keypair(store.keys_dir)
    setup.update_profile(store, code, head_name="H. Ahmad Rusdiansyah")
    checklist.open_year(store, code, YEAR)
    doc = checklist.save_document(store, Document(
        id=None, village_code=code, item_code="B", year=YEAR, doc_number="141/05/SK/2024",
        title="SK Tim Desa Layak Anak", date_set="2024-01-10", valid_from="2024-01-10",
        valid_until="2024-12-31"))
    scan = data_dir / "sk.pdf"
    scan.write_bytes(make_pdf(["SK Tim Desa Layak Anak", code], padding=3000, seed=1))
    checklist.add_attachment(store, code, "document", doc.id, scan)
    scan.unlink()
    gone = checklist.save_document(store, Document(
        id=None, village_code=code, item_code="C", year=YEAR, doc_number="salah ketik",
        date_set="2024-02-01"))
    checklist.delete_document(store, gone.id)
    with store.atomic() as db:
        insert_record(db, "budget_lines", {"village_code": code, "year": YEAR,
                                           "activity": "Kegiatan Forum Anak Desa",
                                           "amount": 12_500_000, "realised": 0})
    return store


def make_full_village(data_dir: Path, code: str = VILLAGE) -> Store:
    """``make_village`` plus a row in every other synced table: figures, budget, a team with
    an activity, a facility, a DRPPA answer (so every column rule can be tried on a bundle)."""
    from desa_layak.core import budget, data_pilah, drppa, facilities, teams

    store = make_village(data_dir, code)
    data_pilah.set_values(store, code, YEAR, {("anak", "L", "0-4"): 120, ("anak", "P", "0-4"): 118,
                                              ("perkawinan_anak", "", ""): 0})
    budget.set_apbdes(store, code, YEAR, 1_250_000_000)
    teams.set_team(store, code, YEAR, "forum_anak", members_l=7, members_p=9,
                   chair_name="Nur Aisyah")
    teams.save_activity(store, teams.Activity(None, code, YEAR, "forum_anak", "2024-03-02",
                                              "Musyawarah anak desa"))
    facilities.save_facility(store, facilities.Facility(None, code, "pojok_baca", "Pojok Baca",
                                                        since_year=2022, condition="baik"))
    drppa.set_answers(store, code, YEAR, 5, {"perangkat_p": 3, "perangkat_total": 9})
    return store


def village_bundles(root: Path, codes: tuple[str, ...],
                    add: Callable[[Store, str, Path], None] | None = None) -> list[Path]:
    """One exported bundle per village (``make_village``, then ``add(store, code, root)`` if
    given), in ``root / "out"``."""
    from desa_layak.bundles import export

    out = root / "out"
    out.mkdir()
    paths = []
    for code in codes:
        store = make_village(root / code, code)
        if add:
            add(store, code, root)
        paths.append(export.export_bundle(store, out).path)
        store.close()
    return paths


def dump(store: Store) -> dict:
    """Every row of every table, plus every file under the attachment folder (by hash)."""
    db = store.db
    out: dict = {}
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                              "ORDER BY name").fetchall():
        rows = db.execute(f'SELECT * FROM "{name}"').fetchall()
        out[name] = sorted(rows, key=repr)
    files = {}
    root = store.attachments_dir
    if root.exists():
        for p in sorted(root.rglob("*")):
            files[str(p.relative_to(root))] = (
                hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir")
    out["__attachments__"] = files
    staging = store.data_dir / "import-staging"
    out["__staging__"] = sorted(str(p) for p in staging.rglob("*")) if staging.exists() else []
    return out


def assert_unchanged_except_log(before: dict, after: dict, result: str = "ditolak") -> None:
    """Nothing changed but one new import_log row with ``result``."""
    old_log, new_log = before["import_log"], after["import_log"]
    assert len(new_log) == len(old_log) + 1
    assert [r for r in new_log if r not in old_log][0][5] == result
    strip = {k: v for k, v in after.items() if k != "import_log"}
    assert strip == {k: v for k, v in before.items() if k != "import_log"}


def members(path: Path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


def write_zip(dest: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names on purpose
        with zipfile.ZipFile(dest, "w") as zf:
            for info, data in entries:
                zf.writestr(info, data)
    return dest


def rebuild(src: Path, dest: Path, *, keys_dir: Path | None = None,
            edit_manifest: Callable[[dict], None] | None = None,
            replace: dict[str, bytes] | None = None, drop: tuple[str, ...] = (),
            extra: list[tuple[zipfile.ZipInfo | str, bytes]] = ()) -> Path:
    """Copy a bundle with changes. With ``keys_dir`` the manifest hashes are brought up to
    date and it is signed again (a hostile but well-signed bundle)."""
    replace = replace or {}
    entries = [(i, replace.get(i.filename, d)) for i, d in members(src)
               if i.filename not in drop]
    if keys_dir is None and edit_manifest is None:
        return write_zip(dest, [*entries, *extra])
    manifest = json.loads(dict((i.filename, d) for i, d in entries)[fmt.MANIFEST])
    if keys_dir is not None:  # extra members are then listed in the manifest too
        entries = [*entries, *((zipfile.ZipInfo(i) if isinstance(i, str) else i, d)
                               for i, d in extra)]
        extra = []
        by_name = {i.filename: d for i, d in entries}
        manifest["members"] = [
            {"name": n, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()}
            for n, d in by_name.items() if n not in (fmt.MANIFEST, fmt.SIGNATURE)]
        manifest["public_key"] = keys.public_key_of(keys_dir)
    if edit_manifest:
        edit_manifest(manifest)
    if keys_dir is not None or edit_manifest:
        mbytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        entries = [(i, mbytes if i.filename == fmt.MANIFEST else d) for i, d in entries]
        if keys_dir is not None:
            sig = keys.sign(keys_dir, mbytes).encode()
            entries = [(i, sig if i.filename == fmt.SIGNATURE else d) for i, d in entries]
    return write_zip(dest, [*entries, *extra])
