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


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    """The full parser; ``with_commands=False`` gives only the global options (GUI start)."""
    parser = argparse.ArgumentParser(
        prog="desa-layak",
        add_help=with_commands,
        description="Desa Layak: kelengkapan Desa/Kelurahan Layak Anak dan DRPPA, luring.",
    )
    parser.add_argument("--version", action="version", version=f"desa-layak {__version__}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="folder data (bawaan: $DESA_LAYAK_HOME atau folder data pengguna)")
    parser.add_argument("--demo", action="store_true",
                        help="buka aplikasi dengan desa contoh di folder data tersendiri")
    parser.add_argument("--screenshot", metavar="FILE.png",
                        help="gambar jendela utama ke PNG tanpa layar, lalu keluar")
    if not with_commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line. Opening the window needs only the global options, so the
    subcommand modules are not imported then (start-up stays fast)."""
    args, rest = build_parser(with_commands=False).parse_known_args(argv)
    wants_help = any(a in ("-h", "--help") for a in (sys.argv[1:] if argv is None else argv))
    if not rest and not wants_help:
        return args
    return build_parser().parse_args(argv)


def data_dir_from(args: argparse.Namespace) -> Path:
    from desa_layak.paths import resolve_data_dir

    return resolve_data_dir(args.data_dir)


def _launch_gui(args: argparse.Namespace) -> int:
    data_dir = data_dir_from(args)
    if args.demo:
        from desa_layak.core import demo

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
    args = _parse(argv)
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
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
        sys.stderr.close()
        return 0
