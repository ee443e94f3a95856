"""Crash safety: a child process doing real saves, attachment imports, bundle exports/imports and
backups is killed with SIGKILL at random moments; after every kill the data must be whole.

After each kill: ``PRAGMA integrity_check`` is ok on both databases; every write the child
reported committed is there; a bundle is wholly in or wholly out at the kecamatan (its document
and attachment counts equal what the desa exported under that sequence number); no file under a
final attachment name is partial or has the wrong content; no record points at a missing file;
and a backup file, if present, verifies completely.

Default suite: 10 kills (a few seconds). Full run, 120 kills::

    .venv/bin/pytest tests/test_crash_safety.py -m slow -q
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from desa_layak.bundles.keys import ensure_keypair
from desa_layak.core import checklist, integrity, setup
from desa_layak.storage import backup
from desa_layak.storage.db import Store

VILLAGE = "63.06.05.2005"
KECAMATAN = "63.06.05"
CHILD = Path(__file__).with_name("crash_child.py")

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")


@dataclass
class Promises:
    """Everything the child said was committed, over all runs."""

    docs: dict[str, str] = field(default_factory=dict)  # id -> number
    edits: dict[str, int] = field(default_factory=dict)  # id -> last reported counter
    atts: dict[str, str] = field(default_factory=dict)  # id -> sha256
    exported: dict[int, tuple[int, int]] = field(default_factory=dict)  # seq -> (docs, atts)
    imported_seq: int = 0
    backups: int = 0
    lines: int = 0

    def take(self, line: str) -> None:
        parts = line.split()
        if not parts:
            return
        kind = parts[0]
        self.lines += 1
        if kind == "DOC":
            self.docs[parts[1]] = parts[2]
        elif kind == "EDIT":
            self.edits[parts[1]] = max(self.edits.get(parts[1], 0), int(parts[2]))
        elif kind == "ATT":
            self.atts[parts[1]] = parts[2]
        elif kind == "EXPORTED":
            self.exported[int(parts[1])] = (int(parts[2]), int(parts[3]))
        elif kind == "BUNDLE":
            self.imported_seq = max(self.imported_seq, int(parts[1]))
        elif kind == "BACKUP":
            self.backups += 1


def _prepare(root: Path) -> tuple[Path, Path, Path]:
    desa_dir, kec_dir, work = root / "desa", root / "kecamatan", root / "kerja"
    desa = setup.open_store(desa_dir)
    setup.initialise(desa, "desa", VILLAGE)
    ensure_keypair(desa.keys_dir)
    desa.close()
    kec = setup.open_store(kec_dir)
    setup.initialise(kec, "kecamatan", KECAMATAN)
    kec.close()
    work.mkdir()
    return desa_dir, kec_dir, work


def _run_and_kill(desa_dir: Path, kec_dir: Path, work: Path, seed: int,
                  rng: random.Random) -> list[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), str(desa_dir), str(kec_dir), str(work), str(seed)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    if first.strip() != "READY":
        proc.kill()
        raise AssertionError(f"child did not start: {first!r} {proc.stderr.read()}")
    time.sleep(rng.uniform(0.02, 0.6))
    os.kill(proc.pid, signal.SIGKILL)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, f"child ended by itself:\n{err}"
    return out.splitlines()


def _check(desa_dir: Path, kec_dir: Path, work: Path, p: Promises) -> None:
    for folder in (desa_dir, kec_dir):
        conn = sqlite3.connect(folder / "desa-layak.sqlite3")
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            conn.close()
    desa, kec = Store(desa_dir), Store(kec_dir)
    try:
        db = desa.db
        for doc_id, number in p.docs.items():
            row = db.execute("SELECT doc_number FROM documents WHERE id = ?", [doc_id]).fetchone()
            assert row is not None and row[0] == number, f"document {number} lost"
        for doc_id, counter in p.edits.items():
            notes = db.execute("SELECT notes FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
            assert notes.startswith("rev-") and int(notes[4:]) >= counter, "edit lost"
        blobs = checklist.blob_store(desa)
        for att_id, sha in p.atts.items():
            row = db.execute("SELECT sha256 FROM attachments WHERE id = ?", [att_id]).fetchone()
            assert row is not None and row[0] == sha, "attachment record lost"
            assert blobs.verify(sha), "attachment file lost or damaged"
        # whole attachment stores: every final-named file matches its hash, no dangling record
        for store in (desa, kec):
            report = integrity.check(store)
            assert report.ok, report.lines()
        # bundles: the kecamatan holds exactly one whole export
        row = kec.db.execute("SELECT last_seq FROM village_sources WHERE village_code = ?",
                             [VILLAGE]).fetchone()
        held = row[0] if row else 0
        assert held >= p.imported_seq, "an imported bundle was lost"
        kdocs = kec.db.execute("SELECT count(*) FROM documents WHERE village_code = ? AND "
                               "deleted_at IS NULL", [VILLAGE]).fetchone()[0]
        katts = kec.db.execute("SELECT count(*) FROM attachments WHERE village_code = ? AND "
                               "deleted_at IS NULL", [VILLAGE]).fetchone()[0]
        if held:
            assert (kdocs, katts) == p.exported[held], "half a bundle is visible"
        else:
            assert (kdocs, katts) == (0, 0)
        dest = work / "cadangan.dlbak"
        if dest.exists():
            info = backup.read_backup(dest)  # raises if partial or damaged
            assert info.area_code == VILLAGE
    finally:
        desa.close()
        kec.close()


def _campaign(root: Path, kills: int, seed: int) -> Promises:
    desa_dir, kec_dir, work = _prepare(root)
    rng = random.Random(seed)
    promises = Promises()
    for i in range(kills):
        for line in _run_and_kill(desa_dir, kec_dir, work, seed * 1000 + i, rng):
            promises.take(line)
        _check(desa_dir, kec_dir, work, promises)
    return promises


def test_sigkill_at_random_moments_loses_nothing_committed(tmp_path: Path) -> None:
    p = _campaign(tmp_path, kills=10, seed=int(os.environ.get("CRASH_SEED", "7")))
    assert p.docs and p.atts and p.lines > 30  # the child really worked between kills


@pytest.mark.slow
def test_sigkill_many_times(tmp_path: Path) -> None:
    kills = int(os.environ.get("CRASH_KILLS", "120"))
    p = _campaign(tmp_path, kills=kills, seed=int(os.environ.get("CRASH_SEED", "11")))
    assert p.imported_seq > 0 and p.backups > 0
    print(f"\n{kills} kills: {len(p.docs)} documents, {len(p.edits)} edited, "
          f"{len(p.atts)} attachments, bundles up to seq {p.imported_seq}, "
          f"{p.backups} backups, {p.lines} committed writes reported")


def _restore_campaign(tmp_path: Path, kills: int) -> int:
    data = tmp_path / "desa"
    store = setup.open_store(data)
    setup.initialise(store, "desa", VILLAGE)
    sets = {}
    for name, numbers in (("a.dlbak", ["A1", "A2"]), ("b.dlbak", ["B1", "B2", "B3"])):
        for number in numbers:
            checklist.save_document(store, checklist.Document(
                id=None, village_code=VILLAGE, item_code="B", year=2024, doc_number=number))
        backup.create_backup(store, tmp_path / name)
        sets[name] = set(numbers) | set().union(*sets.values())
    store.close()
    rng = random.Random(5)
    restored = 0
    for _ in range(kills):
        proc = subprocess.Popen(
            [sys.executable, str(CHILD), "restore", str(data), str(tmp_path / "a.dlbak"),
             str(tmp_path / "b.dlbak")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True)
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != "READY":  # it ended before starting: say why
            _out, err = proc.communicate(timeout=30)
            pytest.fail(f"the restoring child ended before it began: {err[-3000:]}")
        time.sleep(rng.uniform(0.05, 1.5))
        os.kill(proc.pid, signal.SIGKILL)
        out, _err = proc.communicate(timeout=30)
        restored += out.count("RESTORED")
        conn = sqlite3.connect(data / "desa-layak.sqlite3")
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            numbers = {r[0] for r in conn.execute(
                "SELECT doc_number FROM documents WHERE deleted_at IS NULL")}
        finally:
            conn.close()
        assert numbers in sets.values(), f"a half-restored database: {numbers}"
    return restored


def test_sigkill_during_restore_leaves_the_old_or_the_new_database(tmp_path: Path) -> None:
    assert _restore_campaign(tmp_path, kills=4) > 0


@pytest.mark.slow
def test_sigkill_during_restore_many_times(tmp_path: Path) -> None:
    restored = _restore_campaign(tmp_path, kills=40)
    print(f"\n40 kills during restore, {restored} restores completed between them")
