"""A batch import (bundles written in groups) killed with SIGKILL at random moments.

After every kill: the database is whole; each village is wholly in (its rows are exactly the
bundle's) or wholly out; every live attachment row's file is in the store with the right bytes;
and importing the same files again completes. Default suite: 3 kills; slow run: 25::

    .venv/bin/pytest tests/test_bundle_import_crash.py -m slow -q
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from desa_layak.bundles import importer
from desa_layak.bundles.demo_bundles import make_demo_bundles
from desa_layak.core import setup
from desa_layak.storage.attachments import BlobStore

KECAMATAN = "63.06.05"
CHILD = """
import sys
from pathlib import Path
from desa_layak.bundles import importer
from desa_layak.core import setup
store = setup.open_store(Path(sys.argv[1]))
print("READY", flush=True)
results = importer.import_many(store, [Path(p) for p in sys.argv[2:]])
print("DONE", sum(r.status == importer.IMPORTED for r in results), flush=True)
"""

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("kandangan")
    return [r.path for r in make_demo_bundles(KECAMATAN, out, attachments=2, seed=5, limit=10)]


def _counts(path: Path) -> tuple[str, dict[str, int]]:
    """The village code and the number of rows per table in a bundle."""
    with zipfile.ZipFile(path) as zf:
        code = json.loads(zf.read("manifest.json"))["village"]["code"]
        counts = {n[len("records/"):-len(".jsonl")]: sum(1 for line in zf.read(n).splitlines()
                                                         if line.strip())
                  for n in zf.namelist() if n.startswith("records/")}
    return code, counts


def _kill_during_import(kec_dir: Path, bundles: list[Path], delay: float) -> bool:
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(kec_dir), *map(str, bundles)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    if first.strip() != "READY":
        proc.kill()
        raise AssertionError(f"child did not start: {first!r} {proc.stderr.read()}")
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    out, _ = proc.communicate(timeout=60)
    return "DONE" in out


def _check(kec_dir: Path, bundles: list[Path], *, complete: bool) -> int:
    conn = sqlite3.connect(kec_dir / "desa-layak.sqlite3")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        held = {code for (code,) in conn.execute("SELECT village_code FROM village_sources")}
        for path in bundles:
            code, counts = _counts(path)
            for table, n in counts.items():
                key = "code" if table == "villages" else "village_code"
                have = conn.execute(f'SELECT count(*) FROM "{table}" WHERE "{key}" = ?',
                                    [code]).fetchone()[0]
                if table == "villages":
                    assert have == 1
                elif code in held:
                    assert have == n, f"{code} {table}: {have} rows, the bundle has {n}"
                else:
                    assert have == 0, f"{code} {table}: {have} rows without its bundle"
        blobs = BlobStore(kec_dir / "attachments")
        for (sha,) in conn.execute("SELECT sha256 FROM attachments WHERE deleted_at IS NULL"):
            assert blobs.verify(sha), f"attachment {sha[:12]} missing or damaged"
    finally:
        conn.close()
    if complete:
        assert held == {_counts(p)[0] for p in bundles}
    return len(held)


def _run(tmp_path: Path, bundles: list[Path], kills: int) -> None:
    rng = random.Random(int(os.environ.get("CRASH_SEED", "20261123")))
    partial = 0
    for n in range(kills):
        kec_dir = tmp_path / f"kec{n}"
        store = setup.open_store(kec_dir)
        setup.initialise(store, "kecamatan", KECAMATAN)
        store.close()
        done = _kill_during_import(kec_dir, bundles, rng.uniform(0.0, 0.1))
        held = _check(kec_dir, bundles, complete=done)
        partial += 0 < held < len(bundles)
        store = setup.open_store(kec_dir)  # importing again after the crash completes
        try:
            results = importer.import_many(store, bundles)
            assert all(r.ok for r in results), [r.message for r in results if not r.ok]
        finally:
            store.close()
        _check(kec_dir, bundles, complete=True)
    print(f"\n{kills} kills during batch imports, {partial} of them mid-batch")


def test_batch_import_killed_at_random_moments(tmp_path, bundles):
    _run(tmp_path, bundles, kills=3)


@pytest.mark.slow
def test_batch_import_killed_at_random_moments_many_times(tmp_path, bundles):
    _run(tmp_path, bundles, kills=25)
