"""Backups, restore and the integrity check from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desa_layak.commands import open_initialised, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="simpan cadangan lengkap (basis data + lampiran) ke berkas")
    p.add_argument("--out", required=True, type=Path, metavar="BERKAS",
                   help="berkas .dlbak atau folder tujuan (mis. flashdisk)")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="pulihkan data dari berkas cadangan .dlbak atau dari "
                       "cadangan otomatis")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("file", type=Path, nargs="?", metavar="BERKAS",
                       help="berkas .dlbak, atau cadangan otomatis (.sqlite3) dari daftar "
                       "perintah backups")
    which.add_argument("--latest-auto", action="store_true",
                       help="cadangan otomatis terbaru di folder data ini (misalnya bila "
                       "basis datanya rusak)")
    p.add_argument("--yes", action="store_true", help="jangan bertanya lagi (untuk skrip)")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("check", help="periksa keutuhan basis data dan berkas lampiran")
    p.add_argument("--quick", action="store_true", help="pemeriksaan cepat (tanpa hitung hash)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("backups", help="daftar cadangan otomatis di folder data")
    p.set_defaults(func=cmd_backups)


def _store(args: argparse.Namespace):  # noqa: ANN202 - Store
    from desa_layak.cli import data_dir_from
    from desa_layak.storage.db import Store

    return Store(data_dir_from(args))


def cmd_backup(args: argparse.Namespace) -> int:
    from desa_layak.storage import backup

    store, _ident = open_initialised(args)
    out: Path = args.out
    if out.is_dir():
        out = out / backup.default_backup_name(store)
    info = backup.create_backup(store, out)
    print(f"Cadangan tersimpan: {out}")
    for line in info.describe()[1:]:
        print(f"  {line}")
    return 0


def _confirm(question: str) -> bool:
    answer = input(f"{question} [y/T] ").strip().lower()
    return answer in ("y", "ya", "yes")


def cmd_restore(args: argparse.Namespace) -> int:
    from desa_layak.storage import backup

    store = _store(args)
    if args.latest_auto:
        latest, passed_over = backup.usable_snapshot(store)
        for reason in passed_over:  # damage in a database is copied into its next snapshots
            print(f"Dilewati: {reason}")
        if latest is None:
            raise backup.RestoreRefused(
                ("Tidak ada cadangan otomatis yang utuh" if passed_over else
                 "Belum ada cadangan otomatis") + f" di folder {backup.auto_dir(store)}; "
                "pulihkan dari berkas cadangan .dlbak (desa-layak restore BERKAS.dlbak). Tidak "
                "ada data yang diubah.")
        args.file = latest.path
    info = backup.read_backup(args.file)  # refuses a damaged file before anything else
    print("Isi cadangan:")
    for line in backup.restore_question(store, info):
        print(f"  {line}")
    from desa_layak.core import setup
    from desa_layak.storage.db import is_damaged

    mine = None
    if store.exists():
        try:
            mine = setup.identity(store)
        except Exception as err:
            if not is_damaged(err):
                raise
            store.close()
            print("Basis data sekarang rusak dan tidak dapat dibaca; bila dipulihkan, "
                  f"berkasnya disimpan dulu di folder {store.backups_dir}.")
    if info.other_area(mine):
        print(f"Perhatian: cadangan ini milik wilayah lain, {info.area_name or info.area_code}, "
              f"bukan {mine.area_name}. Seluruh data di folder ini akan menjadi data wilayah "
              "itu.")
    if not args.yes:
        if not sys.stdin.isatty():
            raise backup.RestoreRefused(
                "Pemulihan mengganti data di folder ini; jalankan di terminal untuk menjawab "
                "pertanyaan konfirmasi, atau tambahkan --yes. Tidak ada data yang diubah.")
        if not _confirm("Data sekarang akan diganti dengan isi cadangan ini "
                        "(keadaan sekarang disimpan dulu). Lanjutkan?"):
            raise backup.RestoreRefused("Pemulihan dibatalkan. Tidak ada data yang diubah.")
    result = backup.restore(store, args.file)
    if result.previous:
        print(f"Keadaan sebelumnya disimpan di: {result.previous}")
    print("Pemulihan selesai.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from desa_layak.core import integrity
    from desa_layak.errors import NotInitialisedError

    store = _store(args)
    if not store.exists():
        raise NotInitialisedError(f"Tidak ada basis data di {store.data_dir}.")
    report = integrity.check(store, quick=args.quick)
    if args.json:
        print_json({
            "ok": report.ok, "quick": report.quick,
            "attachments_checked": report.attachments_checked,
            "files_checked": report.files_checked,
            "problems": [{"kind": p.kind, "message": p.message} for p in report.problems],
        })
    else:
        for line in report.lines():
            print(line)
    return 0 if report.ok else 1


def cmd_backups(args: argparse.Namespace) -> int:
    from desa_layak.core.formatting import format_date
    from desa_layak.storage import backup

    store = _store(args)
    items = backup.list_auto_backups(store)
    if not items:
        print("Belum ada cadangan otomatis.")
    for b in items:
        print(f"{format_date(b.at.date())} {b.at:%H.%M}  {b.label:40}  "
              f"{b.size / 1048576:6.1f} MB  {b.path}")
    return 0
