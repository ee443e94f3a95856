"""Set-up, profile, checklist years, documents and attachments from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from desa_layak.commands import edited, given, open_initialised, print_json, village_code_for


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="siapkan folder data untuk desa/kelurahan atau kecamatan")
    p.add_argument("--role", required=True, choices=("desa", "kecamatan"))
    p.add_argument("--area", required=True, metavar="KODE",
                   help="kode wilayah: desa 63.06.05.2005, kecamatan 63.06.05, kabupaten 63.06")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="buat desa contoh di folder data baru, mis. --data-dir "
                                    "desa-contoh (tanpa membuka jendela)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("wilayah", help="cari kode wilayah menurut nama")
    p.add_argument("text", help="bagian nama atau awal kode")
    p.add_argument("--level", type=int, choices=(1, 2, 3, 4))
    p.set_defaults(func=cmd_wilayah)

    p = sub.add_parser("profile", help="lihat atau ubah profil desa (nama kepala desa, dst.)")
    p.add_argument("--village", metavar="KODE")
    for name in ("head-name", "secretary-name", "address", "report-place"):
        p.add_argument(f"--{name}")
    p.set_defaults(func=cmd_profile)

    p = sub.add_parser("status", help="kelengkapan A-H satu tahun")
    p.add_argument("--year", type=int)
    p.add_argument("--village", metavar="KODE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("year", help="mulai tahun baru (dokumen yang masih berlaku ikut terbawa)")
    p.add_argument("year", type=int)
    p.set_defaults(func=cmd_year)

    p = sub.add_parser("doc", help="catat, ubah, lihat atau hapus dokumen")
    dsub = p.add_subparsers(dest="doc_command", required=True, metavar="AKSI")
    for action in ("add", "edit"):
        helptext = "catat dokumen baru" if action == "add" else "ubah dokumen"
        q = dsub.add_parser(action, help=helptext)
        if action == "add":
            q.add_argument("item", help="kode butir A-H")
            q.add_argument("--year", type=int)
        else:
            q.add_argument("id", help="id dokumen (lihat `doc list`)")
        q.add_argument("--number", dest="doc_number")
        q.add_argument("--title")
        q.add_argument("--status", choices=("ditetapkan", "draf"))
        q.add_argument("--date-set", dest="date_set", metavar="TTTT-BB-HH")
        q.add_argument("--valid-from", dest="valid_from", metavar="TTTT-BB-HH")
        q.add_argument("--valid-until", dest="valid_until", metavar="TTTT-BB-HH")
        q.add_argument("--issuer")
        q.add_argument("--notes")
        q.add_argument("--attach", nargs="*", default=[], metavar="BERKAS")
        q.set_defaults(func=cmd_doc_save)
    q = dsub.add_parser("list", help="daftar dokumen")
    q.add_argument("--item")
    q.add_argument("--year", type=int, help="hanya dokumen yang dicatat untuk tahun ini")
    q.add_argument("--village", metavar="KODE")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_doc_list)
    q = dsub.add_parser("delete", help="hapus dokumen (tetap tercatat sebagai terhapus)")
    q.add_argument("id", help="id dokumen (lihat `doc list`)")
    q.set_defaults(func=cmd_doc_delete)

    p = sub.add_parser("attach", help="lampirkan berkas (PDF/JPG/PNG) ke dokumen")
    p.add_argument("doc_id")
    p.add_argument("files", nargs="+", type=Path, metavar="BERKAS",
                   help="berkas PDF/JPG/PNG (satu atau lebih)")
    p.set_defaults(func=cmd_attach)

    p = sub.add_parser("detach", help="hapus satu lampiran")
    p.add_argument("attachment_id", help="id lampiran (dicetak oleh perintah attach)")
    p.set_defaults(func=cmd_detach)


def cmd_init(args: argparse.Namespace) -> int:
    from desa_layak.bundles.keys import ensure_keypair
    from desa_layak.cli import data_dir_from
    from desa_layak.core import setup

    setup.check_area(args.role, args.area)  # refuse before a database file is made
    store = setup.open_store(data_dir_from(args))
    ident = setup.initialise(store, args.role, args.area)
    ensure_keypair(store.keys_dir)
    if ident.is_village:
        print(f"Folder data {store.data_dir} siap untuk {ident.area_name} ({ident.area_code}).")
    else:  # a kecamatan, or a whole kabupaten for the regency office
        print(f"Folder data {store.data_dir} siap menerima bundel desa/kelurahan se-"
              f"{ident.area_name} ({ident.area_code}).")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from desa_layak.cli import UsageError, data_dir_from
    from desa_layak.core import demo
    from desa_layak.storage.db import DB_FILE

    data_dir = data_dir_from(args)
    if (data_dir / DB_FILE).exists():  # never mix the demo into a village's own records
        raise UsageError(f"Folder data {data_dir} sudah berisi data; desa contoh hanya dibuat "
                         "di folder data baru, mis. --data-dir desa-contoh.")
    store = demo.build_demo(data_dir)
    print(f"Desa contoh dibuat di {store.data_dir}.")
    return 0


def cmd_wilayah(args: argparse.Namespace) -> int:
    from desa_layak.core import wilayah

    found = wilayah.search(args.text, level=args.level)
    if not found:
        print(f"Tidak ada wilayah yang namanya memuat '{args.text}'.", file=sys.stderr)
        return 1
    for area in found:
        # The parents tell apart places of the same name (two "Gambah" in one kabupaten).
        parents = ", ".join(f"Kec. {a.name}" if a.level == 3 else a.name
                            for a in reversed(wilayah.lineage(area.code)[:-1]))
        print(f"{area.code}\t{area.name}" + (f"\t({parents})" if parents else ""))
    return 0


def cmd_profile(args: argparse.Namespace) -> int:
    from desa_layak.core import setup

    store, ident = open_initialised(args)
    code = village_code_for(args, ident)
    changes = given(args, ("head_name", "secretary_name", "address", "report_place"))
    if changes:
        setup.update_profile(store, code, **changes)
    prof = setup.village_profile(store, code)
    print(f"{prof.full_name} ({prof.code}), Kec. {prof.district_name}, {prof.regency_name}")
    print(f"{prof.head_title}: {prof.head_name or '-'}")
    print(f"Sekretaris: {prof.secretary_name or '-'}")
    print(f"Alamat: {prof.address or '-'}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from desa_layak.cli import UsageError
    from desa_layak.core import checklist
    from desa_layak.core.formatting import format_date
    from desa_layak.core.states import STATE_LABELS, action_order

    store, ident = open_initialised(args)
    code = village_code_for(args, ident)
    year = args.year or dt.date.today().year
    checklist.check_year(year, UsageError)
    items = checklist.statuses(store, code, year)
    if args.json:
        print_json([{
            "item": s.item.code, "state": s.state.value, "label": STATE_LABELS[s.state],
            "reason": s.reason, "document_id": s.document.id if s.document else None,
            "doc_number": s.document.doc_number if s.document else None,
            "carried_from": s.carried_from, "days_left": s.days_left,
        } for s in items])
        return 0
    done, total = checklist.progress(items)
    print(f"Kelengkapan {year}: {done} dari {total} terpenuhi")
    for s in items:
        extra = ""
        if s.document:
            doc = s.document
            when = format_date(doc.date_set) if doc.enacted else "draf"
            extra = f"  [{doc.doc_number or 'tanpa nomor'}, {when}]"
            if s.carried_from:
                extra += f" (dari {s.carried_from})"
        print(f"  {s.item.code}. {s.item.short:<16} {STATE_LABELS[s.state]:<20}{extra}")
    todo = action_order(items)
    if todo:
        print("Perlu ditindaklanjuti:")
        for s in todo:
            print(f"  {s.item.code}. {s.reason}")
    return 0


def cmd_year(args: argparse.Namespace) -> int:
    from desa_layak.core import checklist

    store, ident = open_initialised(args)
    code = village_code_for(args, ident)
    if args.year in checklist.years(store, code):
        print(f"Tahun {args.year} sudah dibuka sebelumnya; tidak ada yang diubah.")
        return 0
    carried = checklist.open_year(store, code, args.year)
    print(f"Tahun {args.year} dibuka. {len(carried)} dokumen masih berlaku dan ikut terbawa:")
    for s in carried:
        print(f"  {s.item.code}. {s.document.doc_number} (dicatat {s.carried_from})")
    return 0


def cmd_doc_save(args: argparse.Namespace) -> int:
    from desa_layak.core import checklist

    store, ident = open_initialised(args)
    fields = given(args, ("doc_number", "title", "status", "date_set", "valid_from",
                          "valid_until", "issuer", "notes"))
    if args.doc_command == "add":
        code = village_code_for(args, ident)
        year = args.year or dt.date.today().year
        doc = checklist.Document(id=None, village_code=code, item_code=args.item.upper(),
                                 year=year, **fields)
    else:
        doc = edited(checklist.get_document(store, args.id), fields)
    saved = checklist.save_document(store, doc, [Path(p) for p in args.attach])
    what = "tersimpan" if args.doc_command == "add" else "diubah"
    print(f"Dokumen {saved.item_code} {saved.year} {saved.doc_number or '(tanpa nomor)'} "
          f"{what}, lampiran: {saved.attachments}. id: {saved.id}")
    return 0


def cmd_doc_list(args: argparse.Namespace) -> int:
    from desa_layak.core import checklist
    from desa_layak.core.formatting import format_date

    store, ident = open_initialised(args)
    code = village_code_for(args, ident)
    docs = checklist.documents(store, code, args.item.upper() if args.item else None)
    if args.year is not None:
        docs = [d for d in docs if d.year == args.year]
    if args.json:
        print_json([d.__dict__ for d in docs])
        return 0
    for d in docs:
        # the enactment date and the validity, each under its own word (a draft has none)
        enacted = f"ditetapkan {format_date(d.date_set)}" if d.enacted else "draf"
        print(f"{d.id}  {d.item_code} {d.year}  {d.doc_number or '-':<22} {enacted:<30} "
              f"berlaku {format_date(d.valid_from)} s.d. {format_date(d.valid_until)}  "
              f"lampiran: {d.attachments}")
    return 0


def cmd_doc_delete(args: argparse.Namespace) -> int:
    from desa_layak.core import checklist

    store, _ = open_initialised(args)
    checklist.delete_document(store, args.id)
    print("Dokumen dihapus.")
    return 0


def cmd_attach(args: argparse.Namespace) -> int:
    from desa_layak.core import checklist
    from desa_layak.core.formatting import format_size

    store, _ = open_initialised(args)
    doc = checklist.get_document(store, args.doc_id)
    for path in args.files:
        a = checklist.add_attachment(store, doc.village_code, "document", doc.id, path)
        print(f"{a.id}  {a.file_name}  {format_size(a.size)} (asli {format_size(a.original_size)})")
    return 0


def cmd_detach(args: argparse.Namespace) -> int:
    from desa_layak.core import checklist

    store, _ = open_initialised(args)
    checklist.remove_attachment(store, args.attachment_id)
    print("Lampiran dihapus.")
    return 0
