"""Where start-up goes: instructions per phase of the bare window, the table window and the app.

    .venv/bin/python bench/startup_phases.py

Issue 6 asks the frozen app to reach its first paint in at most 1.5x the time of a frozen
bare PySide6 window (bench_package.py measures that). This script says where the difference
lies. It runs the three start-ups of bench_package.py once each from source under valgrind's
callgrind, with marks between their phases (bench/phase_driver.py), and prints the
instructions of each phase. Instructions, not seconds: the same figure on a busy machine.

Needs valgrind and gcc with valgrind's headers (``callgrind.h``): the marks are a 3-line C
helper built here. Runs from source, so the frozen build's own costs (PyInstaller's bootstrap,
its archive) are not in it: bench_package.py --instructions counts those.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from callgrind_marks import build_helper, callgrind, dumps
from startup_timing import demo_village

BENCH = Path(__file__).resolve().parent
PY = sys.executable
KINDS = {"bare": "bare window", "table": "table window", "app": "app, desa (demo)"}


def phases(lib: Path, kind: str, data_dir: Path, out: Path, env: dict[str, str]
           ) -> dict[str, int]:
    """Instructions per phase name (a name marked twice is summed), in order of first mark."""
    out.mkdir()
    cmd = callgrind(out, PY, str(BENCH / "phase_driver.py"), str(lib), kind, str(data_dir))
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, timeout=1200)
    if proc.returncode != 0:
        raise SystemExit(f"{kind} under callgrind failed ({proc.returncode}):\n{proc.stderr}")
    counts: dict[str, int] = {}
    for _, _, name, n in dumps(out):
        if name != "end":
            counts[name] = counts.get(name, 0) + n
    return counts


def main() -> int:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # byte code cached, as on an installed machine
    with tempfile.TemporaryDirectory(prefix="desa-layak-phases-") as tmp_name:
        tmp = Path(tmp_name)
        lib = build_helper(tmp)
        folder = demo_village([PY, "-m", "desa_layak"], tmp, env)
        for kind in KINDS:  # once untimed: byte code written, file cache warm
            subprocess.run([PY, str(BENCH / "phase_driver.py"), str(lib), kind, str(folder)],
                           env=env, check=True, stdout=subprocess.DEVNULL)
        results = {kind: phases(lib, kind, folder, tmp / kind, env) for kind in KINDS}
    names: list[str] = []
    for counts in reversed(results.values()):  # the app's phases in the app's order
        names += [n for n in counts if n not in names]
    bare_total = sum(results["bare"].values())
    print(f"{'phase (millions of instructions)':<34}" + "".join(f"{v:>18}" for v in
                                                                KINDS.values()))
    for name in names:
        print(f"{name:<34}" + "".join(f"{results[k].get(name, 0) / 1e6:>18.1f}"
                                      for k in KINDS))
    print(f"{'total':<34}" + "".join(f"{sum(results[k].values()) / 1e6:>18.1f}" for k in KINDS))
    print(f"{'ratio to the bare window':<34}" + "".join(
        f"{sum(results[k].values()) / bare_total:>17.2f}x" for k in KINDS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
