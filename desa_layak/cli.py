"""The ``desa-layak`` command: launches the GUI, or runs a subcommand without it.

Global options come before the subcommand: ``desa-layak --data-dir D init --role desa ...``.
Each group of subcommands lives in ``desa_layak/commands/<name>.py`` with a ``register()``.
Exit codes: 0 done, 1 refused or failed (message on stderr), 2 wrong usage or unknown area.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from desa_layak import __version__
from desa_layak.errors import AreaError, DesaLayakError

COMMAND_MODULES = (
    "desa_layak.commands.checklist",
    "desa_layak.commands.maintenance",
    "desa_layak.commands.figures",
    "desa_layak.commands.selftest",
    "desa_layak.commands.reports",
    "desa_layak.commands.bundles",
)


class UsageError(DesaLayakError):
    """Wrong usage: exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="desa-layak",
        description="Desa Layak: kelengkapan Desa/Kelurahan Layak Anak dan DRPPA, luring.",
    )
    parser.add_argument("--version", action="version", version=f"desa-layak {__version__}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="folder data (bawaan: $DESA_LAYAK_HOME atau folder data pengguna)")
    parser.add_argument("--demo", action="store_true",
                        help="buka aplikasi dengan desa contoh di folder data tersendiri")
    parser.add_argument("--screenshot", metavar="FILE.png",
                        help="gambar jendela utama ke PNG tanpa layar, lalu keluar")
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def data_dir_from(args: argparse.Namespace) -> Path:
    from desa_layak.paths import resolve_data_dir

    return resolve_data_dir(args.data_dir)


def _launch_gui(args: argparse.Namespace) -> int:
    from desa_layak.core import demo

    data_dir = data_dir_from(args)
    if args.demo:
        data_dir = Path(args.data_dir).resolve() if args.data_dir else demo.demo_data_dir()
        from desa_layak.core.setup import identity, open_store

        store = open_store(data_dir)
        if identity(store) is None:
            store.close()
            demo.build_demo(data_dir).close()
        else:
            store.close()
    from desa_layak.ui.app import run_gui

    return run_gui(data_dir, screenshot=Path(args.screenshot) if args.screenshot else None)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return _launch_gui(args)
        return int(args.func(args) or 0)
    except (UsageError, AreaError) as err:
        print(f"desa-layak: {err}", file=sys.stderr)
        return 2
    except DesaLayakError as err:
        print(f"desa-layak: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("desa-layak: dibatalkan.", file=sys.stderr)
        return 130
