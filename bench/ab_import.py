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

from callgrind_marks import MARK_LIB_ENV, build_helper, callgrind, dumps

ROOT = Path(__file__).resolve().parent.parent


def one_import(bundles: Path, data_dir: Path) -> None:
    """In the child process: import every bundle into a fresh kabupaten folder."""
    from bench_import import import_all  # its desa_layak too is the tree on PYTHONPATH

    import desa_layak

    lib = os.environ.get(MARK_LIB_ENV)
    around = None
    if lib:  # under callgrind (--instructions): mark the import's start and end
        from callgrind_marks import marker

        mark = marker(lib)
        around = (lambda: mark(b"set-up"), lambda: mark(b"import"))
    elapsed, cpu, results = import_all(sorted(bundles.glob("*.dkla")), data_dir, around)
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


def instructions(tree: Path, bundles: Path, work: Path, lib: Path) -> dict[str, int]:
    """Instructions of one import of every bundle under callgrind, by thread: the reading
    thread (from after the set-up to the end of ``import_many``), the writing thread (the
    first thread the import starts) and the stage threads (the others). Unlike times, these
    do not move with the load of a shared machine: small changes to the importer show."""
    out = work / f"cg-{tree.name}"
    out.mkdir()
    env = dict(os.environ, PYTHONPATH=str(tree), **{MARK_LIB_ENV: str(lib)})
    subprocess.run(callgrind(out, sys.executable, __file__, "--one", str(bundles),
                             str(work / f"kab-cg-{tree.name}"), threads=True),
                   check=True, capture_output=True, env=env, cwd=tree)
    counts = {"baca (utas utama)": 0, "tulis (utas penulis)": 0, "salin (utas stage)": 0}
    for thread, _, name, n in dumps(out):
        if thread == 1:
            counts["baca (utas utama)"] += n if name == "import" else 0
        elif thread == 2:
            counts["tulis (utas penulis)"] += n
        else:
            counts["salin (utas stage)"] += n
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", help="the earlier commit (anything git understands)")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--bundles", type=Path,
                        default=Path(tempfile.gettempdir()) / "desa-layak-bench-63.06")
    parser.add_argument("--instructions", action="store_true",
                        help="also count each side's instructions once under callgrind")
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
        if args.instructions:
            lib = build_helper(work)
            counts = {side: instructions(tree, args.bundles, work, lib)
                      for side, tree in trees.items()}
            print("instruksi (callgrind, sekali per sisi):")
            for key in counts["lama"]:
                old_n, new_n = counts["lama"][key], counts["baru"][key]
                print(f"  {key:<22}: lama {old_n / 1e6:8.1f} M, baru {new_n / 1e6:8.1f} M "
                      f"({new_n / old_n:.3f})")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
