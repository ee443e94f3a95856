"""Document dates are stored as 2024-03-27 and travel that way: a village's own bundle is
never refused by its kecamatan because of how a date was typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from bundle_support import VILLAGE, make_village

from desa_layak.bundles.export import export_bundle
from desa_layak.bundles.importer import IMPORTED, import_bundle
from desa_layak.core import checklist, setup
from desa_layak.core.checklist import Document
from desa_layak.errors import ValidationError


@pytest.mark.parametrize("typed", ["20260105", "2026-01-05T08:00", "2026-12-31 lagi",
                                   "0999-01-01", "5/1/2026"])
def test_a_date_in_another_form_is_refused(tmp_path: Path, typed: str) -> None:
    store = make_village(tmp_path / "desa")
    with pytest.raises(ValidationError, match="TTTT-BB-HH"):
        checklist.save_document(store, Document(None, VILLAGE, "C", 2026, doc_number="1",
                                                date_set=typed))
    assert checklist.documents(store, VILLAGE, "C") == []
    store.close()


def test_dates_are_stored_plain(tmp_path: Path) -> None:
    store = make_village(tmp_path / "desa")
    doc = checklist.save_document(store, Document(None, VILLAGE, "C", 2026, doc_number="1",
                                                  date_set=" 2026-01-05 "))
    raw = store.db.execute("SELECT date_set FROM documents WHERE id = ?", [doc.id]).fetchone()
    assert raw[0] == "2026-01-05"
    store.close()


def test_an_older_folders_dates_still_travel(tmp_path: Path) -> None:
    """A folder written before dates were checked this strictly (20260105 stored as typed):
    its export sends 2026-01-05 and the kecamatan imports it."""
    store = make_village(tmp_path / "desa")
    doc = checklist.save_document(store, Document(None, VILLAGE, "C", 2026, doc_number="1",
                                                  date_set="2026-01-05",
                                                  valid_until="2026-12-31"))
    with store.atomic() as db:  # as an older version left it
        db.execute("UPDATE documents SET date_set = '20260105', "
                   "valid_until = '2026-12-31T00:00' WHERE id = ?", [doc.id])
    bundle = export_bundle(store, tmp_path / "kirim.dkla").path
    store.close()
    kec = setup.open_store(tmp_path / "kec")
    setup.initialise(kec, "kecamatan", "63.06.05")
    result = import_bundle(kec, bundle)
    assert result.status == IMPORTED, result.message
    got = kec.db.execute("SELECT date_set, valid_until FROM documents WHERE id = ?",
                         [doc.id]).fetchone()
    assert tuple(got) == ("2026-01-05", "2026-12-31")
    kec.close()
