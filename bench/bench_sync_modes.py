"""What ``PRAGMA synchronous=FULL`` costs for a real save, against NORMAL (the baseline).

Each save is ``checklist.save_document`` (one transaction: the document and its year). In WAL
mode FULL syncs the WAL on every commit, NORMAL only at checkpoints (so a power cut may undo the
last commits, though never corrupt the file). Also times one attachment import (scan file
written atomically + fsync, then the record).

    .venv/bin/python bench/bench_sync_modes.py [--saves 300] [--dir /path/on/the/real/disk]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from desa_layak.core import checklist, setup
from desa_layak.core.checklist import Document
from desa_layak.core.sample_files import make_pdf

VILLAGE = "63.06.05.2005"


def run(folder: Path, mode: str, saves: int) -> tuple[float, float]:
    store = setup.open_store(folder / mode)
    setup.initialise(store, "desa", VILLAGE)
    store.db.execute(f"PRAGMA synchronous={mode}")
    times = []
    for i in range(saves):
        t0 = time.perf_counter()
        checklist.save_document(store, Document(
            id=None, village_code=VILLAGE, item_code="B", year=2024, doc_number=f"{i}/2024",
            title="SK Tim Desa Layak Anak"))
        times.append(time.perf_counter() - t0)
    doc = checklist.documents(store, VILLAGE)[0]
    att_times = []
    for i in range(20):
        scan = folder / f"scan-{mode}-{i}.pdf"
        scan.write_bytes(make_pdf([f"scan {i}"], padding=200_000, seed=i))
        t0 = time.perf_counter()
        checklist.add_attachment(store, VILLAGE, "document", doc.id, scan)
        att_times.append(time.perf_counter() - t0)
    store.close()
    return statistics.median(times) * 1000, statistics.median(att_times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        normal = run(Path(tmp), "NORMAL", args.saves)
        full = run(Path(tmp), "FULL", args.saves)
    print(f"save_document median: FULL {full[0]:.2f} ms, NORMAL {normal[0]:.2f} ms, "
          f"ratio {full[0] / normal[0]:.2f}")
    print(f"add_attachment (200 KB scan) median: FULL {full[1]:.2f} ms, NORMAL {normal[1]:.2f} ms,"
          f" ratio {full[1] / normal[1]:.2f}")


if __name__ == "__main__":
    main()
