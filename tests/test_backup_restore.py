"""Backups: automatic snapshots and rotation, complete .dlbak files, verified restore."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desa_layak import cli
from desa_layak.core import checklist, integrity, setup
from desa_layak.core.checklist import Document
from desa_layak.core.sample_files import make_pdf
from desa_layak.storage import backup
from desa_layak.storage.backup import AutoBackup, BackupError
from desa_layak.storage.db import Store

VILLAGE = "63.06.05.2005"


def _doc(store: Store, number: str, item: str = "B", year: int = 2024) -> Document:
    return checklist.save_document(store, Document(
        id=None, village_code=VILLAGE, item_code=item, year=year, doc_number=number,
        title=f"SK {number}", date_set=f"{year}-01-15"))


def _attach(store: Store, doc: Document, tmp_path: Path, text: str):  # noqa: ANN202
    f = tmp_path / f"{text}.pdf"
    f.write_bytes(make_pdf([text], padding=2000, seed=len(text)))
    return checklist.add_attachment(store, VILLAGE, "document", doc.id, f)


def _numbers(store: Store) -> set[str]:
    return {d.doc_number for d in checklist.documents(store, VILLAGE)}


@pytest.fixture
def filled(store: Store, tmp_path: Path) -> Store:
    d1 = _doc(store, "01/2024")
    _doc(store, "02/2024", item="C")
    _attach(store, d1, tmp_path, "lampiran-satu")
    _attach(store, d1, tmp_path, "lampiran-dua")
    return store


def test_backup_file_holds_database_attachments_keys_and_a_manifest(
        filled: Store, tmp_path: Path) -> None:
    (filled.keys_dir).mkdir(parents=True, exist_ok=True)
    (filled.keys_dir / "ed25519-public.txt").write_text("abc\n")
    out = tmp_path / "flashdisk" / "cadangan.dlbak"
    info = backup.create_backup(filled, out)
    assert info.counts["documents"] == 2 and info.attachments == 2
    assert info.area_code == VILLAGE and info.role == "desa"
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        for name, meta in manifest["members"].items():
            assert hashlib.sha256(zf.read(name)).hexdigest() == meta["sha256"]
    assert "keys/ed25519-public.txt" in manifest["members"]
    text = "\n".join(backup.read_backup(out).describe())
    assert "Desa Gambah Luar" in text and "Lampiran: 2 berkas" in text and "Dokumen: 2" in text
    assert not list(out.parent.glob(".*.tmp"))


def test_a_backup_holds_only_the_files_its_database_names(filled: Store,
                                                        tmp_path: Path) -> None:
    """A file nobody's row names (another village's scans left behind by restoring its
    backup) does not travel in this folder's backups; a deleted attachment's file does, as
    its row does."""
    from desa_layak.storage.attachments import BlobStore

    stray = make_pdf(["SK desa lain"], padding=500, seed=99)
    digest = BlobStore(filled.attachments_dir).put(stray)
    removed = checklist.attachments_of(filled, "document",
                                       checklist.documents(filled, VILLAGE, "B")[0].id)[0]
    checklist.remove_attachment(filled, removed.id)
    out = tmp_path / "cadangan.dlbak"
    backup.create_backup(filled, out)
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
    assert f"attachments/{digest[:2]}/{digest}" not in names
    assert f"attachments/{removed.sha256[:2]}/{removed.sha256}" in names
    assert sum(n.startswith("attachments/") for n in names) == 2


def test_restoring_another_villages_backup_leaves_none_of_the_first_villages_files(
        filled: Store, tmp_path: Path) -> None:
    """The laptop changes hands: restoring the other village's backup removes the first
    village's scans from the folder; the copy kept before the restore still has them."""
    from desa_layak.core import setup

    def files(store: Store) -> set[str]:
        return {p.name for p in store.attachments_dir.glob("??/*")}

    mine = files(filled)
    assert len(mine) == 2
    neighbour = setup.open_store(tmp_path / "tetangga")
    setup.initialise(neighbour, "desa", "63.06.05.2006")
    theirs = tmp_path / "tetangga.dlbak"
    backup.create_backup(neighbour, theirs)
    neighbour.close()
    result = backup.restore(filled, theirs)
    assert files(filled) == set()
    assert integrity.check(filled).ok
    back = Store(tmp_path / "kembali")
    backup.restore(back, result.previous, keep_previous=False)
    assert files(back) == mine and integrity.check(back).ok
    back.close()


def test_restore_brings_back_the_backup_and_keeps_the_current_state_first(
        filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "c.dlbak"
    backup.create_backup(filled, out)
    _doc(filled, "03/2024")
    checklist.delete_document(filled, checklist.documents(filled, VILLAGE)[0].id)
    changed = _numbers(filled)
    assert changed != {"01/2024", "02/2024"}

    result = backup.restore(filled, out)

    assert _numbers(filled) == {"01/2024", "02/2024"}
    assert integrity.check(filled).ok
    assert result.previous is not None and result.previous.is_file()
    # the copy of the state before the restore is itself a good backup of it
    other = Store(tmp_path / "elsewhere")
    backup.restore(other, result.previous, keep_previous=False)
    assert _numbers(other) == changed
    other.close()
    # other connections (e.g. the window's) see the restored data
    fresh = Store(filled.data_dir)
    assert _numbers(fresh) == {"01/2024", "02/2024"}
    assert fresh.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    fresh.close()


def test_restore_onto_a_new_computer(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "c.dlbak"
    backup.create_backup(filled, out)
    new = Store(tmp_path / "laptop-baru" / "data")
    result = backup.restore(new, out)
    assert result.previous is None
    assert setup.identity(new).area_code == VILLAGE
    assert _numbers(new) == {"01/2024", "02/2024"}
    report = integrity.check(new)
    assert report.ok and report.attachments_checked == 2
    new.close()


def _rewrite(src: Path, dest: Path, change) -> None:  # noqa: ANN001
    """Copy a zip member by member, letting ``change(name, data)`` alter or drop members."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for item in zin.infolist():
            data = change(item.filename, zin.read(item.filename))
            if data is not None:
                zout.writestr(item.filename, data)


def _tamper_attachment(name: str, data: bytes) -> bytes:
    return data[:-10] + b"X" * 10 if name.startswith("attachments/") else data


def _drop_attachment(name: str, data: bytes) -> bytes | None:
    return None if name.startswith("attachments/") else data


def _newer_format(name: str, data: bytes) -> bytes:
    if name == "manifest.json":
        m = json.loads(data)
        m["format_version"] = 99
        return json.dumps(m).encode()
    return data


def _path_escape(name: str, data: bytes) -> bytes:
    if name == "manifest.json":
        m = json.loads(data)
        m["members"]["../../evil"] = {"sha256": "0" * 64, "size": 1}
        return json.dumps(m).encode()
    return data


def _bad_db(name: str, data: bytes) -> bytes:
    return data


@pytest.mark.parametrize("damage, words", [
    ("truncate", "rusak"),
    ("not_zip", "rusak"),
    ("tamper", "tidak cocok"),
    ("drop", "hilang"),
    ("newer", "lebih baru"),
    ("escape", "tidak dikenal"),
    ("no_manifest", "daftar isi"),
])
def test_damaged_backup_is_refused_before_anything_is_replaced(
        filled: Store, tmp_path: Path, damage: str, words: str) -> None:
    good = tmp_path / "good.dlbak"
    backup.create_backup(filled, good)
    _doc(filled, "sesudah-cadangan")
    before = _numbers(filled)
    bad = tmp_path / "bad.dlbak"
    if damage == "truncate":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif damage == "not_zip":
        bad.write_bytes(b"PK\x03\x04 bukan zip " * 100)
    elif damage == "tamper":
        _rewrite(good, bad, _tamper_attachment)
    elif damage == "drop":
        _rewrite(good, bad, _drop_attachment)
    elif damage == "newer":
        _rewrite(good, bad, _newer_format)
    elif damage == "escape":
        _rewrite(good, bad, _path_escape)
    elif damage == "no_manifest":
        _rewrite(good, bad, lambda n, d: None if n == "manifest.json" else d)
    with pytest.raises(BackupError) as err:
        backup.restore(filled, bad)
    assert words in str(err.value)
    assert _numbers(filled) == before
    assert not list(filled.backups_dir.glob("sebelum-pulih-*"))
    assert not list(filled.data_dir.glob(".pulih-*"))
    assert not (tmp_path / "evil").exists()


def test_backup_with_a_damaged_database_inside_is_refused(filled: Store, tmp_path: Path) -> None:
    good = tmp_path / "good.dlbak"
    backup.create_backup(filled, good)
    with zipfile.ZipFile(good) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        db = bytearray(zf.read(backup.DB_MEMBER))
    db[4096 * 2: 4096 * 2 + 200] = b"\x07" * 200  # scribble over a b-tree page
    manifest["members"][backup.DB_MEMBER] = {
        "sha256": hashlib.sha256(bytes(db)).hexdigest(), "size": len(db)}
    bad = tmp_path / "bad.dlbak"
    _rewrite(good, bad, lambda n, d: (bytes(db) if n == backup.DB_MEMBER else
                                      json.dumps(manifest).encode() if n == "manifest.json"
                                      else d))
    with pytest.raises(BackupError, match="basis data"):
        backup.read_backup(bad)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_corruption_is_refused_or_harmless(filled: Store, tmp_path: Path, data) -> None:  # noqa: ANN001
    good = tmp_path / "good.dlbak"
    if not good.exists():
        backup.create_backup(filled, good)
    raw = bytearray(good.read_bytes())
    pos = data.draw(st.integers(0, len(raw) - 1))
    how = data.draw(st.sampled_from(["flip", "cut", "zero"]))
    if how == "flip":
        raw[pos] ^= data.draw(st.integers(1, 255))
    elif how == "cut":
        del raw[pos:]
    else:
        raw[pos: pos + 64] = bytes(len(raw[pos: pos + 64]))
    bad = tmp_path / "bad.dlbak"
    bad.write_bytes(bytes(raw))
    try:
        info = backup.read_backup(bad)
    except BackupError:
        return
    # accepted: then it must be exactly the good content (damage hit an unused byte)
    assert info.counts == backup.read_backup(good).counts


def test_rotation_keeps_recent_daily_weekly_monthly_within_budget(tmp_path: Path) -> None:
    now = dt.datetime(2025, 6, 30, 12, 0)
    items = [AutoBackup(tmp_path / f"{i}.sqlite3", now - dt.timedelta(hours=6 * i), "harian",
                        1000) for i in range(4 * 400)]
    kept = backup.choose_kept(items, budget=10**9, now=now)
    newest = max(items, key=lambda b: b.at)
    assert newest.path in kept
    assert len(kept) <= backup.KEEP_RECENT + backup.KEEP_DAILY + backup.KEEP_WEEKLY \
        + backup.KEEP_MONTHLY
    kept_items = [b for b in items if b.path in kept]
    assert len({b.at.date() for b in kept_items}) >= backup.KEEP_DAILY
    assert len({(b.at.year, b.at.month) for b in kept_items}) == backup.KEEP_MONTHLY
    assert min(b.at for b in kept_items) < now - dt.timedelta(days=300)
    # a small budget: newest first until full, but never none
    small = backup.choose_kept(items, budget=5500, now=now)
    assert len(small) == 5 and newest.path in small
    assert backup.choose_kept(items, budget=10, now=now) == {newest.path}


def test_auto_backups_rotate_on_disk_and_daily_is_at_most_once_a_day(store: Store) -> None:
    day = dt.datetime(2025, 1, 1, 8, 0)
    assert backup.daily_backup_if_due(store, now=day) is not None
    assert backup.daily_backup_if_due(store, now=day + dt.timedelta(hours=5)) is None
    for i in range(60):
        backup.daily_backup_if_due(store, now=day + dt.timedelta(days=i))
    files = backup.list_auto_backups(store)
    assert 7 <= len(files) <= 3 + 7 + 5 + 12
    assert files[0].at.date() == (day + dt.timedelta(days=59)).date()
    # each snapshot is a complete, consistent SQLite database
    conn = sqlite3.connect(files[-1].path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT value FROM settings WHERE key='area_code'").fetchone()[0] == VILLAGE
    conn.close()


def test_snapshot_during_an_open_write_transaction_sees_only_committed_data(
        store: Store, tmp_path: Path) -> None:
    _doc(store, "committed")
    writer = sqlite3.connect(store.db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE documents SET doc_number = 'uncommitted'")
    snap = backup.snapshot_database(store.db_path, tmp_path / "snap.sqlite3")
    writer.execute("ROLLBACK")
    writer.close()
    conn = sqlite3.connect(snap)
    assert [r[0] for r in conn.execute("SELECT doc_number FROM documents")] == ["committed"]
    conn.close()


def test_migration_takes_a_backup_first(store: Store) -> None:
    from desa_layak.storage import migrations as mig

    @mig.migrations()
    def m999_test_only(db) -> None:  # noqa: ANN001
        db.execute("CREATE TABLE test_only (x INTEGER)")

    try:
        assert mig.migrate(store) == ["m999_test_only"]
    finally:
        mig.migrations._migrations.pop()
    snaps = [b for b in backup.list_auto_backups(store) if b.reason == "migrasi"]
    assert len(snaps) == 1
    conn = sqlite3.connect(snaps[0].path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert "documents" in names and "test_only" not in names


def test_backup_before_import_only_in_kecamatan_mode(store: Store, kecamatan_store: Store) -> None:
    assert backup.backup_before_import(store) is None
    path = backup.backup_before_import(kecamatan_store)
    assert path is not None and path.is_file() and "impor" in path.name


# -- command line ------------------------------------------------------------------------------

def test_cli_backup_restore_and_refusal_without_a_terminal(
        filled: Store, tmp_path: Path, capsys, monkeypatch) -> None:  # noqa: ANN001
    data = str(filled.data_dir)
    usb = tmp_path / "usb"
    usb.mkdir()
    assert cli.main(["--data-dir", data, "backup", "--out", str(usb)]) == 0
    made = list(usb.glob("desa-layak-63.06.05.2005-*.dlbak"))
    assert len(made) == 1
    _doc(filled, "baru")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli.main(["--data-dir", data, "restore", str(made[0])]) == 1
    err = capsys.readouterr().err
    assert "--yes" in err and "Tidak ada data yang diubah" in err
    assert "baru" in _numbers(filled)
    assert cli.main(["--data-dir", data, "restore", str(made[0]), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Isi cadangan" in out and "Desa Gambah Luar" in out
    assert "baru" not in _numbers(filled)


def test_cli_restore_asks_on_a_terminal(filled: Store, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    out = tmp_path / "c.dlbak"
    backup.create_backup(filled, out)
    _doc(filled, "baru")

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Tty("t\n"))
    assert cli.main(["--data-dir", str(filled.data_dir), "restore", str(out)]) == 1
    assert "baru" in _numbers(filled)
    monkeypatch.setattr("sys.stdin", Tty("ya\n"))
    assert cli.main(["--data-dir", str(filled.data_dir), "restore", str(out)]) == 0
    assert "baru" not in _numbers(filled)


def test_cli_restore_names_another_areas_backup_first(filled: Store, tmp_path: Path,  # noqa: ANN001
                                                     capsys, monkeypatch) -> None:
    kec = setup.open_store(tmp_path / "kec")
    setup.initialise(kec, "kecamatan", "63.06.05")
    out = tmp_path / "kec.dlbak"
    backup.create_backup(kec, out)
    kec.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli.main(["--data-dir", str(filled.data_dir), "restore", str(out)]) == 1
    said = capsys.readouterr().out
    assert "wilayah lain, Kecamatan Kandangan, bukan Desa Gambah Luar" in said
    assert setup.identity(filled).role == "desa"  # no terminal, no --yes: nothing replaced


# -- sync bundles and restore ------------------------------------------------------------------

def test_restore_never_moves_the_bundle_sequence_back(tmp_path: Path) -> None:
    from bundle_support import make_village

    from desa_layak.bundles.export import export_bundle
    from desa_layak.bundles.keys import public_key_of

    desa = make_village(tmp_path / "desa")
    assert export_bundle(desa, tmp_path).seq == 1
    old = tmp_path / "lama.dlbak"
    backup.create_backup(desa, old)
    export_bundle(desa, tmp_path)
    assert export_bundle(desa, tmp_path).seq == 3
    key = public_key_of(desa.keys_dir)
    backup.restore(desa, old)
    assert export_bundle(desa, tmp_path).seq == 4  # not 2: the kecamatan has seen 2 and 3
    assert public_key_of(desa.keys_dir) == key

    # a reinstalled laptop (fresh keys, nothing exported) takes the backup's key and number
    fresh = setup.open_store(tmp_path / "baru")
    setup.initialise(fresh, "desa", VILLAGE)
    from desa_layak.bundles.keys import ensure_keypair

    ensure_keypair(fresh.keys_dir)
    backup.restore(fresh, old)
    assert public_key_of(fresh.keys_dir) == key
    assert export_bundle(fresh, tmp_path).seq == 2
    desa.close()
    fresh.close()


def test_kecamatan_import_takes_a_snapshot_of_the_state_before(
        kecamatan_store: Store, tmp_path: Path) -> None:
    from bundle_support import make_village

    from desa_layak.bundles.export import export_bundle
    from desa_layak.bundles.importer import import_bundle

    desa = make_village(tmp_path / "desa")
    bundle = export_bundle(desa, tmp_path).path
    import_bundle(kecamatan_store, bundle)
    snaps = [b for b in backup.list_auto_backups(kecamatan_store) if b.reason == "impor"]
    assert len(snaps) == 1
    conn = sqlite3.connect(snaps[0].path)
    before = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    conn.close()
    after = kecamatan_store.db.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert before == 0 and after > 0
    import_bundle(kecamatan_store, bundle)  # already held: nothing written, no new snapshot
    assert len([b for b in backup.list_auto_backups(kecamatan_store) if b.reason == "impor"]) == 1
    desa.close()


def _repack_with_db(good: Path, bad: Path, change_db, change_manifest=None) -> None:  # noqa: ANN001
    """A forger's copy: the database member altered and the manifest hashes fixed to match."""
    import tempfile

    with zipfile.ZipFile(good) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        db_bytes = zf.read(backup.DB_MEMBER)
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "x.sqlite3"
        db_path.write_bytes(db_bytes)
        conn = sqlite3.connect(db_path)
        change_db(conn)
        conn.commit()
        conn.close()
        db_bytes = db_path.read_bytes()
    manifest["members"][backup.DB_MEMBER] = {
        "sha256": hashlib.sha256(db_bytes).hexdigest(), "size": len(db_bytes)}
    if change_manifest:
        change_manifest(manifest)
    _rewrite(good, bad, lambda n, d: (db_bytes if n == backup.DB_MEMBER else
                                      json.dumps(manifest).encode() if n == "manifest.json"
                                      else d))


def test_found_by_fuzzing_text_that_is_not_utf8_is_refused(filled: Store, tmp_path: Path) -> None:
    good = tmp_path / "good.dlbak"
    backup.create_backup(filled, good)
    bad = tmp_path / "bad.dlbak"
    _repack_with_db(good, bad, lambda c: c.execute(
        "UPDATE documents SET title = CAST(x'80ff' AS TEXT)"))
    with pytest.raises(BackupError, match="tidak terbaca"):
        backup.restore(filled, bad)
    assert _numbers(filled) == {"01/2024", "02/2024"}


def test_found_by_fuzzing_odd_descriptive_manifest_fields_do_not_crash(
        filled: Store, tmp_path: Path) -> None:
    good = tmp_path / "good.dlbak"
    backup.create_backup(filled, good)
    bad = tmp_path / "odd.dlbak"

    def odd(m: dict) -> None:
        m.update(counts=True, role=5, area_name=["x"], created_at=None)

    _repack_with_db(good, bad, lambda c: None, odd)
    info = backup.read_backup(bad)
    assert info.counts == {} and info.role is None
    assert "Wilayah: -" in "\n".join(info.describe())


def test_found_by_fuzzing_any_zip_opening_error_is_a_refusal(tmp_path: Path) -> None:
    good_zip = tmp_path / "v.dlbak"
    with zipfile.ZipFile(good_zip, "w") as zf:
        zf.writestr("manifest.json", b"{}")
    raw = bytearray(good_zip.read_bytes())
    cd = raw.rfind(b"PK\x01\x02")
    raw[cd + 6] = 84  # "version needed to extract" 8.4: zipfile raises NotImplementedError
    good_zip.write_bytes(bytes(raw))
    with pytest.raises(BackupError, match="rusak"):
        backup.read_backup(good_zip)


def test_copies_made_before_restore_are_limited(filled: Store, tmp_path: Path) -> None:
    out = tmp_path / "c.dlbak"
    backup.create_backup(filled, out)
    for _ in range(backup.KEEP_BEFORE_RESTORE + 3):
        backup.restore(filled, out)
    copies = list(filled.backups_dir.glob("sebelum-pulih-*.dlbak"))
    assert len(copies) == backup.KEEP_BEFORE_RESTORE


def test_found_by_fuzzing_broken_links_inside_the_backup_are_refused(
        filled: Store, tmp_path: Path) -> None:
    good = tmp_path / "good.dlbak"
    backup.create_backup(filled, good)
    bad = tmp_path / "bad.dlbak"
    _repack_with_db(good, bad, lambda c: c.execute(
        "UPDATE attachments SET village_code = '00.00.00.0000'"))
    with pytest.raises(BackupError, match="keterkaitan"):
        backup.restore(filled, bad)
    assert integrity.check(filled).ok


# -- restoring an automatic snapshot (the database alone) ---------------------------------------

def _keys(store: Store) -> dict[str, bytes]:
    folder = store.keys_dir
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.is_dir() else {}


def test_an_automatic_snapshot_can_be_restored_and_the_state_before_is_kept(
        filled: Store, tmp_path: Path) -> None:
    from desa_layak.bundles import keys

    keys.ensure_keypair(filled.keys_dir)
    snap = backup.auto_backup(filled, "harian")
    keys_before = _keys(filled)
    assert keys_before  # the installation's signing key stays as it is
    _doc(filled, "03/2024")
    assert _numbers(filled) == {"01/2024", "02/2024", "03/2024"}
    info = backup.read_backup(snap)
    assert info.snapshot and info.area_code == VILLAGE and info.attachments == 2
    assert info.describe()[0] == f"Cadangan otomatis: {snap.name}"

    result = backup.restore(filled, snap)

    assert result.info.snapshot
    assert _numbers(filled) == {"01/2024", "02/2024"}
    assert integrity.check(filled).ok  # the attachment files it names are those in the folder
    assert _keys(filled) == keys_before
    other = Store(tmp_path / "elsewhere")  # the state before is a whole backup file
    backup.restore(other, result.previous, keep_previous=False)
    assert _numbers(other) == {"01/2024", "02/2024", "03/2024"}
    other.close()


def test_a_damaged_automatic_snapshot_is_refused_before_anything_is_replaced(
        filled: Store) -> None:
    snap = backup.auto_backup(filled, "harian")
    snap.write_bytes(snap.read_bytes()[:4096] + b"\xff" * 4096)
    db_before = filled.db_path.read_bytes()
    with pytest.raises(BackupError, match="rusak atau bukan cadangan Desa Layak.*Tidak ada"):
        backup.restore(filled, snap)
    assert filled.db_path.read_bytes() == db_before
    assert not list(filled.backups_dir.glob("sebelum-pulih-*"))


def test_cli_restores_the_latest_automatic_snapshot_over_a_damaged_database(
        filled: Store, capsys, monkeypatch) -> None:  # noqa: ANN001
    data = str(filled.data_dir)
    assert cli.main(["--data-dir", data, "restore", "--latest-auto", "--yes"]) == 1
    assert "Belum ada cadangan otomatis" in capsys.readouterr().err
    older = backup.auto_backup(filled, "harian", now=dt.datetime(2026, 1, 1, 8, 0))
    _doc(filled, "03/2024")
    backup.auto_backup(filled, "impor", now=dt.datetime(2026, 1, 2, 8, 0))  # the newest
    filled.close()
    damaged = b"SQLite format 3\x00" + b"\xff" * 4000
    filled.db_path.write_bytes(damaged)
    assert cli.main(["--data-dir", data, "status"]) == 1
    said = capsys.readouterr().err
    assert "tidak dapat dibaca" in said and "restore --latest-auto" in said
    # without a terminal and without --yes: refused, and it never claims the damaged file was
    # put aside (found by an exploratory tester)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli.main(["--data-dir", data, "restore", "--latest-auto"]) == 1
    out, err = capsys.readouterr()
    assert "bila dipulihkan, berkasnya disimpan dulu" in out and "--yes" in err
    assert filled.db_path.read_bytes() == damaged and not list(
        filled.backups_dir.rglob("desa-layak.sqlite3"))
    assert cli.main(["--data-dir", data, "restore", "--latest-auto", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Cadangan otomatis: 20260102-080000-impor.sqlite3" in out
    assert "Pemulihan selesai" in out
    assert _numbers(Store(filled.data_dir)) == {"01/2024", "02/2024", "03/2024"}
    kept = list(filled.backups_dir.rglob("desa-layak.sqlite3"))
    assert [p.read_bytes() for p in kept] == [damaged]
    assert older.is_file()
    with pytest.raises(SystemExit) as usage:  # a file and --latest-auto: wrong usage
        cli.main(["--data-dir", data, "restore", str(older), "--latest-auto"])
    assert usage.value.code == 2


def test_a_restore_over_a_damaged_database_never_numbers_a_bundle_the_kecamatan_has_seen(
        filled: Store) -> None:
    """The number of the last bundle lives in the database, and the damaged database is moved
    aside: the number noted beside it at every export keeps the next one beyond it."""
    from desa_layak.bundles import export
    from desa_layak.storage.seq_mark import noted_seq

    assert [export.next_seq(filled) for _ in range(2)] == [1, 2]
    backup.auto_backup(filled, "harian")  # holds number 2
    assert [export.next_seq(filled) for _ in range(3)] == [3, 4, 5]  # sent to the kecamatan
    assert noted_seq(filled.data_dir) == 5
    filled.close()
    filled.db_path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    assert cli.main(["--data-dir", str(filled.data_dir), "restore", "--latest-auto",
                     "--yes"]) == 0
    assert _numbers(filled) == {"01/2024", "02/2024"}
    assert export.next_seq(filled) == 6


def test_latest_auto_passes_over_a_snapshot_that_copied_the_damage(
        filled: Store, capsys) -> None:  # noqa: ANN001
    good = backup.auto_backup(filled, "harian", now=dt.datetime(2026, 1, 1, 8, 0))
    _doc(filled, "03/2024")
    bad = backup.auto_backup(filled, "harian", now=dt.datetime(2026, 1, 2, 8, 0))
    bad.write_bytes(bad.read_bytes()[:4096] + b"\xff" * 8192)
    filled.close()
    filled.db_path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    assert cli.main(["--data-dir", str(filled.data_dir), "restore", "--latest-auto",
                     "--yes"]) == 0
    out = capsys.readouterr().out
    assert f"Dilewati: Berkas cadangan '{bad.name}' rusak" in out
    assert f"Cadangan otomatis: {good.name}" in out
    assert _numbers(filled) == {"01/2024", "02/2024"}


def test_a_snapshot_from_another_folder_is_refused(filled: Store, tmp_path: Path) -> None:
    """A snapshot carries no keys: restored elsewhere it would sign with the wrong key."""
    snap = backup.auto_backup(filled, "harian")
    elsewhere = tmp_path / "lain" / snap.name
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(snap.read_bytes())
    _doc(filled, "03/2024")
    db_before = filled.db_path.read_bytes()
    with pytest.raises(backup.RestoreRefused, match="bukan dari folder data ini.*Tidak ada"):
        backup.restore(filled, elsewhere)
    assert filled.db_path.read_bytes() == db_before
    assert "03/2024" in _numbers(filled)


def test_a_snapshot_naming_files_no_longer_in_the_folder_says_so_before_the_restore(
        filled: Store, capsys) -> None:  # noqa: ANN001
    from desa_layak.storage.attachments import BlobStore

    snap = backup.auto_backup(filled, "harian")
    gone = sorted(backup.read_backup(snap).named)[0]
    BlobStore(filled.attachments_dir).path_for(gone).unlink()
    info = backup.read_backup(snap)
    assert backup.missing_files(filled, info) == [gone]
    assert cli.main(["--data-dir", str(filled.data_dir), "restore", str(snap), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Perhatian: 1 berkas lampiran yang dicatat cadangan ini tidak ada lagi" in out
    report = integrity.check(filled)
    assert not report.ok and any("hilang" in p.message for p in report.problems)
