"""Bundles from the command line: export (desa), import, history, keys, recap (kecamatan)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from desa_layak.commands import open_initialised, print_json
from desa_layak.storage.db import Store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="ekspor bundel desa (.dkla) untuk dikirim ke kecamatan")
    p.add_argument("--out", type=Path, metavar="BERKAS.dkla",
                   help="berkas atau folder tujuan (bawaan: folder kerja, nama otomatis)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help="impor bundel desa (kecamatan); satu baris per berkas")
    p.add_argument("files", nargs="+", type=Path, metavar="BERKAS.dkla")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("demo-bundles", help="buat bundel contoh bertanda tangan untuk setiap "
                       "desa di kecamatan/kabupaten")
    p.add_argument("--area", required=True, metavar="KODE", help="kode kecamatan atau kabupaten")
    p.add_argument("--out", required=True, type=Path, metavar="FOLDER")
    p.add_argument("--attachments", type=int, default=3, metavar="N",
                   help="jumlah lampiran per desa (bawaan 3)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--limit", type=int, metavar="N", help="hanya N desa pertama")
    p.set_defaults(func=cmd_demo_bundles)

    p = sub.add_parser("accept-key", help="terima kunci baru sebuah desa dengan sengaja")
    p.add_argument("--village", required=True, metavar="KODE")
    p.add_argument("--reason", required=True, metavar="ALASAN")
    p.add_argument("--key", metavar="BASE64", help="kunci publik (bawaan: dari bundel terakhir "
                   "desa itu yang ditolak karena kunci berbeda)")
    p.set_defaults(func=cmd_accept_key)

    p = sub.add_parser("key-history", help="riwayat kunci baru desa yang diterima: kapan, "
                       "desa mana, alasannya, sidik kunci lama dan baru")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_key_history)

    p = sub.add_parser("history", help="riwayat impor bundel")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("recap", help="rekap kecamatan: semua desa x butir A-H")
    p.add_argument("--year", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_recap)


def _usage(text: str) -> Exception:
    from desa_layak.cli import UsageError

    return UsageError(text)


def _kecamatan_store(args: argparse.Namespace, command: str, also: str = "") -> Store:
    """The store of a kecamatan (or kabupaten) installation; a village's is refused."""
    store, ident = open_initialised(args)
    if ident.is_village:
        raise _usage(f"Perintah {command} hanya untuk instalasi kecamatan{also}.")
    return store


def cmd_export(args: argparse.Namespace) -> int:
    from desa_layak.bundles.export import export_bundle
    from desa_layak.core.formatting import format_size

    store, ident = open_initialised(args)
    if not ident.is_village:
        raise _usage("Perintah export hanya untuk instalasi desa/kelurahan.")
    result = export_bundle(store, args.out)
    print(f"{result.path}  {format_size(result.size)}  (nomor urut {result.seq}, "
          f"{result.records} catatan, {result.attachments} lampiran)")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from desa_layak.bundles import importer

    store = _kecamatan_store(args, "import", " (atau kabupaten)")
    show_progress = sys.stderr.isatty()

    def report(done: int, total: int, name: str) -> bool:
        if show_progress and name:
            print(f"\r[{done + 1}/{total}] {name[:60]:<60}", end="", file=sys.stderr)
        return True

    # One batch: one online backup before the first bundle replaces rows, and reading file
    # N+1 overlaps writing file N. Each file is still all or nothing.
    results = importer.import_many(store, args.files, report)
    if show_progress:
        print("\r" + " " * 72 + "\r", end="", file=sys.stderr)
    tags = {importer.IMPORTED: "DIIMPOR ", importer.ALREADY: "SUDAH ADA",
            importer.REFUSED: "DITOLAK "}
    for result in results:
        print(f"{tags[result.status]} {result.message}")
    sys.stdout.flush()
    return 0 if all(r.ok for r in results) else 1


def cmd_demo_bundles(args: argparse.Namespace) -> int:
    from desa_layak.bundles.demo_bundles import make_demo_bundles
    from desa_layak.core.formatting import format_size

    if args.attachments < 0:
        raise _usage("--attachments tidak boleh negatif.")
    total = 0
    for result in make_demo_bundles(args.area, args.out, attachments=args.attachments,
                                    seed=args.seed, limit=args.limit):
        total += result.size
        print(f"{result.path.name}  {format_size(result.size)}")
    print(f"Selesai: total {format_size(total)} di {args.out}.")
    return 0


def cmd_accept_key(args: argparse.Namespace) -> int:
    from desa_layak.bundles import importer

    store = _kecamatan_store(args, "accept-key")
    key = importer.accept_key(store, args.village, args.reason, args.key)
    print(f"Kunci baru {args.village} diterima (sidik {importer.fingerprint(key)}) dan dicatat "
          f"dengan alasan: {args.reason.strip()}. Impor lagi bundel desa tersebut.")
    return 0


def cmd_key_history(args: argparse.Namespace) -> int:
    from desa_layak.bundles import importer
    from desa_layak.core.timestamps import format_stamp

    store = _kecamatan_store(args, "key-history")
    changes = importer.key_changes(store)
    if args.json:
        print_json([{**c._asdict(), "old_fingerprint": c.old_fingerprint,
                     "new_fingerprint": c.new_fingerprint} for c in changes])
        return 0
    if not changes:
        print("Belum pernah ada kunci baru desa yang diterima.")
    for c in changes:
        village = f"{c.village_code} {c.village_name}".strip()
        print(f"{format_stamp(c.at)}  {village}")
        print(f"    kunci lama {c.old_fingerprint}  ->  kunci baru {c.new_fingerprint}")
        print(f"    alasan: {c.reason}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from desa_layak.bundles import importer

    store, _ = open_initialised(args)
    from desa_layak.core.timestamps import format_stamp

    entries = importer.history(store, args.limit)
    if args.json:
        print_json([e.__dict__ for e in entries])
        return 0
    if not entries:
        print("Belum ada impor.")
    for e in entries:
        village = f"{e.village_code} {e.village_name}".strip() if e.village_code else "-"
        seq = e.seq if e.seq is not None else "-"
        print(f"{format_stamp(e.at):<26} {e.result_label:<20} {village:<36} urut {seq:<4} "
              f"{e.file_name}")
        if e.result == importer.REFUSED:
            print(f"    {e.reason}")
    return 0


def cmd_recap(args: argparse.Namespace) -> int:
    from desa_layak.core import recap
    from desa_layak.core.formatting import format_date
    from desa_layak.core.states import STATE_LABELS, as_of_for

    store, ident = open_initialised(args)
    if ident.is_village:
        raise _usage("Perintah recap untuk instalasi kecamatan; di desa gunakan `status`.")
    year = args.year or dt.date.today().year
    rec = recap.build(store, year)
    codes = [it.code for it in rec.items]
    if args.json:
        print_json({
            "area": {"code": rec.area_code, "name": rec.area_name}, "year": year,
            "on": rec.on.isoformat(),
            "villages": [{
                "code": v.code, "name": v.name, "kind": v.kind, "sent": v.sent,
                "seq": v.source.seq if v.source else None,
                "items": {c: (v.state_of(c).value if v.state_of(c) else None) for c in codes},
                "fulfilled": v.fulfilled,
            } for v in rec.villages],
            "counts": {c: {s.value: n for s, n in rec.counts[c].items()} for c in codes},
            "not_sent": [v.code for v in rec.not_sent],
            "expiring": [{
                "village_code": e.village_code, "village": e.village_name, "item": e.item_code,
                "doc_number": e.doc_number, "valid_until": e.valid_until,
                "days_left": e.days_left, "state": e.state.value,
            } for e in rec.expiring],
        })
        return 0
    short = {s: STATE_LABELS[s] for s in STATE_LABELS}
    judged_on, _ = as_of_for(year, rec.on)  # a past year is judged on its 31 December
    print(f"Rekap {rec.area_name} ({rec.area_code}), tahun {year}, per {format_date(judged_on)}")
    print(f"{'Kode':<14}{'Desa/Kelurahan':<26}" + "".join(f"{c:<20}" for c in codes))
    for v in rec.villages:
        cells = "".join(f"{(short[v.state_of(c)] if v.sent else '-'):<20}" for c in codes)
        tail = "" if v.sent else recap.NOT_SENT_LABEL
        print(f"{v.code:<14}{v.name[:25]:<26}{cells}{tail}")
    print("Terpenuhi per butir: " + ", ".join(
        f"{c} {rec.fulfilled_count(c)}/{len(rec.villages)}" for c in codes))
    print(f"Belum mengirim: {len(rec.not_sent)} dari {len(rec.villages)} desa/kelurahan")
    if rec.expiring:
        print("Dokumen kedaluwarsa atau berakhir dalam 90 hari:")
        for e in rec.expiring:
            left = f"{e.days_left} hari lagi" if e.days_left is not None else short[e.state]
            print(f"  {e.village_name} ({e.village_code})  {e.item_code}. {e.doc_number}  "
                  f"s.d. {format_date(e.valid_until)}  {left}")
    return 0
