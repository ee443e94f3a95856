"""Start-up to a painted main window: wall time AND processor time, app vs bare PySide6.

    .venv/bin/python bench/bench_startup_cpu.py [--runs 9] [--data-dir D]

Companion of bench/bench_startup.py for a busy machine: wall time there swings with other
processes, while the processor time a start-up spends (user + system, from getrusage of the
child) stays steady. Both are printed with their ratio to ``bench/bare_startup.py``.
Byte-code caching is switched on for the children (as on an installed machine), since a
development shell may set PYTHONDONTWRITEBYTECODE.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    run_once(cmd, env)  # warm caches (files, byte code, remembered tab titles)
    results = [run_once(cmd, env) for _ in range(runs)]
    return (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--data-dir", help="a populated data folder (default: a fresh demo)")
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "DESA_LAYAK_EXIT_ON_PAINT": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    tmp = Path(tempfile.mkdtemp(prefix="bench-startup-cpu-"))
    try:
        folder = Path(args.data_dir) if args.data_dir else tmp / "demo"
        if not args.data_dir:
            subprocess.run([PY, "-m", "desa_layak", "--data-dir", str(folder), "demo"],
                           check=True, stdout=subprocess.DEVNULL, env=env)
        bare_wall, bare_cpu = measure([PY, str(HERE / "bare_startup.py")], env, args.runs)
        app_wall, app_cpu = measure([PY, "-m", "desa_layak", "--data-dir", str(folder)], env,
                                    args.runs)
        print(f"bare PySide6 window: wall {bare_wall * 1000:.0f} ms, cpu {bare_cpu * 1000:.0f} ms")
        print(f"desa-layak ({folder.name}): wall {app_wall * 1000:.0f} ms, "
              f"cpu {app_cpu * 1000:.0f} ms")
        print(f"ratio: wall {app_wall / bare_wall:.2f}x, cpu {app_cpu / bare_cpu:.2f}x "
              f"(target <= 2.00x; medians of {args.runs})")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
