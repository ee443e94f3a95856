"""Where the frozen start-up goes: the app and the bare window, stopped at successive stages.

    .venv/bin/python bench/frozen_stages.py [--runs 7] [--instructions] [--no-build]

Builds both as bench/bench_package.py does (same spec, same PyInstaller options), plus one
runtime hook, bench/stage_hook.py, into bench/out/stages/. With DESA_LAYAK_STAGE set, the hook
ends the process right after PyInstaller's bootstrap (``boot``) or when a given module is first
imported. Each stage is run as a fresh process, offscreen, opening the demo village made by the
frozen app; the table shows the median processor time (user + system) of --runs runs up to
each stage and what the step since the previous stage adds; --instructions adds the
instructions of one run under valgrind's callgrind (steady on a busy machine).

The stages are marked by the first import of a module that the start-up path reaches in that
order today; if the code changes so a marker is imported earlier or never, that row says so.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_package as bp  # noqa: E402 - the bench next to this file
from stage_hook import STAGE_EXIT  # noqa: E402 - inert while DESA_LAYAK_STAGE is unset
from startup_timing import instructions  # noqa: E402

HOOK = bp.ROOT / "bench" / "stage_hook.py"

# (stage marker, what has happened by then). ``paint``: the whole run, to the first paint.
APP_STAGES = [
    ("boot", "bootloader, interpreter, PyInstaller bootstrap"),
    ("desa_layak", "runtime hooks: inspect, PySide6 + QtCore"),
    ("desa_layak.core", "cli imported, command line read"),
    ("desa_layak.ui", "core imported (checklist, setup, storage)"),
    ("desa_layak.paths", "ui/app.py imported: QtGui, QtWidgets, the Qt namespace"),
    ("desa_layak.ui.i18n", "QApplication"),
    ("desa_layak.ui.context", "translators, window icon, store opened, identity read"),
    ("desa_layak.ui.pages", "main_window module imported, MainWindow() begun"),
    ("paint", "first page built, window shown and painted"),
]
BARE_STAGES = [
    ("boot", "bootloader, interpreter, PyInstaller bootstrap"),
    ("PySide6.QtWidgets", "runtime hooks: inspect, PySide6 + QtCore"),
    ("paint", "QtWidgets, QApplication, QMainWindow, first paint"),
]


def build(out: Path) -> tuple[Path, Path]:
    dist, work = out / "dist", out / "work"
    os.environ["DESA_LAYAK_BENCH_RUNTIME_HOOK"] = str(HOOK)
    try:
        bp.build.run_pyinstaller(bp.build.SPEC, dist, work, "--clean")
    finally:
        del os.environ["DESA_LAYAK_BENCH_RUNTIME_HOOK"]
    bp.build.run_pyinstaller(bp.ROOT / "bench" / "bare_window.py", dist, work, "--clean",
                             "--onedir", "--noupx", "--runtime-hook", str(HOOK),
                             "--name", "bare-window", "--specpath", str(out))
    return dist / bp.build.NAME, dist / "bare-window"


def _run(cmd: list[str], stage: str) -> tuple[int, float]:
    env = bp._env()
    if stage != "paint":
        env["DESA_LAYAK_STAGE"] = stage
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime


def measure(cmd: list[str], stages: list[tuple[str, str]], runs: int,
            count_instructions: bool) -> list[tuple[str, str, float | None, int | None]]:
    """Per stage: marker, description, median processor time (None if the stage was not
    reached as a stage), instructions (or None). Stages alternate run by run, so a change in
    the machine's load spreads over all of them."""
    want = {stage: 0 if stage == "paint" else STAGE_EXIT for stage, _ in stages}
    samples: dict[str, list[tuple[int, float]]] = {stage: [] for stage, _ in stages}
    for stage, _ in stages:
        _run(cmd, stage)  # warm-up
    for _ in range(runs):
        for stage, _ in stages:
            samples[stage].append(_run(cmd, stage))
    rows = []
    for stage, what in stages:
        reached = all(code == want[stage] for code, _ in samples[stage])
        cpu = statistics.median(c for _, c in samples[stage]) if reached else None
        count = None
        if count_instructions and reached:
            env = bp._env()
            if stage != "paint":
                env["DESA_LAYAK_STAGE"] = stage
            count = instructions(cmd, env, ok_codes=(want[stage],))
        rows.append((stage, what, cpu, count))
    return rows


def show(title: str, rows: list[tuple[str, str, float | None, int | None]]) -> None:
    print(title)
    prev_cpu, prev_n = 0.0, 0
    for stage, what, cpu, n in rows:
        if cpu is None:
            print(f"  {stage:24s} not reached as a stage (marker imported earlier or never)")
            continue
        line = (f"  {stage:24s} cpu {cpu * 1000:6.1f} ms (+{(cpu - prev_cpu) * 1000:5.1f})")
        if n is not None:
            line += f"  instr {n / 1e6:7.1f} M (+{(n - prev_n) / 1e6:6.1f})"
            if n < prev_n:
                what += "  [OUT OF ORDER: the start-up path changed, update APP_STAGES]"
            prev_n = n
        print(f"{line}  {what}")
        prev_cpu = cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path, default=bp.ROOT / "bench" / "out" / "stages")
    parser.add_argument("--no-build", action="store_true",
                        help="reuse the folders built by an earlier run in --out")
    parser.add_argument("--instructions", action="store_true",
                        help="also count the instructions of one run per stage (valgrind)")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    if args.no_build:
        app_dir, bare_dir = out / "dist" / bp.build.NAME, out / "dist" / "bare-window"
    else:
        app_dir, bare_dir = build(out)
    desa = out / "data" / "desa"
    shutil.rmtree(desa, ignore_errors=True)
    subprocess.run([str(bp.build.executable(app_dir)), "--data-dir", str(desa), "demo"],
                   check=True, env=bp._env(), stdout=subprocess.DEVNULL)
    print(f"load average {os.getloadavg()[0]:.1f}; medians of {args.runs} runs per stage")
    bare = measure([str(bp.build.executable(bare_dir, "bare-window"))], BARE_STAGES, args.runs,
                   args.instructions)
    app = measure([str(bp.build.executable(app_dir)), "--data-dir", str(desa)], APP_STAGES,
                  args.runs, args.instructions)
    show("bare window", bare)
    show("app, desa (demo)", app)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
