"""The frozen app vs a frozen bare PySide6 window: download size and start-up, in one run.

    .venv/bin/python bench/bench_package.py [--runs 7] [--out bench/out/package] [--no-build]
                                            [--instructions]

Builds both with the same PyInstaller in this run (the app from packaging/desa-layak.spec, the
baseline ``bench/bare_window.py`` with PyInstaller's defaults: ``--onedir --noupx``), then
- size: each onedir folder packed as tar.gz (what travels over a weak connection);
- start: wall time from process start to a painted main window, offscreen, median of --runs
  fresh processes each (app and baseline alternate; one warm-up run each first); the
  processor time (user + system) of the same runs is printed too, as the steadier figure on a
  shared machine. Both quit
  after their first paint (DESA_LAYAK_EXIT_ON_PAINT=1). The app opens a populated data folder
  made by the frozen app itself: the demo village, and a kecamatan holding 18 imported bundles.
- with --instructions, also the instructions one run of each executes under valgrind's
  callgrind: a figure that does not move with the load of a shared machine (only printed; the
  target is on wall time).
A third build, ``bench/table_window.py`` (a menu, a label and a 13-row table from a Python
model, nothing of the app), is timed beside them as a reference, not a target: the floor under
any window that shows data, which the bare window never pays (it draws no text and never
touches the ``Qt`` namespace).
Targets (issue 6): size ratio <= 1.4, start ratio <= 1.5. Exit code 0 when both hold.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import sys
import time
from pathlib import Path

from startup_timing import (
    RUN_TIMEOUT_S,
    demo_village,
    imported_area,
    print_instructions,
    start_medians,
)

ROOT = Path(__file__).resolve().parent.parent
SIZE_TARGET = 1.4
START_TARGET = 1.5
FLOOR = "table window (reference, not the target)"


def _build_module():  # noqa: ANN202 - packaging/build.py, loaded by path
    spec = importlib.util.spec_from_file_location("desa_layak_build", ROOT / "packaging" /
                                                  "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _build_module()


REFERENCES = {"bare-window": "bare_window.py", "table-window": "table_window.py"}


def build_all(out: Path) -> tuple[Path, Path, Path]:
    """The app, the bare window (the target's baseline) and the table window (a reference:
    the floor under any window that shows a table and text), with the same PyInstaller."""
    dist, work = out / "dist", out / "work"
    started = time.perf_counter()
    build.run_pyinstaller(build.SPEC, dist, work, "--clean")
    print(f"built the app in {time.perf_counter() - started:.0f} s")
    for name, script in REFERENCES.items():
        started = time.perf_counter()
        build.run_pyinstaller(ROOT / "bench" / script, dist, work, "--clean", "--onedir",
                              "--noupx", "--name", name, "--specpath", str(out))
        print(f"built {name} in {time.perf_counter() - started:.0f} s")
    return dist / build.NAME, dist / "bare-window", dist / "table-window"


def _env() -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DESA_LAYAK_EXIT_ON_PAINT": "1"}
    env.pop("DESA_LAYAK_HOME", None)
    return env


def prepare_data(app_exe: Path, tmp: Path) -> dict[str, Path]:
    """Data folders made with the frozen app's own CLI."""
    app, env = [str(app_exe)], _env()
    return {"desa (demo)": demo_village(app, tmp, env, RUN_TIMEOUT_S),
            "kecamatan (18 desa)": imported_area(app, tmp, "63.06.05", env, RUN_TIMEOUT_S)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "package")
    parser.add_argument("--no-build", action="store_true",
                        help="reuse the folders built by an earlier run in --out")
    parser.add_argument("--size-only", action="store_true", help="skip the start-up timing")
    parser.add_argument("--instructions", action="store_true",
                        help="also count the instructions of one run each (valgrind)")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    if args.no_build:
        app_dir, bare_dir, table_dir = (out / "dist" / name
                                        for name in (build.NAME, *REFERENCES))
    else:
        app_dir, bare_dir, table_dir = build_all(out)
    print(f"PyInstaller {_pyinstaller_version()}, Python {sys.version.split()[0]}, "
          f"{sys.platform}")

    app_gz, bare_gz = build.compressed_size(app_dir), build.compressed_size(bare_dir)
    size_ratio = app_gz / bare_gz
    print(f"size  app:  {build.mb(build.folder_size(app_dir))} on disk, "
          f"{build.mb(app_gz)} tar.gz")
    print(f"size  bare: {build.mb(build.folder_size(bare_dir))} on disk, "
          f"{build.mb(bare_gz)} tar.gz")
    print(f"size ratio (tar.gz) {size_ratio:.2f}x (target <= {SIZE_TARGET}x)")
    if args.size_only:
        return 0 if size_ratio <= SIZE_TARGET else 1

    tmp = out / "data"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    folders = prepare_data(build.executable(app_dir), tmp)
    cmds = {"bare window": [str(build.executable(bare_dir, "bare-window"))],
            FLOOR: [str(build.executable(table_dir, "table-window"))]}
    for label, folder in folders.items():
        cmds[f"app, {label}"] = [str(build.executable(app_dir)), "--data-dir", str(folder)]
    medians = start_medians(cmds, args.runs, _env(), RUN_TIMEOUT_S)
    bare_wall, bare_cpu = medians.pop("bare window")
    print(f"start bare window: wall {bare_wall * 1000:.0f} ms, cpu {bare_cpu * 1000:.0f} ms "
          f"(medians of {args.runs})")
    worst = 0.0
    for label, (wall, cpu) in medians.items():
        if label != FLOOR:
            worst = max(worst, wall / bare_wall)
        print(f"start {label}: wall {wall * 1000:.0f} ms, cpu {cpu * 1000:.0f} ms; "
              f"ratio wall {wall / bare_wall:.2f}x, cpu {cpu / bare_cpu:.2f}x")
    print(f"start ratio (worst app, wall) {worst:.2f}x (target <= {START_TARGET}x)")
    if args.instructions:
        print_instructions(cmds, _env(), "instructions {label}: {m:.0f} M; ratio {ratio:.2f}x")
    ok = size_ratio <= SIZE_TARGET and worst <= START_TARGET
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


def _pyinstaller_version() -> str:
    from importlib.metadata import version

    return version("pyinstaller")


if __name__ == "__main__":
    raise SystemExit(main())
