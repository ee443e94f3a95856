"""The batch importer writes waiting bundles as one group (one transaction each, durability paid
once): refusals inside a group, attachments shared between bundles, the history's order."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from bundle_support import YEAR, members, rebuild, village_bundles

from desa_layak.bundles import importer
from desa_layak.bundles.format import BundleError
from desa_layak.core import checklist
from desa_layak.core.checklist import Document
from desa_layak.core.sample_files import make_pdf
from desa_layak.storage.attachments import BlobStore

CODES = ("63.06.05.2005", "63.06.05.2006", "63.06.05.1001")
SHARED = make_pdf(["Surat edaran kabupaten tentang Desa Layak Anak"], padding=2000, seed=7)
SHARED_SHA = hashlib.sha256(SHARED).hexdigest()


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> list[Path]:
    """One bundle per village; all three carry the same circular (the same bytes)."""

    def add_circular(store, code: str, root: Path) -> None:  # noqa: ANN001
        doc = checklist.save_document(store, Document(
            id=None, village_code=code, item_code="D", year=YEAR, doc_number="400/12/2024",
            title="Surat edaran", date_set="2024-03-01"))
        scan = root / f"{code}.pdf"
        scan.write_bytes(SHARED)
        checklist.add_attachment(store, code, "document", doc.id, scan)

    return village_bundles(tmp_path_factory.mktemp("group"), CODES, add_circular)


@pytest.fixture(params=["syncfs", "fsync"], autouse=True)
def sync_mode(request, monkeypatch) -> str:
    """Every test twice: with Linux syncfs (two per group) and with fsync per file and folder
    (Windows, macOS, older Linux)."""
    if request.param == "fsync":
        monkeypatch.setattr(importer, "_SYNCFS", [None])
    elif importer._syncfs() is None:
        pytest.skip("no syncfs here")
    return request.param


def _live_attachments(store, code: str) -> set[str]:
    return {r[0] for r in store.db.execute(
        "SELECT sha256 FROM attachments WHERE village_code = ? AND deleted_at IS NULL",
        [code]).fetchall()}


def test_a_refused_bundle_leaves_the_shared_file_to_the_next_one(kecamatan_store, bundles,
                                                                  monkeypatch):
    """The first bundle moves the shared file in, the second finds it there; the first is then
    refused while writing: the file must stay for the second, its own scan must go."""
    checked = [importer._check_and_stage(kecamatan_store, p) for p in bundles]
    assert all(SHARED_SHA in c.staged for c in checked)  # nothing held yet: all three staged
    write_rows = importer._write_rows

    def refuse_first(store, c):  # noqa: ANN001, ANN202
        if c.manifest.village_code == CODES[0]:
            raise importer._refuse(c.file_name, "uji penolakan saat menulis", c.manifest)
        return write_rows(store, c)

    monkeypatch.setattr(importer, "_write_rows", refuse_first)
    outcomes, fatal = importer._commit_group(kecamatan_store, checked, importer._BackupOnce(),
                                             log_refusals=True)
    assert fatal is None
    assert isinstance(outcomes[0], BundleError) and "uji penolakan" in str(outcomes[0])
    assert [o.status for o in outcomes[1:]] == [importer.IMPORTED, importer.IMPORTED]
    blobs = BlobStore(kecamatan_store.attachments_dir)
    for code in CODES[1:]:
        shas = _live_attachments(kecamatan_store, code)
        assert SHARED_SHA in shas and all(blobs.verify(s) for s in shas)
    assert not _live_attachments(kecamatan_store, CODES[0])
    own_scan = next(i.filename.split("/")[1] for i, d in members(bundles[0])
                    if i.filename.startswith("attachments/") and
                    hashlib.sha256(d).hexdigest() != SHARED_SHA)
    assert not blobs.has(own_scan)  # the refused bundle's own file was taken out again
    log = importer.history(kecamatan_store, limit=3)[::-1]
    assert [(e.file_name, e.result) for e in log] == [
        (bundles[0].name, importer.REFUSED), (bundles[1].name, importer.IMPORTED),
        (bundles[2].name, importer.IMPORTED)]
    assert not list((kecamatan_store.data_dir / importer.STAGING_DIR).iterdir())
    # back to synced commits for whatever comes next
    assert kecamatan_store.db.execute("PRAGMA synchronous").fetchone()[0] == 2


def test_import_many_refuses_a_tampered_attachment_between_good_bundles(kecamatan_store,
                                                                          bundles, tmp_path):
    att, data = next((i.filename, d) for i, d in members(bundles[1])
                     if i.filename.startswith("attachments/") and
                     hashlib.sha256(d).hexdigest() != SHARED_SHA)
    bad = rebuild(bundles[1], tmp_path / "diubah.dkla", replace={att: data[:-10] + b"0" * 10})
    results = importer.import_many(kecamatan_store, [bundles[0], bad, bundles[2]])
    assert [r.status for r in results] == [importer.IMPORTED, importer.REFUSED,
                                           importer.IMPORTED]
    assert f"'{att}' tidak cocok dengan sidik SHA-256" in results[1].message
    assert not _live_attachments(kecamatan_store, CODES[1])
    assert not BlobStore(kecamatan_store.attachments_dir).has(att.split("/")[1])
    log = importer.history(kecamatan_store, limit=3)[::-1]
    assert [e.file_name for e in log] == [bundles[0].name, bad.name, bundles[2].name]
    assert not list((kecamatan_store.data_dir / importer.STAGING_DIR).iterdir())


def test_a_group_is_durable_when_it_returns(kecamatan_store, bundles, monkeypatch):
    """Inside a group only the last write is synced (FULL); it carries the ones before it."""
    modes: list[tuple[str, int]] = []
    write_rows = importer._write_rows

    def spy(store, c):  # noqa: ANN001, ANN202
        mode = store.db.execute("PRAGMA synchronous").fetchone()[0]
        modes.append((c.manifest.village_code, mode))
        return write_rows(store, c)

    monkeypatch.setattr(importer, "_write_rows", spy)
    checked = [importer._check_and_stage(kecamatan_store, p) for p in bundles]
    outcomes, fatal = importer._commit_group(kecamatan_store, checked, importer._BackupOnce(),
                                             log_refusals=True)
    assert fatal is None and all(o.status == importer.IMPORTED for o in outcomes)
    assert modes == [(CODES[0], 1), (CODES[1], 1), (CODES[2], 2)]  # NORMAL, NORMAL, FULL
    assert kecamatan_store.db.execute("PRAGMA synchronous").fetchone()[0] == 2


def test_with_syncfs_the_bytes_then_the_names_are_synced_before_any_row(kecamatan_store,
                                                                        bundles, sync_mode,
                                                                        monkeypatch):
    if sync_mode != "syncfs":
        pytest.skip("syncfs only")
    events: list[tuple[str, object]] = []
    real = importer._syncfs()
    root = kecamatan_store.attachments_dir

    def spy(folder):  # noqa: ANN001, ANN202
        names = sum(1 for p in root.rglob("*") if p.is_file()) if root.exists() else 0
        events.append(("syncfs", names))
        real(folder)

    write_rows = importer._write_rows

    def rows(store, c):  # noqa: ANN001, ANN202
        events.append(("rows", c.manifest.village_code))
        return write_rows(store, c)

    monkeypatch.setattr(importer, "_SYNCFS", [spy])
    monkeypatch.setattr(importer, "_write_rows", rows)
    checked = [importer._check_and_stage(kecamatan_store, p) for p in bundles]
    files = len({sha for c in checked for sha in c.staged})
    outcomes, fatal = importer._commit_group(kecamatan_store, checked, importer._BackupOnce(),
                                             log_refusals=True)
    assert fatal is None and all(o.status == importer.IMPORTED for o in outcomes)
    assert events == [("syncfs", 0), ("syncfs", files), *(("rows", c) for c in CODES)]


def test_a_file_found_while_an_earlier_group_is_written_stays_if_that_group_refuses(
        kecamatan_store, bundles, monkeypatch):
    """import_many reads the next bundle while the writer writes the previous group. Bundle B
    is checked after bundle A (another group) moved the shared file in, so B finds it there
    and does not stage it; A is then refused while writing. The file must stay for B."""
    import threading

    a_moved, b_checked = threading.Event(), threading.Event()
    write_rows, verify = importer._write_rows, importer._verify_members

    def refuse_a(store, c):  # noqa: ANN001, ANN202
        if c.manifest.village_code == CODES[0]:
            a_moved.set()  # its files are in the store now
            assert b_checked.wait(20)
            raise importer._refuse(c.file_name, "uji penolakan saat menulis", c.manifest)
        return write_rows(store, c)

    def check_b_after_a_moved(z, manifest, *args, **kwargs):  # noqa: ANN001, ANN202
        if manifest.village_code == CODES[1]:
            assert a_moved.wait(20)
        try:
            return verify(z, manifest, *args, **kwargs)
        finally:
            if manifest.village_code == CODES[1]:
                b_checked.set()

    monkeypatch.setattr(importer, "_write_rows", refuse_a)
    monkeypatch.setattr(importer, "_verify_members", check_b_after_a_moved)
    results = importer.import_many(kecamatan_store, bundles[:2])
    assert [r.status for r in results] == [importer.REFUSED, importer.IMPORTED]
    blobs = BlobStore(kecamatan_store.attachments_dir)
    shas = _live_attachments(kecamatan_store, CODES[1])
    assert SHARED_SHA in shas
    assert all(blobs.verify(s) for s in shas)  # no row may point at a missing file
    own_scan = next(i.filename.split("/")[1] for i, d in members(bundles[0])
                    if i.filename.startswith("attachments/") and
                    hashlib.sha256(d).hexdigest() != SHARED_SHA)
    assert not blobs.has(own_scan)  # the refused bundle's own file still goes
    assert not list((kecamatan_store.data_dir / importer.STAGING_DIR).iterdir())


def test_staged_files_left_by_a_crash_are_removed_by_the_next_import(kecamatan_store, bundles):
    """A kill between staging and moving in leaves files in import-staging; nothing else ever
    looks there, so the next import clears the old ones (not fresh ones: another app on the
    same folder may be importing right now)."""
    import os
    import time

    staging = kecamatan_store.data_dir / importer.STAGING_DIR
    staging.mkdir(exist_ok=True)
    old = staging / f"{'a' * 32}-0.{SHARED_SHA}"
    old.write_bytes(SHARED)
    hours_ago = time.time() - 3 * 3600
    os.utime(old, (hours_ago, hours_ago))
    fresh = staging / f"{'b' * 32}-0.{SHARED_SHA}"
    fresh.write_bytes(SHARED)
    results = importer.import_many(kecamatan_store, bundles[:1])
    assert [r.status for r in results] == [importer.IMPORTED]
    assert not old.exists()
    assert fresh.exists()


def test_a_bundle_checked_after_the_writer_failed_leaves_no_staged_file(kecamatan_store,
                                                                        bundles, monkeypatch):
    """The writer stops on a full disk; the bundle read meanwhile is handed over, the failure
    is raised to the caller, and that bundle's staged files must not stay behind."""
    import errno
    import threading

    from desa_layak.errors import DesaLayakError

    failed = threading.Event()
    write_rows, verify, write = (importer._write_rows, importer._verify_members,
                                 importer._Writer._write)

    def disk_full(store, c):  # noqa: ANN001, ANN202
        if c.manifest.village_code == CODES[0]:
            raise OSError(errno.ENOSPC, "No space left on device")
        return write_rows(store, c)

    def write_then_tell(self, group, *args):  # noqa: ANN001, ANN002, ANN202
        try:
            return write(self, group, *args)
        finally:
            failed.set()

    def check_b_after_the_failure(z, manifest, *args, **kwargs):  # noqa: ANN001, ANN202
        checked = verify(z, manifest, *args, **kwargs)
        if manifest.village_code == CODES[1]:
            assert failed.wait(20)
            assert checked.staged  # it has files of its own in import-staging
        return checked

    monkeypatch.setattr(importer, "_write_rows", disk_full)
    monkeypatch.setattr(importer._Writer, "_write", write_then_tell)
    monkeypatch.setattr(importer, "_verify_members", check_b_after_the_failure)
    with pytest.raises(DesaLayakError):
        importer.import_many(kecamatan_store, bundles[:2])
    assert not list((kecamatan_store.data_dir / importer.STAGING_DIR).iterdir())


def test_without_syncfs_a_new_prefix_folder_is_made_durable_in_its_parent(kecamatan_store,
                                                                          bundles, sync_mode,
                                                                          monkeypatch):
    """attachments/ab/ created by the import is a new name in attachments/: that folder must be
    fsync'd too, or a power cut can lose the whole prefix folder under committed rows."""
    if sync_mode != "fsync":
        pytest.skip("fsync only")
    synced: list[Path] = []
    real = importer.fsync_dir

    def spy(folder):  # noqa: ANN001, ANN202
        synced.append(Path(folder))
        real(folder)

    monkeypatch.setattr(importer, "fsync_dir", spy)
    root = kecamatan_store.attachments_dir
    before = {p.name for p in root.iterdir()} if root.exists() else set()
    results = importer.import_many(kecamatan_store, bundles[:1])
    assert [r.status for r in results] == [importer.IMPORTED]
    new = {p.name for p in root.iterdir()} - before
    assert new  # the import made prefix folders
    assert root in synced
    assert {root / n for n in new} <= set(synced)


def test_after_a_writer_failure_no_later_bundle_is_written(kecamatan_store, bundles,
                                                            monkeypatch):
    """The writer fails (a write error) after moving A's files in; B, read meanwhile, found
    the shared file there and is already queued; C's hand-over raises the failure to the
    caller. B must not be written afterwards (its shared file was taken out with A's)."""
    import errno
    import threading

    from desa_layak.errors import DesaLayakError

    a_moved, b_queued, c_raised = threading.Event(), threading.Event(), threading.Event()
    write_rows, verify = importer._write_rows, importer._verify_members
    submit, write = importer._Writer.submit, importer._Writer._write

    def fail_a(store, c):  # noqa: ANN001, ANN202
        if c.manifest.village_code == CODES[0]:
            a_moved.set()
            assert b_queued.wait(20)
            raise OSError(errno.EIO, "Input/output error")
        return write_rows(store, c)

    def check_b_after_a_moved(z, manifest, *args, **kwargs):  # noqa: ANN001, ANN202
        if manifest.village_code == CODES[1]:
            assert a_moved.wait(20)
        return verify(z, manifest, *args, **kwargs)

    def submit_and_tell(self, index, checked):  # noqa: ANN001, ANN202
        code = checked.manifest.village_code
        if code == CODES[2]:
            for _ in range(2000):  # until the writer has recorded A's failure
                if self.failure is not None:
                    break
                threading.Event().wait(0.01)
        try:
            return submit(self, index, checked)
        finally:
            if code == CODES[1]:
                b_queued.set()
            elif code == CODES[2]:
                c_raised.set()

    def write_b_after_c(self, group, *args):  # noqa: ANN001, ANN002, ANN202
        if any(c.manifest.village_code == CODES[1] for _, c in group):
            assert c_raised.wait(20)
        return write(self, group, *args)

    monkeypatch.setattr(importer, "_write_rows", fail_a)
    monkeypatch.setattr(importer, "_verify_members", check_b_after_a_moved)
    monkeypatch.setattr(importer._Writer, "submit", submit_and_tell)
    monkeypatch.setattr(importer._Writer, "_write", write_b_after_c)
    with pytest.raises(DesaLayakError):
        importer.import_many(kecamatan_store, bundles)
    blobs = BlobStore(kecamatan_store.attachments_dir)
    assert all(blobs.verify(s) for code in CODES for s in _live_attachments(kecamatan_store, code))
    assert not _live_attachments(kecamatan_store, CODES[1])


def test_syncfs_uses_one_handle_opened_before_anything_is_staged(kecamatan_store, bundles,
                                                                 monkeypatch, sync_mode):
    """syncfs reports only write errors that happen after its folder handle was opened: the
    import opens one before staging any file and every syncfs of the batch goes through it."""
    if sync_mode != "syncfs":
        pytest.skip("syncfs only")
    key = str(kecamatan_store.data_dir)
    seen_while_staging: list[int | None] = []
    stage = importer._check_and_stage

    def staging(store, path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        entry = importer._WATCHED.get(key)
        seen_while_staging.append(entry[0] if entry else None)
        return stage(store, path, *args, **kwargs)

    real_open = importer.os.open
    opened_for_sync: list[str] = []

    def watching_open(path, flags, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if str(path) == key:
            opened_for_sync.append(key)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(importer, "_check_and_stage", staging)
    monkeypatch.setattr(importer.os, "open", watching_open)
    results = importer.import_many(kecamatan_store, bundles)
    assert [r.status for r in results] == [importer.IMPORTED] * 3
    assert len(seen_while_staging) == 3 and None not in seen_while_staging
    assert len(set(seen_while_staging)) == 1  # one handle for the whole batch
    assert opened_for_sync == [key]  # opened once, before staging; syncfs opened nothing else
    assert key not in importer._WATCHED  # and closed when the import ended


def test_a_read_error_on_a_bundle_refuses_that_bundle_and_the_batch_goes_on(kecamatan_store,
                                                                           bundles, monkeypatch):
    """A failing flash drive: reading the first bundle's attachment fails in its stage thread.
    That bundle is refused with the reason, the others go in, nothing of it stays behind."""
    import errno
    import io

    first: list[importer._StageJob] = []
    job_init, stage_one = importer._StageJob.__init__, importer._stage_one

    def remember_first(self, *args):  # noqa: ANN001, ANN002, ANN202
        job_init(self, *args)
        if not first:
            first.append(self)

    class FailingRead(io.RawIOBase):
        def seek(self, *args):  # noqa: ANN001, ANN002, ANN202
            return 0

        def readinto(self, b):  # noqa: ANN001, ANN202
            raise OSError(errno.EIO, "Input/output error")

    def eio_on_the_first(job, src, *args):  # noqa: ANN001, ANN002, ANN202
        return stage_one(job, FailingRead() if job is first[0] else src, *args)

    preadv = importer._PREADV

    failed: list[int] = []

    def eio_preadv(fd, buffers, offset):  # noqa: ANN001, ANN202
        if fd == first[0].fd and not failed:  # once: a later bundle may get the same number
            failed.append(fd)
            raise OSError(errno.EIO, "Input/output error")
        return preadv(fd, buffers, offset)

    monkeypatch.setattr(importer._StageJob, "__init__", remember_first)
    if preadv is None:  # Windows: read with seek and readinto
        monkeypatch.setattr(importer, "_stage_one", eio_on_the_first)
    else:
        monkeypatch.setattr(importer, "_PREADV", eio_preadv)
    results = importer.import_many(kecamatan_store, bundles)
    assert [r.status for r in results] == [importer.REFUSED, importer.IMPORTED, importer.IMPORTED]
    assert "tidak dapat dibaca dari berkas bundel: terjadi kesalahan baca pada media " \
        "penyimpanannya" in results[0].message
    assert "Input/output" not in results[0].message  # the system's English stays out
    assert results[0].file_name == bundles[0].name
    assert not _live_attachments(kecamatan_store, CODES[0])
    blobs = BlobStore(kecamatan_store.attachments_dir)
    assert all(blobs.verify(s) for code in CODES[1:] for s in _live_attachments(kecamatan_store,
                                                                                 code))
    assert not list((kecamatan_store.data_dir / importer.STAGING_DIR).iterdir())
    last = importer.history(kecamatan_store)[-1]  # newest first: the last is the first file
    assert (last.file_name, last.result) == (bundles[0].name, importer.REFUSED)


def test_attachments_are_read_from_the_file_that_was_checked(kecamatan_store, bundles, tmp_path,
                                                             monkeypatch):
    """The bundle is removed (or replaced by another file of the same name) after its checks,
    before its stage thread copies the attachments: they still come from the checked file."""
    import shutil
    import sys

    if sys.platform == "win32":
        pytest.skip("an open file cannot be removed on Windows")
    copies = [Path(shutil.copy(p, tmp_path / p.name)) for p in bundles]
    stage_files = importer._stage_files

    def remove_then_stage(job):  # noqa: ANN001, ANN202
        if copies[0].exists():
            copies[0].unlink()
            copies[0].write_bytes(b"not the bundle that was checked")
        return stage_files(job)

    monkeypatch.setattr(importer, "_stage_files", remove_then_stage)
    results = importer.import_many(kecamatan_store, copies)
    assert [r.status for r in results] == [importer.IMPORTED] * 3
    blobs = BlobStore(kecamatan_store.attachments_dir)
    assert all(blobs.verify(s) for code in CODES for s in _live_attachments(kecamatan_store, code))
