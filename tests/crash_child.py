"""The process that tests/test_crash_safety.py kills with SIGKILL at random moments.

Runs the real app logic in a loop on two data folders (a desa and its kecamatan) and prints one
line to stdout right after each transaction COMMITS (so a printed line is a promise):

    DOC <id> <number>         a new document was saved (desa)
    EDIT <id> <n>             the document's notes were changed to "rev-<n>"
    ATT <id> <sha256>         a scan was attached (file stored, then the record committed)
    EXPORTED <seq> <docs> <atts>   the desa wrote bundle <seq> holding <docs> live documents
    BUNDLE <seq>              the kecamatan imported bundle <seq> (all or nothing)
    BACKUP <path>             a complete backup file was written

Usage: python tests/crash_child.py DESA_DIR KECAMATAN_DIR WORK_DIR SEED
       python tests/crash_child.py restore DATA_DIR A.dlbak B.dlbak   (restores in a loop)
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from desa_layak.bundles.export import export_bundle
from desa_layak.bundles.importer import import_bundle
from desa_layak.core import checklist
from desa_layak.core.checklist import Document
from desa_layak.core.sample_files import make_pdf
from desa_layak.core.setup import open_store
from desa_layak.storage import backup

VILLAGE = "63.06.05.2005"


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(desa_dir: str, kec_dir: str, work_dir: str, seed: int) -> None:
    rng = random.Random(seed)
    desa = open_store(Path(desa_dir))
    kec = open_store(Path(kec_dir))
    work = Path(work_dir)
    work.mkdir(parents=True, exist_ok=True)
    docs = [d.id for d in checklist.documents(desa, VILLAGE)]
    say("READY")
    n = 0
    while True:
        n += 1
        op = rng.choices(["doc", "edit", "att", "bundle", "backup"], [35, 20, 30, 12, 3])[0]
        if op == "doc" or not docs:
            number = f"{seed}-{n}/2024"
            doc = checklist.save_document(desa, Document(
                id=None, village_code=VILLAGE, item_code=rng.choice("ABCDE"), year=2024,
                doc_number=number, title="Dokumen uji " * rng.randint(1, 30)))
            docs.append(doc.id)
            say(f"DOC {doc.id} {number}")
        elif op == "edit":
            doc = checklist.get_document(desa, rng.choice(docs))
            counter = seed * 1_000_000 + n
            doc.notes = f"rev-{counter}"
            checklist.save_document(desa, doc)
            say(f"EDIT {doc.id} {counter}")
        elif op == "att":
            scan = work / f"scan-{os.getpid()}.pdf"
            scan.write_bytes(make_pdf([f"Pindaian {seed}-{n}"],
                                      padding=rng.randint(2_000, 120_000), seed=seed * 7919 + n))
            att = checklist.add_attachment(desa, VILLAGE, "document", rng.choice(docs), scan)
            say(f"ATT {att.id} {att.sha256}")
        elif op == "bundle":
            live_docs = len(checklist.documents(desa, VILLAGE))
            live_atts = desa.db.execute(
                "SELECT count(*) FROM attachments WHERE village_code = ? AND deleted_at IS NULL",
                [VILLAGE]).fetchone()[0]
            result = export_bundle(desa, work / "bundel.zip")
            say(f"EXPORTED {result.seq} {live_docs} {live_atts}")
            imported = import_bundle(kec, result.path)
            say(f"BUNDLE {imported.seq}")
        elif op == "backup":
            dest = work / "cadangan.dlbak"
            backup.create_backup(desa, dest)
            say(f"BACKUP {dest}")


def restore_loop(data_dir: str, first: str, second: str) -> None:
    """``restore DATA_DIR A.dlbak B.dlbak``: restore A, B, A, ... printing RESTORED <name>."""
    store = open_store(Path(data_dir))
    say("READY")
    files = [Path(first), Path(second)]
    n = 0
    while True:
        path = files[n % 2]
        backup.restore(store, path)
        say(f"RESTORED {path.name}")
        n += 1


if __name__ == "__main__":
    if sys.argv[1] == "restore":
        restore_loop(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
