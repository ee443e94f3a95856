"""Benchmark: the bundle importer of an earlier commit against the working tree, same run.

    .venv/bin/python bench/ab_import.py --rev 2b547dc [--rounds 6]

On a shared machine one run of ``bench_import.py`` can read 3.3x and the next 4.2x for the
same code; to see whether a change to the importer helps, both importers must take turns in
one run. Each round: the plain copy of ``bench_import.py`` (its baseline), then one import of
the 148 bundles of Kabupaten Hulu Sungai Selatan with each importer (the order turns every
round), each in a fresh process and a fresh kabupaten data folder. The earlier commit's
``desa_layak`` package and resources come from ``git archive``; the timing is taken inside
the process around ``importer.import_many`` only, as in ``bench_import.py``.

Prints each side's median time and ratio to the plain copy, and new / old.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def one_import(bundles: Path, data_dir: Path) -> None:
    """In the child process: import every bundle into a fresh kabupaten folder."""
    from bench_import import import_all  # its desa_layak too is the tree on PYTHONPATH

    import desa_layak

    elapsed, cpu, results = import_all(sorted(bundles.glob("*.dkla")), data_dir)
    refused = sum(1 for r in results if not r.ok)
    print(json.dumps({"wall": elapsed, "cpu": cpu, "refused": refused,
                      "package": str(Path(desa_layak.__file__).parent)}))


def extract(rev: str, dest: Path) -> None:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev,
                              "desa_layak", "resources"], check=True, capture_output=True).stdout
    dest.mkdir(parents=True)
    archive_path = dest / "rev.tar"
    archive_path.write_bytes(archive)
    with tarfile.open(archive_path) as tar:
        tar.extractall(dest, filter="data")
    archive_path.unlink()


def run_side(tree: Path, bundles: Path, data_dir: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree))
    out = subprocess.run([sys.executable, __file__, "--one", str(bundles), str(data_dir)],
                         check=True, capture_output=True, text=True, env=env, cwd=tree).stdout
    result = json.loads(out.strip().splitlines()[-1])
    if Path(result["package"]).parent != tree:
        raise SystemExit(f"the child imported {result['package']}, not the tree in {tree}")
    if result["refused"]:
        raise SystemExit(f"{result['refused']} bundles refused by the importer in {tree}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", help="the earlier commit (anything git understands)")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--bundles", type=Path,
                        default=Path(tempfile.gettempdir()) / "desa-layak-bench-63.06")
    parser.add_argument("--one", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one_import(*args.one)
        return 0
    if not args.rev:
        parser.error("--rev is needed")

    sys.path.insert(0, str(ROOT / "bench"))
    from bench_import import baseline, ensure_bundles

    paths = ensure_bundles(args.bundles, 5)
    work = Path(tempfile.mkdtemp(prefix="dkla-ab-"))
    try:
        trees = {"lama": work / "old", "baru": ROOT}
        extract(args.rev, trees["lama"])
        baseline(paths, work / "warm", fsync=False)
        shutil.rmtree(work / "warm")
        rows: dict[str, list[tuple[float, float, float]]] = {side: [] for side in trees}
        for i in range(args.rounds):
            base = baseline(paths, work / "copy", fsync=False)
            shutil.rmtree(work / "copy")
            line = [f"putaran {i + 1}: baseline {base:.2f} s"]
            for side in (["lama", "baru"] if i % 2 == 0 else ["baru", "lama"]):
                os.sync()  # untimed: earlier writes must not land in this import's time
                result = run_side(trees[side], args.bundles, work / f"kab-{side}")
                shutil.rmtree(work / f"kab-{side}")
                rows[side].append((result["wall"], result["cpu"], result["wall"] / base))
                line.append(f"{side} {result['wall']:.2f} s (CPU {result['cpu']:.2f} s)")
            print(", ".join(line), flush=True)
        for side in trees:
            wall = statistics.median(r[0] for r in rows[side])
            cpu = statistics.median(r[1] for r in rows[side])
            ratio = statistics.median(r[2] for r in rows[side])
            label = f"{side} ({args.rev})" if side == "lama" else f"{side} (pohon kerja)"
            print(f"{label:<22}: impor median {wall:.2f} s, CPU {cpu:.2f} s, "
                  f"rasio terhadap salin utuh {ratio:.2f}x")
        pairs = [new[0] / old[0] for new, old in zip(rows["baru"], rows["lama"], strict=True)]
        print(f"baru / lama per putaran (median)  : {statistics.median(pairs):.2f}")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
