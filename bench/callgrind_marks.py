"""Marks in a program run under valgrind's callgrind: instructions between named points.

A 3-line C helper, built here with gcc against valgrind's ``callgrind.h``, exports
``mark(name)``; each call makes callgrind write the instructions executed since the previous
mark under that name. Used by startup_phases.py and ab_import.py --instructions.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

HELPER = """#include <valgrind/callgrind.h>
void mark(const char *name) { CALLGRIND_DUMP_STATS_AT(name); }
"""
MARK_LIB_ENV = "DESA_LAYAK_MARK_LIB"  # the helper's path, for a child process that marks


def build_helper(folder: Path) -> Path:
    """The helper library, built in ``folder``; stops with a message without gcc/valgrind."""
    gcc = shutil.which("gcc")
    if gcc is None or shutil.which("valgrind") is None or \
            not Path("/usr/include/valgrind/callgrind.h").is_file():
        raise SystemExit("needs gcc, valgrind and valgrind's headers (apt-get install valgrind)")
    (folder / "mark.c").write_text(HELPER)
    lib = folder / "libmark.so"
    subprocess.run([gcc, "-O1", "-shared", "-fPIC", "-o", str(lib), str(folder / "mark.c")],
                   check=True)
    return lib


def marker(lib: str):  # noqa: ANN201 - a ctypes function: mark(b"name")
    import ctypes

    mark = ctypes.CDLL(lib).mark
    mark.argtypes = [ctypes.c_char_p]
    return mark


def callgrind(out: Path, *cmd: str, threads: bool = False) -> list[str]:
    """The valgrind command that writes its dumps into ``out`` (one file per dump and, with
    ``threads``, per thread)."""
    return ["valgrind", "--tool=callgrind", "--dump-instr=no",
            *(["--separate-threads=yes"] if threads else []),
            f"--callgrind-out-file={out}/cg.%p", *cmd]


def dumps(out: Path) -> list[tuple[int, int, str, int]]:
    """(thread, part, mark name or "end", instructions) of every dump in ``out``, in order."""
    found = []
    for f in out.iterdir():
        text = f.read_text(errors="replace")
        total = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
        if total is None:
            continue
        part = re.search(r"^part: (\d+)", text, re.M)
        thread = re.search(r"^thread: (\d+)", text, re.M)
        name = re.search(r"^desc: Trigger: Client Request: (.*)$", text, re.M)
        found.append((int(thread.group(1)) if thread else 1, int(part.group(1)) if part else 0,
                      name.group(1) if name else "end", int(total.group(1))))
    return sorted(found)
