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


# argparse's own words (usage, errors, -h) in Bahasa Indonesia. argparse looks each one up
# through its module-level gettext function when it prints, so this table is all it takes.
_ARGPARSE_WORDS = {
    "usage: ": "pemakaian: ",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "options": "pilihan",
    "positional arguments": "argumen",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "show program's version number and exit": "tampilkan versi program lalu keluar",
    "%(prog)s: error: %(message)s\n": "%(prog)s: galat: %(message)s\n",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "pilihan tidak sah: %(value)r (pilih salah satu: %(choices)s)",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r",
    "expected one argument": "perlu satu nilai",
    "expected at least one argument": "perlu sedikitnya satu nilai",
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
    "one of the arguments %s is required": "salah satu argumen ini wajib diisi: %s",
    "ambiguous option: %(option)s could match %(matches)s":
        "pilihan %(option)s kurang jelas, bisa berarti %(matches)s",
}
argparse._ = lambda text: _ARGPARSE_WORDS.get(text, text)  # type: ignore[attr-defined]

# Help for options that many commands share, by destination name; a command's own help wins.
_COMMON_HELP = {
    "year": "tahun checklist (bawaan: tahun ini)",
    "village": "kode desa/kelurahan (perlu di mode kecamatan)",
    "json": "keluaran JSON untuk program lain",
    "out": "berkas atau folder tujuan",
    "id": "id catatan (lihat keluaran perintah list/show --json)",
    "doc_id": "id dokumen (lihat `doc list`)",
    "attachment_id": "id lampiran",
    "files": "satu berkas atau lebih",
    "file": "berkas yang dibaca",
    "role": "desa (desa/kelurahan) atau kecamatan (juga untuk kabupaten)",
    "level": "tingkat wilayah: 1 provinsi, 2 kabupaten/kota, 3 kecamatan, 4 desa/kelurahan",
    "seed": "bilangan acak awal agar hasilnya sama setiap kali",
    "limit": "paling banyak sekian baris",
    "reason": "alasan, dicatat dalam riwayat",
    "head_name": "nama Kepala Desa/Lurah",
    "secretary_name": "nama sekretaris desa/kelurahan",
    "address": "alamat kantor desa/kelurahan",
    "report_place": "tempat penandatanganan laporan, mis. Kandangan",
    "doc_number": "nomor dokumen, mis. 141/21/SK/2024",
    "title": "judul atau perihal",
    "status": "ditetapkan atau draf",
    "date_set": "tanggal penetapan (TTTT-BB-HH)",
    "valid_from": "berlaku mulai (TTTT-BB-HH)",
    "valid_until": "berlaku sampai (TTTT-BB-HH)",
    "issuer": "yang menetapkan, mis. Kepala Desa",
    "notes": "catatan",
    "note": "catatan singkat",
    "attach": "berkas PDF/JPG/PNG yang dilampirkan",
    "item": "kode butir A-H",
    "values": "pasangan KODE=NILAI; kodenya seperti yang ditampilkan perintah show, "
              "mis. anak.L.0-4=12 atau perangkat_p=3",
    "amount": "jumlah dalam rupiah (bilangan bulat)",
    "realised": "realisasi dalam rupiah (bilangan bulat)",
    "activity": "nama kegiatan",
    "bidang": "bidang APBDes",
    "name": "nama",
    "location": "lokasi",
    "photo": "foto JPG/PNG",
    "kind": "jenis",
    "team": "tim: tim_dla, tim_drppa, patbm atau forum_anak (butir B, C, D, E)",
    "members_l": "jumlah anggota laki-laki",
    "members_p": "jumlah anggota perempuan",
    "date": "tanggal (TTTT-BB-HH)",
    "indicator": "nomor indikator DRPPA (1-10)",
    "since_year": "tahun mulai",
    "chair_name": "nama ketua",
}

# Positional arguments whose meaning differs from the option of the same name.
_POSITIONAL_HELP = {
    "year": "tahun checklist yang dibuka, mis. 2027",
}


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    """The full parser; ``with_commands=False`` gives only the global options (GUI start)."""
    parser = argparse.ArgumentParser(
        prog="desa-layak",
        add_help=with_commands,
        description="Desa Layak: kelengkapan Desa/Kelurahan Layak Anak dan DRPPA, luring.",
    )
    parser.add_argument("--version", action="version", version=f"desa-layak {__version__}",
                        help="tampilkan versi program lalu keluar")
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
    _fill_help(parser)
    return parser


def _fill_help(parser: argparse.ArgumentParser) -> None:
    """Give every option without its own help the shared wording (recursively)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _fill_help(child)
        elif action.help is None:
            positional = not action.option_strings
            action.help = (_POSITIONAL_HELP.get(action.dest) if positional else None) \
                or _COMMON_HELP.get(action.dest)


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
    # The Qt-free core the first window reads from is imported before Qt: once PySide6 is
    # loaded it reads the source of every module imported after it (for its __feature__
    # switches), a cost the core need not pay.
    from desa_layak.core import checklist, setup  # noqa: F401
    from desa_layak.ui.app import run_gui

    screenshot = Path(args.screenshot) if args.screenshot else None
    if not args.demo:
        return run_gui(data_dir_from(args), screenshot=screenshot)
    from desa_layak.core import demo

    if args.data_dir:  # a demo in a folder of the user's choosing is kept
        data_dir = Path(args.data_dir).resolve()
        from desa_layak.core.setup import identity, open_store

        store = open_store(data_dir)
        fresh = identity(store) is None
        store.close()
        if fresh:
            demo.build_demo(data_dir).close()
        return run_gui(data_dir, screenshot=screenshot)
    data_dir = demo.demo_data_dir()  # temporary: removed when the window closes
    try:
        demo.build_demo(data_dir).close()
        return run_gui(data_dir, screenshot=screenshot)
    finally:
        import shutil

        shutil.rmtree(data_dir, ignore_errors=True)


# Commands that only read the data folder: they take no lock, so they keep working beside an
# open window (status, lists, check, reports, backups, history). Commands that do not use a
# data folder at all take none either. Every other command writes and holds the data folder's
# lock while it runs (storage/lock.py): a second writer is refused before it changes anything.
_READS_ONLY = frozenset({
    "cmd_status", "cmd_doc_list", "cmd_dp_show", "cmd_dp_export", "cmd_budget_show",
    "cmd_facility_list", "cmd_team_show", "cmd_drppa_show", "cmd_history", "cmd_key_history",
    "cmd_recap", "cmd_backup", "cmd_backups", "cmd_check", "cmd_report_village",
    "cmd_report_rakor", "cmd_export_xlsx",
})
_NO_DATA_FOLDER = frozenset({"cmd_wilayah", "cmd_demo_bundles", "cmd_selftest"})
_PROFILE_FIELDS = ("head_name", "secretary_name", "address", "report_place")


def _command_name(args: argparse.Namespace) -> str:
    return getattr(getattr(args, "func", None), "__name__", "")


def _writes(args: argparse.Namespace) -> bool:
    """Whether the command changes the data folder (so must hold its lock)."""
    name = _command_name(args)
    if name in _READS_ONLY or name in _NO_DATA_FOLDER:
        return False
    if name == "cmd_profile":  # shows the profile, or changes it
        return any(getattr(args, k, None) is not None for k in _PROFILE_FIELDS)
    return True


def _check_year(args: argparse.Namespace) -> None:
    """A year outside 2000-2100 is refused before the command runs (a usage error for a
    command that only reads, a refusal for one that records), never a traceback from deep
    inside (dates, SQLite integers)."""
    year = getattr(args, "year", None)
    if year is None or isinstance(year, bool) or not isinstance(year, int):
        return
    from desa_layak.core.checklist import check_year
    from desa_layak.errors import ValidationError

    check_year(year, ValidationError if _writes(args) else UsageError)


_SQLITE_INT = 2 ** 63  # SQLite keeps integers in 64 bits


def _check_numbers(args: argparse.Namespace) -> None:
    """A number no command can use (beyond SQLite's 64-bit integers) is a usage error here,
    not an OverflowError from deep inside."""
    for name, value in vars(args).items():
        if isinstance(value, int) and not isinstance(value, bool) \
                and not -_SQLITE_INT <= value < _SQLITE_INT:
            option = "--" + name.replace("_", "-")
            raise UsageError(f"Angka {value} untuk {option} terlalu besar.")


def _run_command(args: argparse.Namespace) -> int:
    _check_numbers(args)
    _check_year(args)
    if not _writes(args):
        return int(args.func(args) or 0)
    from desa_layak.storage import lock

    data_dir = data_dir_from(args)
    with lock.holding(data_dir):  # DataFolderBusyError when a window or command writes there
        return int(args.func(args) or 0)


def _failed(args: argparse.Namespace, err: Exception) -> int:
    """An exception no command turned into a refusal: a damaged database, a full or
    read-only disk, another copy writing (in plain words), else a fault in the program (a
    short sentence, the traceback in the error log)."""
    from desa_layak.errors import log_unexpected, unexpected_message
    from desa_layak.storage.db import user_error

    data_dir = None
    if _command_name(args) not in _NO_DATA_FOLDER:
        try:
            data_dir = data_dir_from(args)
        except Exception:  # noqa: BLE001 - only for the wording
            data_dir = None
    known = user_error(err, data_dir)
    if known is None and isinstance(err, OSError):  # a file or folder given on the line
        from desa_layak.errors import describe_os_error

        known = describe_os_error(err, "berkas")
    if known is not None:
        print(f"desa-layak: {known}", file=sys.stderr)
        return 1
    log = log_unexpected(err)
    print(f"desa-layak: {unexpected_message(err, log)}", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    try:
        if args.command is None:
            return _launch_gui(args)
        return _run_command(args)
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
    except Exception as err:  # noqa: BLE001 - never a traceback; the details go to the log
        return _failed(args, err)
