"""Start-up to a painted main window, the app vs a bare PySide6 window, in the same run.

    .venv/bin/python bench/bench_startup.py [--runs 7]

Prepares a populated village data folder (the demo village) and, when bundles exist, a
kecamatan data folder holding every village of Kecamatan Kandangan; then starts each as a fresh
process with DESA_LAYAK_EXIT_ON_PAINT=1 (the window quits after its first paint) and compares
the median wall time against ``bench/bare_startup.py``. Target (issue 2): ratio <= 2.0.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def median_time(cmd: list[str], env: dict[str, str], runs: int) -> float:
    timed(cmd, env)  # warm the OS file cache once
    return statistics.median(timed(cmd, env) for _ in range(runs))


def prepare(tmp: Path) -> dict[str, Path]:
    app = [PY, "-m", "desa_layak"]
    folders = {"desa (demo)": tmp / "desa"}
    subprocess.run(app + ["--data-dir", str(folders["desa (demo)"]), "demo"], check=True,
                   stdout=subprocess.DEVNULL)
    try:
        import desa_layak.bundles.importer  # noqa: F401
    except ImportError:
        return folders
    bundles = tmp / "bundles"
    kec = tmp / "kecamatan"
    subprocess.run(app + ["demo-bundles", "--area", "63.06.05", "--out", str(bundles),
                          "--attachments", "2", "--seed", "1"], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(app + ["--data-dir", str(kec), "init", "--role", "kecamatan", "--area",
                          "63.06.05"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(app + ["--data-dir", str(kec), "import", *map(str, sorted(
        bundles.glob("*.dkla")))], check=True, stdout=subprocess.DEVNULL)
    folders["kecamatan (18 desa)"] = kec
    return folders


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "DESA_LAYAK_EXIT_ON_PAINT": "1"}
    tmp = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    try:
        folders = prepare(tmp)
        bare = median_time([PY, str(HERE / "bare_startup.py")], env, args.runs)
        print(f"bare PySide6 window: {bare * 1000:.0f} ms (median of {args.runs})")
        worst = 0.0
        for label, folder in folders.items():
            t = median_time([PY, "-m", "desa_layak", "--data-dir", str(folder)], env, args.runs)
            ratio = t / bare
            worst = max(worst, ratio)
            print(f"desa-layak, {label}: {t * 1000:.0f} ms  ratio {ratio:.2f}x")
        print(f"worst ratio {worst:.2f}x (target <= 2.00x): {'OK' if worst <= 2.0 else 'TOO SLOW'}")
        return 0 if worst <= 2.0 else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
