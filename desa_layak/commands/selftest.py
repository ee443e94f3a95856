"""``desa-layak selftest``: prove this installation works, offscreen, in a temporary folder."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("selftest", help="uji mandiri: jalankan seluruh alur di folder sementara")
    p.add_argument("--keep", metavar="FOLDER", type=Path,
                   help="kerjakan di FOLDER dan simpan hasilnya (bawaan: folder sementara)")
    p.set_defaults(func=cmd_selftest)


def cmd_selftest(args: argparse.Namespace) -> int:
    from desa_layak import __version__
    from desa_layak.selftest import run_selftest, summary

    # Never show a window: offscreen unless the caller chose a platform itself.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    frozen = " (paket)" if getattr(sys, "frozen", False) else ""
    print(f"Uji mandiri Desa Layak {__version__}{frozen}", flush=True)

    def emit(line: str) -> None:
        print(line, flush=True)

    if args.keep:
        results = run_selftest(args.keep, emit=emit)
    else:
        results = run_selftest(emit=emit)
    print(summary(results), flush=True)
    return 0 if all(r.ok for r in results) else 1
