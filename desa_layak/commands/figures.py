"""The village's figures from the command line: data pilah, budget, facilities, teams, DRPPA.

Examples::

    desa-layak data-pilah show --year 2024
    desa-layak data-pilah set anak.L.0-4=120 akta.L.0-4=118 perkawinan_anak=0
    desa-layak data-pilah export --out data-pilah-2024.xlsx
    desa-layak data-pilah import data-pilah-2024.xlsx
    desa-layak budget set-apbdes 1875400000
    desa-layak budget add-line --activity "PMT balita" --source "Dana Desa" --amount 42500000
    desa-layak facility add --kind pojok_baca --name "Pojok Baca" --photo foto.jpg
    desa-layak team set forum_anak --members-l 12 --members-p 15 --chair "Nur"
    desa-layak drppa set 5 perangkat_p=3 perangkat_total=11
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desa_layak.commands import edited, given, open_initialised, print_json, village_code_for

# What each KODE=NILAI list accepts (tests/test_cli_help.py checks them against the catalogues).
DATA_PILAH_VALUES_HELP = (
    "isian KODE=NILAI; KODE ditulis data.JK.UMUR untuk angka per jenis kelamin (L, P) dan "
    "umur (0-4, 5-9, 10-14, 15-17), mis. anak.L.0-4=12, akta.P.5-9=30, atau data saja untuk "
    "angka tunggal, mis. perkawinan_anak=0; data: anak, akta, kia, disabilitas, "
    "tidak_sekolah (per JK dan umur), perkawinan_anak, pekerja_anak, kekerasan_anak; "
    "NILAI kosong (akta.L.0-4=) menghapus isian")
DRPPA_VALUES_HELP = (
    "isian KODE=NILAI dari indikator itu: 1 kelompok_perempuan; 5 perangkat_p, "
    "perangkat_total, bpd_p, bpd_total; 6 wirausaha_p, wirausaha_total; "
    "8 kekerasan_perempuan, korban_tppo (mis. 5 perangkat_p=3 perangkat_total=11); "
    "NILAI kosong menghapus isian")
AMOUNT_HELP = "rupiah tanpa sen, mis. 12500000 atau Rp 12.500.000"


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, help="tahun (bawaan: tahun ini)")
    p.add_argument("--village", metavar="KODE", help="desa (wajib di mode kecamatan)")


def _ctx(args: argparse.Namespace) -> tuple:
    store, ident = open_initialised(args)
    return store, village_code_for(args, ident), args.year or dt.date.today().year


def _pairs(items: list[str]) -> dict[str, str]:
    from desa_layak.cli import UsageError

    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"'{item}' harus berbentuk KODE=NILAI.")
        out[key.strip()] = value.strip()
    return out


def _delete(args: argparse.Namespace, delete: Callable[[Any, str], object], done: str) -> int:
    store, _ = open_initialised(args)
    delete(store, args.id)
    print(done)
    return 0


def _add_photos(args: argparse.Namespace, add: Callable[[Any, str, Path], Any]) -> int:
    store, _ = open_initialised(args)
    for path in args.files:
        a = add(store, args.id, path)
        print(f"{a.id}  {a.file_name}")
    return 0


def _save_with_photos(store: Any, photos: list[Path], save: Callable[[], Any],  # noqa: ANN401
                      add: Callable[[Any, str, Path], Any]) -> int:
    """Check every photo first, then save the record, attach the photos and print its id."""
    from desa_layak.core import facilities

    for path in photos:
        facilities.check_photo(path)
    saved = save()
    for path in photos:
        add(store, saved.id, path)
    print(saved.id)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    # -- data pilah ---------------------------------------------------------------------
    p = sub.add_parser("data-pilah", help="data pilah gender anak (butir F)")
    s = p.add_subparsers(dest="dp_command", required=True, metavar="AKSI")
    q = s.add_parser("show", help="tampilkan tabel satu tahun")
    _common(q)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_dp_show)
    q = s.add_parser("set", help="isi sel: anak.L.0-4=120 perkawinan_anak=0 (kosong = hapus)")
    _common(q)
    q.add_argument("values", nargs="+", metavar="KODE=NILAI", help=DATA_PILAH_VALUES_HELP)
    q.set_defaults(func=cmd_dp_set)
    q = s.add_parser("export", help="simpan templat berisi angka satu tahun (.xlsx atau .csv)")
    _common(q)
    q.add_argument("--out", required=True, type=Path, metavar="BERKAS",
                   help="berkas tujuan, berakhiran .xlsx atau .csv")
    q.set_defaults(func=cmd_dp_export)
    q = s.add_parser("import", help="baca templat yang sudah diisi (semua atau tidak sama sekali)")
    _common(q)
    q.add_argument("file", type=Path, help="templat yang sudah diisi (.xlsx atau .csv)")
    q.set_defaults(func=cmd_dp_import)

    # -- budget -------------------------------------------------------------------------
    p = sub.add_parser("budget", help="anggaran pemenuhan hak anak (butir G)")
    s = p.add_subparsers(dest="budget_command", required=True, metavar="AKSI")
    q = s.add_parser("show", help="APBDes dan kegiatan untuk anak")
    _common(q)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_budget_show)
    q = s.add_parser("set-apbdes", help="total APBDes satu tahun (rupiah tanpa sen)")
    _common(q)
    q.add_argument("amount", help=f"total APBDes: {AMOUNT_HELP}")
    q.set_defaults(func=cmd_budget_apbdes)
    for action in ("add-line", "edit-line"):
        q = s.add_parser(action, help="catat kegiatan anggaran" if action == "add-line"
                         else "ubah kegiatan anggaran")
        if action == "add-line":
            _common(q)
            q.add_argument("--activity", required=True)
        else:
            q.add_argument("id", help="id kegiatan (lihat `budget show`)")
            q.add_argument("--activity")
        q.add_argument("--bidang")
        q.add_argument("--source", help="Dana Desa, ADD, PADes, ...")
        q.add_argument("--amount", help=f"anggaran: {AMOUNT_HELP}")
        q.add_argument("--realised", help=f"realisasi: {AMOUNT_HELP}")
        q.set_defaults(func=cmd_budget_line)
    q = s.add_parser("delete-line", help="hapus kegiatan anggaran")
    q.add_argument("id", help="id kegiatan (lihat `budget show`)")
    q.set_defaults(func=cmd_budget_delete)

    # -- facilities ---------------------------------------------------------------------
    p = sub.add_parser("facility", help="fasilitas informasi layak anak (butir H)")
    s = p.add_subparsers(dest="facility_command", required=True, metavar="AKSI")
    q = s.add_parser("list", help="daftar fasilitas")
    q.add_argument("--village", metavar="KODE")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_facility_list)
    for action in ("add", "edit"):
        q = s.add_parser(action, help="catat fasilitas" if action == "add" else "ubah fasilitas")
        if action == "add":
            q.add_argument("--village", metavar="KODE")
            q.add_argument("--kind", required=True,
                           help="perpustakaan_desa, pojok_baca, wifi_publik, pisa, lainnya")
            q.add_argument("--name", required=True)
        else:
            q.add_argument("id", help="id fasilitas (lihat `facility list`)")
            q.add_argument("--kind", help="perpustakaan_desa, pojok_baca, wifi_publik, pisa, "
                                          "lainnya")
            q.add_argument("--name")
        q.add_argument("--location")
        q.add_argument("--since", dest="since_year", type=int, metavar="TAHUN")
        q.add_argument("--condition", help="baik, rusak_ringan, rusak_berat")
        q.add_argument("--inactive", action="store_true", help="tandai tidak aktif")
        q.add_argument("--active", action="store_true", help="tandai aktif lagi")
        q.add_argument("--notes")
        q.add_argument("--photo", nargs="*", default=[], type=Path, metavar="FOTO")
        q.set_defaults(func=cmd_facility_save)
    q = s.add_parser("delete", help="hapus fasilitas (dan fotonya)")
    q.add_argument("id", help="id fasilitas (lihat `facility list`)")
    q.set_defaults(func=cmd_facility_delete)
    q = s.add_parser("photo", help="tambah foto fasilitas")
    q.add_argument("id", help="id fasilitas (lihat `facility list`)")
    q.add_argument("files", nargs="+", type=Path, metavar="FOTO", help="foto JPG/PNG")
    q.set_defaults(func=cmd_facility_photo)

    # -- teams --------------------------------------------------------------------------
    p = sub.add_parser("team", help="anggota dan kegiatan Tim DLA, Tim DRPPA, PATBM, Forum Anak")
    s = p.add_subparsers(dest="team_command", required=True, metavar="AKSI")
    q = s.add_parser("show", help="keempat tim satu tahun")
    _common(q)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_team_show)
    q = s.add_parser("set", help="jumlah anggota dan ketua: tim_dla, tim_drppa, patbm, forum_anak")
    _common(q)
    q.add_argument("team")
    q.add_argument("--members-l", dest="members_l")
    q.add_argument("--members-p", dest="members_p")
    q.add_argument("--chair", dest="chair_name")
    q.set_defaults(func=cmd_team_set)
    q = s.add_parser("add-activity", help="catat kegiatan tim")
    _common(q)
    q.add_argument("team")
    q.add_argument("--title", required=True)
    q.add_argument("--date", metavar="TTTT-BB-HH",
                   help="tanggal kegiatan (TTTT-BB-HH), di dalam tahun --year")
    q.add_argument("--note", default="")
    q.add_argument("--photo", nargs="*", default=[], type=Path, metavar="FOTO")
    q.set_defaults(func=cmd_team_activity)
    q = s.add_parser("delete-activity", help="hapus kegiatan tim")
    q.add_argument("id", help="id kegiatan (lihat `team show`)")
    q.set_defaults(func=cmd_team_delete_activity)
    q = s.add_parser("activity-photo", help="tambah foto kegiatan")
    q.add_argument("id", help="id kegiatan (lihat `team show`)")
    q.add_argument("files", nargs="+", type=Path, metavar="FOTO", help="foto JPG/PNG")
    q.set_defaults(func=cmd_team_activity_photo)

    # -- DRPPA --------------------------------------------------------------------------
    p = sub.add_parser("drppa", help="10 indikator Desa Ramah Perempuan dan Peduli Anak")
    s = p.add_subparsers(dest="drppa_command", required=True, metavar="AKSI")
    q = s.add_parser("show", help="desa terhadap 10 indikator")
    _common(q)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_drppa_show)
    q = s.add_parser("set", help="isian langsung satu indikator: 5 perangkat_p=3 ...")
    _common(q)
    q.add_argument("indicator", type=int, metavar="INDIKATOR",
                   help="nomor indikator yang diisi langsung: 1, 5, 6 atau 8 (yang lain "
                        "dihitung dari data desa)")
    q.add_argument("values", nargs="+", metavar="KODE=NILAI", help=DRPPA_VALUES_HELP)
    q.set_defaults(func=cmd_drppa_set)


# -- data pilah -------------------------------------------------------------------------------

def _cell_code(cell: tuple[str, str, str]) -> str:
    return ".".join(x for x in cell if x)


def cmd_dp_show(args: argparse.Namespace) -> int:
    from desa_layak.core import data_pilah, figure_catalogue
    from desa_layak.core.figures_io import template_rows

    store, code, year = _ctx(args)
    cat = figure_catalogue.load()
    table = data_pilah.values(store, code, year)
    if args.json:
        print_json({"year": year, "village": code,
                    "values": {_cell_code(c): v for c, v in sorted(table.items())},
                    "problems": [p.text for p in data_pilah.problems(table, cat)]})
        return 0
    done, required = data_pilah.filled(table, cat)
    print(f"Data pilah {year}: {done} dari {required} isian terisi")
    bands = [b.code for b in cat.age_bands]
    rows = template_rows(table, cat)
    wide = max([len(str(r[1])) for r in rows] + [10]) + 2  # every label whole
    print(f"{'':<{wide}}{'':>3}" + "".join(f"{b:>8}" for b in bands) + f"{'Jumlah':>9}")
    for row in rows:
        cells = "".join(f"{'-' if v is None else v:>8}" for v in row[3:3 + len(bands)])
        if not row[2]:
            cells = " " * (8 * len(bands))
        total = row[-1]
        print(f"{row[1]!s:<{wide}}{row[2]:>3}{cells}{'-' if total is None else total:>9}")
    for p in data_pilah.problems(table, cat):
        print(f"Perhatian: {p.text}")
    return 0


def cmd_dp_set(args: argparse.Namespace) -> int:
    from desa_layak.core import data_pilah

    store, code, year = _ctx(args)
    changes = {}
    for key, value in _pairs(args.values).items():
        parts = key.split(".")
        cell = (parts[0], parts[1] if len(parts) > 1 else "", ".".join(parts[2:]))
        changes[cell] = value
    n = data_pilah.set_values(store, code, year, changes)
    print(f"{n} isian data pilah {year} diubah.")
    for p in data_pilah.problems(data_pilah.values(store, code, year)):
        print(f"Perhatian: {p.text}")
    return 0


def cmd_dp_export(args: argparse.Namespace) -> int:
    from desa_layak.core import figures_io

    store, code, year = _ctx(args)
    path = figures_io.export_template(store, code, year, args.out)
    print(f"Templat data pilah {year} disimpan di {path}.")
    return 0


def cmd_dp_import(args: argparse.Namespace) -> int:
    from desa_layak.core import figures_io

    store, code, year = _ctx(args)
    result = figures_io.import_template(store, code, year, args.file)
    print(f"Data pilah {year} dibaca: {result.changed} isian berubah, "
          f"{result.filled} dari {result.required} terisi.")
    for w in result.warnings:
        print(f"Perhatian: {w}")
    return 0


# -- budget -----------------------------------------------------------------------------------

def cmd_budget_show(args: argparse.Namespace) -> int:
    from desa_layak.core import budget
    from desa_layak.core.formatting import format_rupiah

    store, code, year = _ctx(args)
    b = budget.get_budget(store, code, year)
    if args.json:
        print_json({"year": year, "village": code, "apbdes_total": b.apbdes_total,
                    "lines_total": b.lines_total, "realised_total": b.realised_total,
                    "share": b.share, "lines": [dataclasses.asdict(line) for line in b.lines]})
        return 0
    print(f"APBDes {year}: {format_rupiah(b.apbdes_total)}")
    for line in b.lines:
        print(f"  {line.id}  {line.activity} [{line.bidang or '-'}; {line.source or '-'}] "
              f"{format_rupiah(line.amount)} (realisasi {format_rupiah(line.realised)})")
    print(f"Untuk anak: {format_rupiah(b.lines_total)} = {b.share_text()} dari APBDes")
    for w in b.warnings():
        print(f"Perhatian: {w}")
    return 0


def cmd_budget_apbdes(args: argparse.Namespace) -> int:
    from desa_layak.core import budget
    from desa_layak.core.formatting import format_rupiah

    store, code, year = _ctx(args)
    value = budget.set_apbdes(store, code, year, args.amount)
    print(f"Total APBDes {year}: {format_rupiah(value)}.")
    return 0


def cmd_budget_line(args: argparse.Namespace) -> int:
    from desa_layak.core import budget

    fields = given(args, ("activity", "bidang", "source", "amount", "realised"))
    if getattr(args, "id", None):
        store, _ = open_initialised(args)
        line = edited(budget.get_line(store, args.id), fields)
    else:
        store, code, year = _ctx(args)
        line = budget.BudgetLine(id=None, village_code=code, year=year, **fields)
    saved = budget.save_line(store, line)
    print(saved.id)
    return 0


def cmd_budget_delete(args: argparse.Namespace) -> int:
    from desa_layak.core import budget

    return _delete(args, budget.delete_line, "Kegiatan anggaran dihapus.")


# -- facilities -------------------------------------------------------------------------------

def cmd_facility_list(args: argparse.Namespace) -> int:
    from desa_layak.core import facilities

    store, ident = open_initialised(args)
    items = facilities.list_facilities(store, village_code_for(args, ident))
    if args.json:
        print_json([dataclasses.asdict(f) for f in items])
        return 0
    for f in items:
        print(f"{f.id}  {f.kind_label}: {f.name} ({f.location or '-'}), sejak "
              f"{f.since_year or '-'}, kondisi {f.condition_label}, "
              f"{'aktif' if f.active else 'tidak aktif'}, foto: {f.photos}")
    return 0


def cmd_facility_save(args: argparse.Namespace) -> int:
    from desa_layak.core import facilities

    store, ident = open_initialised(args)
    fields = given(args, ("kind", "name", "location", "since_year", "condition", "notes"))
    if args.inactive:
        fields["active"] = False
    elif args.active:
        fields["active"] = True
    if getattr(args, "id", None):
        f = edited(facilities.get_facility(store, args.id), fields)
    else:
        f = facilities.Facility(id=None, village_code=village_code_for(args, ident), **fields)
    return _save_with_photos(store, args.photo, lambda: facilities.save_facility(store, f),
                             facilities.add_photo)


def cmd_facility_delete(args: argparse.Namespace) -> int:
    from desa_layak.core import facilities

    return _delete(args, facilities.delete_facility, "Fasilitas dihapus.")


def cmd_facility_photo(args: argparse.Namespace) -> int:
    from desa_layak.core import facilities

    return _add_photos(args, facilities.add_photo)


# -- teams ------------------------------------------------------------------------------------

def cmd_team_show(args: argparse.Namespace) -> int:
    from desa_layak.core import teams
    from desa_layak.core.formatting import format_date

    store, code, year = _ctx(args)
    items = teams.get_teams(store, code, year)
    if args.json:
        print_json([dataclasses.asdict(t) for t in items])
        return 0
    for t in items:
        print(f"{t.item_code}. {t.name} ({t.key}): {t.members_l} L, {t.members_p} P; "
              f"ketua {t.chair_name or '-'}; {len(t.activities)} kegiatan {year}")
        for a in t.activities:
            print(f"     {a.id}  {format_date(a.date)}  {a.title}  foto: {a.photos}")
    return 0


def cmd_team_set(args: argparse.Namespace) -> int:
    from desa_layak.core import teams

    store, code, year = _ctx(args)
    t = teams.set_team(store, code, year, args.team, members_l=args.members_l,
                       members_p=args.members_p, chair_name=args.chair_name)
    print(f"{t.name} {year}: {t.members_l} L, {t.members_p} P, ketua {t.chair_name or '-'}.")
    return 0


def cmd_team_activity(args: argparse.Namespace) -> int:
    from desa_layak.core import teams

    store, code, year = _ctx(args)
    activity = teams.Activity(None, code, year, args.team, args.date, args.title, args.note)
    return _save_with_photos(store, args.photo, lambda: teams.save_activity(store, activity),
                             teams.add_activity_photo)


def cmd_team_delete_activity(args: argparse.Namespace) -> int:
    from desa_layak.core import teams

    return _delete(args, teams.delete_activity, "Kegiatan dihapus.")


def cmd_team_activity_photo(args: argparse.Namespace) -> int:
    from desa_layak.core import teams

    return _add_photos(args, teams.add_activity_photo)


# -- DRPPA ------------------------------------------------------------------------------------

def cmd_drppa_show(args: argparse.Namespace) -> int:
    from desa_layak.core import drppa

    store, code, year = _ctx(args)
    results = drppa.evaluate(store, code, year)
    if args.json:
        print_json([{
            "indicator": r.indicator.number, "title": r.indicator.title, "met": r.met,
            "summary": r.summary, "source": r.indicator.source,
            "facts": [dataclasses.asdict(f) for f in r.facts], "answers": r.answers,
            "inputs": [s.key for s in r.indicator.inputs],
        } for r in results])
        return 0
    marks = {True: "ya", False: "belum", None: "?"}
    for r in results:
        print(f"{r.indicator.number:>2}. [{marks[r.met]:^5}] {r.indicator.title}")
        print(f"      {r.summary}")
        for f in r.facts:
            print(f"      - {f.label}: {f.value}  ({f.source})")
        for s in r.indicator.inputs:
            print(f"      * {s.key} = {r.answers.get(s.key, '-')}  ({s.label})")
    return 0


def cmd_drppa_set(args: argparse.Namespace) -> int:
    from desa_layak.core import drppa

    store, code, year = _ctx(args)
    values = drppa.set_answers(store, code, year, args.indicator, _pairs(args.values))
    print(f"Indikator {args.indicator} ({year}): "
          + (", ".join(f"{k}={v}" for k, v in sorted(values.items())) or "kosong"))
    return 0
