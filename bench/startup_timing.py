"""Start-up timing shared by bench_startup.py (the app from source) and bench_package.py (the
frozen app): populated data folders made with the app's own command line, fresh processes
timed to their end (they quit after their first paint), and callgrind instruction counts.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

RUN_TIMEOUT_S = 120


def _quiet(cmd: list[str], env: dict[str, str], timeout: float | None) -> None:
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, timeout=timeout)


def demo_village(app: list[str], tmp: Path, env: dict[str, str],
                 timeout: float | None = None) -> Path:
    """The demo village, made by ``app`` in ``tmp/desa``."""
    folder = tmp / "desa"
    _quiet([*app, "--data-dir", str(folder), "demo"], env, timeout)
    return folder


def imported_area(app: list[str], tmp: Path, area: str, env: dict[str, str],
                  timeout: float | None = None) -> Path:
    """A kecamatan data folder for ``area`` holding the imported demo bundles of all its
    villages, made by ``app``."""
    bundles, folder = tmp / f"bundles-{area}", tmp / f"kec-{area}"
    _quiet([*app, "demo-bundles", "--area", area, "--out", str(bundles), "--attachments", "2",
            "--seed", "1"], env, timeout)
    _quiet([*app, "--data-dir", str(folder), "init", "--role", "kecamatan", "--area", area],
           env, timeout)
    _quiet([*app, "--data-dir", str(folder), "import", *map(str, sorted(
        bundles.glob("*.dkla")))], env, timeout)
    return folder


def timed(cmd: list[str], env: dict[str, str], timeout: float | None = None,
          stderr: int | None = None) -> tuple[float, float]:
    """Wall time and processor time (user + system, from the child's rusage) of one run,
    which must end by itself with exit code 0. Without ``timeout`` the end is waited for;
    with it the child is polled every 2 ms and given up after ``timeout`` seconds."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    while True:
        pid, status, usage = os.wait4(proc.pid, 0 if timeout is None else os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > started + timeout:
            proc.kill()
            raise SystemExit(f"{cmd[0]} did not quit after its first paint within "
                             f"{timeout} s (DESA_LAYAK_EXIT_ON_PAINT not honoured?)")
        time.sleep(0.002)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def start_medians(cmds: dict[str, list[str]], runs: int, env: dict[str, str],
                  timeout: float | None = None, stderr: int | None = None
                  ) -> dict[str, tuple[float, float]]:
    """Median wall and processor time per command (``timed``). After one warm-up run each
    (file cache, byte code) the commands take turns run by run, so a machine that speeds up
    or slows down (a shared virtual machine does) affects all alike."""
    for cmd in cmds.values():
        timed(cmd, env, timeout, stderr)
    samples: dict[str, list[tuple[float, float]]] = {label: [] for label in cmds}
    for _ in range(runs):
        for label, cmd in cmds.items():
            samples[label].append(timed(cmd, env, timeout, stderr))
    return {label: (statistics.median(w for w, _ in s), statistics.median(c for _, c in s))
            for label, s in samples.items()}


def instructions(cmd: list[str], env: dict[str, str],
                 ok_codes: tuple[int, ...] = (0,)) -> int | None:
    """Instructions one run executes under valgrind's callgrind, or None without valgrind.

    Counts the process and what it executes (PyInstaller's bootloader re-executes itself on
    Linux). About 50 times slower than a plain run."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run([valgrind, "--tool=callgrind", "--trace-children=yes",
                               f"--callgrind-out-file={tmp}/callgrind.%p", *cmd],
                              env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, timeout=RUN_TIMEOUT_S * 10)
    if proc.returncode not in ok_codes:
        raise SystemExit(f"{' '.join(cmd)} under callgrind failed with exit code "
                         f"{proc.returncode}")
    return sum(int(n) for n in re.findall(r"Collected : (\d+)", proc.stderr))


def print_instructions(cmds: dict[str, list[str]], env: dict[str, str], line: str) -> None:
    """The instructions of one run of each command; the first is the bare window the others
    are compared with. ``line`` is the format of the others' lines, from ``label``, ``m``
    (millions of instructions) and ``ratio`` (to the bare window)."""
    (bare_label, bare), *others = {label: instructions(cmd, env)
                                   for label, cmd in cmds.items()}.items()
    if bare is None:
        print("instructions: valgrind not found, skipped")
        return
    print(f"instructions {bare_label}: {bare / 1e6:.0f} M (one run under callgrind)")
    for label, n in others:
        print(line.format(label=label, m=n / 1e6, ratio=n / bare))
