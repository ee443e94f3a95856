"""Printed reports and spreadsheets from the command line (the same files as the GUI makes).

Examples::

    desa-layak report village --out laporan-2024.pdf --year 2024
    desa-layak report village --area 63.06.05.2005 --out gambah-luar.pdf   (kecamatan mode)
    desa-layak report rakor --out rakor.pdf --title "Rakor Semester I" --date 2024-03-27 \\
        --place "Aula Kantor Camat Kandangan" --signer "Drs. H. Muhammad Noor"
    desa-layak export-xlsx --out rekap-2024.xlsx
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from desa_layak.commands import open_initialised


@contextlib.contextmanager
def _writing(what: str, out: Path) -> Iterator[None]:
    """An OSError while the file is written (a write-protected flash drive, a folder given
    as the file, a full disk) in plain words naming the file or folder, exit code 1."""
    from desa_layak.errors import describe_os_error

    try:
        yield
    except OSError as err:
        target = err.filename if err.filename not in (None, "") else out
        raise describe_os_error(err, what, target=target) from err


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"'{text}' bukan tanggal (TTTT-BB-HH)") from err


def _common(p: argparse.ArgumentParser, suffix: str) -> None:
    p.add_argument("--out", required=True, type=Path, metavar=f"BERKAS.{suffix}")
    p.add_argument("--year", type=int, help="tahun (bawaan: tahun ini)")
    p.add_argument("--on", type=_date, metavar="TTTT-BB-HH",
                   help="nilai keadaan per tanggal ini (bawaan: hari ini)")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="buat laporan PDF (laporan desa, bahan rakor)")
    rs = p.add_subparsers(dest="report_command", required=True, metavar="LAPORAN")
    q = rs.add_parser("village", help="laporan kelengkapan satu desa/kelurahan")
    q.add_argument("--area", metavar="KODE", help="kode desa (wajib di mode kecamatan)")
    _common(q, "pdf")
    q.set_defaults(func=cmd_report_village)

    q = rs.add_parser("rakor", help="bahan rapat koordinasi untuk seluruh desa (mode kecamatan)")
    _common(q, "pdf")
    q.add_argument("--title", help="judul rapat")
    q.add_argument("--date", type=_date, metavar="TTTT-BB-HH", help="tanggal rapat")
    q.add_argument("--place", help="tempat rapat")
    q.add_argument("--signer", help="nama pejabat yang menandatangani")
    q.add_argument("--signer-title", help="jabatan penanda tangan (bawaan: Camat)")
    q.add_argument("--area", metavar="KODE", help="hanya satu kecamatan dari data kabupaten")
    q.set_defaults(func=cmd_report_rakor)

    p = sub.add_parser("export-xlsx", help="ekspor rekap (mode kecamatan) atau data satu desa "
                                           "ke Excel")
    p.add_argument("--area", metavar="KODE",
                   help="kode desa: data lengkap desa itu; kode kecamatan: rekapnya")
    _common(p, "xlsx")
    p.set_defaults(func=cmd_export_xlsx)


def _village(ident, area: str | None) -> str:  # noqa: ANN001
    from desa_layak.cli import UsageError

    if area:
        return area
    if ident.is_village:
        return ident.area_code
    raise UsageError("Di mode kecamatan, sebutkan desa/kelurahan dengan --area KODE_DESA.")


def _check_village(store, code: str) -> None:  # noqa: ANN001
    from desa_layak.core.setup import village_profile

    village_profile(store, code)  # AreaError when the folder does not hold it


def _check_part(store, ident, area: str | None, what: str) -> None:  # noqa: ANN001
    """A part of this installation's area (its kecamatan, or one kecamatan of its kabupaten)
    that holds villages; anything else is wrong usage, said before a file is written."""
    from desa_layak.cli import UsageError

    if not area:
        return
    mine = ident.area_code
    if area.count(".") == 3:
        raise UsageError(f"{what} dibuat untuk kecamatan atau kabupaten, bukan untuk satu "
                         f"desa/kelurahan ({area}); untuk satu desa/kelurahan pakai: "
                         f"desa-layak report village --area {area}")
    if area != mine and not area.startswith(mine + "."):
        raise UsageError(f"Wilayah {area} bukan bagian dari {ident.area_name} ({mine}), wilayah "
                         "folder data ini.")
    from desa_layak.core.setup import districts

    if not districts(store, area):  # no village of the official list holds that code
        raise UsageError(f"Tidak ada desa/kelurahan berkode {area} di {ident.area_name}; lihat "
                         "kode kecamatan dengan: desa-layak wilayah NAMA")


def cmd_report_village(args: argparse.Namespace) -> int:
    from desa_layak.reports.village_report import write_village_report

    store, ident = open_initialised(args)
    code = _village(ident, args.area)
    _check_village(store, code)
    year = args.year or dt.date.today().year
    with _writing("laporan", args.out):
        pages = write_village_report(store, code, year, args.out, on=args.on)
    print(f"Laporan desa {code} tahun {year}: {pages} halaman -> {args.out}")
    return 0


def cmd_report_rakor(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from desa_layak.cli import UsageError
    from desa_layak.reports.data import load_meeting
    from desa_layak.reports.rakor import write_rakor

    store, ident = open_initialised(args)
    if ident.is_village:
        raise UsageError("Bahan rakor dibuat di mode kecamatan (data semua desa/kelurahan).")
    _check_part(store, ident, args.area, "Bahan rakor")
    year = args.year or dt.date.today().year
    meeting = load_meeting(store)
    changes = {k: v for k, v in (("title", args.title), ("date", args.date),
                                 ("place", args.place), ("signer_name", args.signer),
                                 ("signer_title", args.signer_title)) if v is not None}
    meeting = replace(meeting, **changes)
    with _writing("bahan rakor", args.out):
        pages = write_rakor(store, year, args.out, meeting, on=args.on, area_code=args.area)
    print(f"Bahan rakor tahun {year}: {pages} halaman -> {args.out}")
    if changes:
        _remember_meeting(store, meeting)
    return 0


def _remember_meeting(store, meeting) -> None:  # noqa: ANN001
    """Keep the meeting's details for next time. Making the handout only reads the data, so
    it works beside an open window (or from a write-protected folder); then the details are
    just not kept, and the command says so."""
    from desa_layak.errors import DataFolderBusyError, StorageError
    from desa_layak.reports.data import save_meeting

    try:
        save_meeting(store, meeting)
    except (DataFolderBusyError, StorageError) as err:
        print("Catatan: judul, tanggal, tempat dan penanda tangan rapat tidak disimpan untuk "
              f"lain kali. {err}")


def cmd_export_xlsx(args: argparse.Namespace) -> int:
    from desa_layak.reports.xlsx_export import write_recap_xlsx, write_village_xlsx

    store, ident = open_initialised(args)
    year = args.year or dt.date.today().year
    area = args.area
    if ident.is_village or (area and area.count(".") == 3):
        code = _village(ident, area)
        _check_village(store, code)
        with _writing("berkas Excel", args.out):
            write_village_xlsx(store, code, year, args.out, on=args.on)
        print(f"Data desa {code} tahun {year} -> {args.out}")
    else:
        _check_part(store, ident, area, "Rekap Excel")
        with _writing("berkas Excel", args.out):
            write_recap_xlsx(store, year, args.out, on=args.on, area_code=area)
        print(f"Rekap tahun {year} -> {args.out}")
    return 0
