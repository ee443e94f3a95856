"""Build the Desa Layak folder with PyInstaller and print its size.

    .venv/bin/python packaging/build.py            # -> dist/desa-layak/
    .venv/bin/python packaging/build.py --check    # ... then run its --version and selftest

Needs the ``build`` extra (``pip install -e .[build]``). Works the same on Windows
(``.venv\\Scripts\\python packaging\\build.py``); the Inno Setup installer is built from the
resulting folder by ``packaging/windows/desa-layak.iss``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "desa-layak.spec"
NAME = "desa-layak"


def run_pyinstaller(spec_or_script: Path, dist: Path, work: Path, *extra: str) -> None:
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work), *extra, str(spec_or_script)]
    subprocess.run(cmd, check=True, cwd=ROOT)


def build(dist: Path | None = None, work: Path | None = None) -> Path:
    """Build the onedir folder; returns ``dist/desa-layak``."""
    dist = dist or ROOT / "dist"
    work = work or ROOT / "build" / "pyinstaller"
    run_pyinstaller(SPEC, dist, work)
    return dist / NAME


def executable(folder: Path, name: str = NAME) -> Path:
    return folder / (f"{name}.exe" if os.name == "nt" else name)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def compressed_size(folder: Path) -> int:
    """Size of the folder as a tar.gz (gzip level 6, like ``tar czf``), the way it would
    travel."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "x.tar.gz"
        with tarfile.open(target, "w:gz", compresslevel=6) as tar:
            tar.add(folder, arcname=folder.name)
        return target.stat().st_size


def mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


_BUNDLED_KINDS = ("Qt6", "pyside6", "shiboken6", "libpython", "libicu")


def missing_libraries(folder: Path) -> list[str]:
    """Linux only: shared libraries inside the folder whose Qt/Python deps are not resolvable
    from the folder itself (catches a trim rule that dropped something still needed)."""
    if not sys.platform.startswith("linux"):
        return []
    internal = folder / "_internal"
    env = dict(os.environ, LD_LIBRARY_PATH=f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}")
    problems: list[str] = []
    for lib in sorted(internal.rglob("*.so*")):
        out = subprocess.run(["ldd", str(lib)], capture_output=True, text=True, env=env).stdout
        for line in out.splitlines():
            if "not found" in line and any(k in line for k in _BUNDLED_KINDS):
                problems.append(f"{lib.relative_to(folder)}: {line.strip()}")
    return problems


def check(folder: Path) -> None:
    """Run the frozen app's --version and selftest (offscreen); raise if either fails."""
    exe = executable(folder)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("DESA_LAYAK_HOME", None)
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env,
                         check=True).stdout.strip()
    print(out)
    started = time.perf_counter()
    proc = subprocess.run([str(exe), "selftest"], text=True, env=env, capture_output=True)
    print(proc.stdout, end="")
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        raise SystemExit(f"selftest of the frozen build failed (exit {proc.returncode})")
    print(f"selftest of the frozen build passed in {time.perf_counter() - started:.1f} s")
    check_portable(folder, env)


def check_portable(folder: Path, env: dict[str, str]) -> None:
    """With a ``portable`` file beside the exe, data goes to ``data/`` beside it."""
    marker, data = folder / "portable", folder / "data"
    if marker.exists() or data.exists():
        print("portable check skipped: the folder already has portable/ or data/")
        return
    try:
        marker.write_bytes(b"")
        subprocess.run([str(executable(folder)), "init", "--role", "desa", "--area",
                        "63.06.05.2005"], env=env, check=True, capture_output=True,
                       cwd=tempfile.gettempdir())
        if not (data / "desa-layak.sqlite3").is_file():
            raise SystemExit("portable mode: no data/ folder beside the executable")
        print("portable mode: data/ made beside the executable")
    finally:
        marker.unlink(missing_ok=True)
        shutil.rmtree(data, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, help="PyInstaller work folder (default: build/)")
    parser.add_argument("--check", action="store_true",
                        help="after building, run the frozen --version and selftest")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    folder = build(args.dist, args.work)
    print(f"Built {folder} in {time.perf_counter() - started:.0f} s")
    print(f"Size: {mb(folder_size(folder))} on disk, {mb(compressed_size(folder))} as tar.gz")
    problems = missing_libraries(folder)
    if problems:
        print("Libraries with unresolved dependencies:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    if args.check:
        check(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
