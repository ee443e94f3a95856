"""Accepting a village's new key: only a real key, the recap stays truthful afterwards, and the
officer's reason can be read back (key-history, the import history page)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
from pathlib import Path

import pytest
from bundle_support import VILLAGE, YEAR, assert_unchanged_except_log, dump, make_village

from desa_layak.bundles import export, importer
from desa_layak.bundles.format import BundleError
from desa_layak.cli import main
from desa_layak.core import recap
from desa_layak.reports import data as report_data


def run(capsys, *argv: str) -> tuple[int, str, str]:  # noqa: ANN001
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err



@pytest.fixture
def reinstalled(tmp_path: Path, kecamatan_store):
    """The kecamatan holds bundles 1-3 of the village; the village's laptop was reinstalled
    (new key, numbering from 1 again) and its first new bundle was refused."""
    village = make_village(tmp_path / "desa")
    out = tmp_path / "out"
    out.mkdir()
    for _ in range(3):
        assert importer.import_bundle(kecamatan_store,
                                      export.export_bundle(village, out).path).ok
    old = export.export_bundle(village, out).path  # bundle 4, old key, not sent yet
    village.close()
    new_village = make_village(tmp_path / "baru")
    new_out = tmp_path / "baru-out"
    new_out.mkdir()
    first_new = export.export_bundle(new_village, new_out).path
    with pytest.raises(BundleError, match="kunci yang berbeda"):
        importer.import_bundle(kecamatan_store, first_new)
    yield {"kec": kecamatan_store, "new": new_village, "new_out": new_out,
           "first_new": first_new, "old_next": old}
    new_village.close()


def _seq(store) -> int:  # noqa: ANN001
    (v,) = [v for v in recap.build(store, YEAR).villages if v.code == VILLAGE]
    assert v.sent
    return v.source.seq


def test_after_accept_key_the_recap_still_shows_the_last_bundle_received(reinstalled):
    kec = reinstalled["kec"]
    importer.accept_key(kec, VILLAGE, "Laptop desa dipasang ulang, dikonfirmasi Sekdes")
    assert _seq(kec) == 3  # not 0 ("belum"): bundle 3 is what the kecamatan holds
    assert report_data.sources(kec)[VILLAGE].last_seq == 3
    assert report_data.data_state(kec, VILLAGE).startswith("Data: bundel ke-3")
    # The first bundle of the new key is taken although its number is 1 ...
    assert importer.import_bundle(kec, reinstalled["first_new"]).status == importer.IMPORTED
    assert _seq(kec) == 1
    # ... and from then on the new key's numbering counts as before.
    assert importer.import_bundle(kec, reinstalled["first_new"]).status == importer.ALREADY
    second_new = export.export_bundle(reinstalled["new"], reinstalled["new_out"]).path
    assert importer.import_bundle(kec, second_new).status == importer.IMPORTED
    before = dump(kec)
    with pytest.raises(BundleError, match="lebih lama"):
        importer.import_bundle(kec, reinstalled["first_new"].rename(
            reinstalled["first_new"].with_name("lama.dkla")))
    assert_unchanged_except_log(before, dump(kec))
    # The old installation's key is no longer taken.
    with pytest.raises(BundleError, match="kunci yang berbeda"):
        importer.import_bundle(kec, reinstalled["old_next"])


@pytest.mark.parametrize("key", [
    "abc",
    "",
    base64.b64encode(b"\x01" * 31).decode(),  # 31 bytes
    base64.b64encode(b"\x01" * 33).decode(),
    base64.b64encode(b"\x01" * 32).decode().rstrip("="),  # not padded
    "-" * 43 + "=",  # not base64
])
def test_accept_key_takes_only_an_ed25519_key_in_the_bundle_encoding(reinstalled, key):
    kec = reinstalled["kec"]
    before = dump(kec)
    with pytest.raises(BundleError, match="bukan kunci publik Ed25519 yang sah"):
        importer.accept_key(kec, VILLAGE, "Laptop desa dipasang ulang", key)
    assert dump(kec) == before
    assert importer.key_changes(kec) == []


def test_accept_key_refuses_the_key_already_pinned(reinstalled):
    kec = reinstalled["kec"]
    pinned = kec.db.execute("SELECT public_key FROM village_sources").fetchone()[0]
    with pytest.raises(BundleError, match="sudah menjadi kunci"):
        importer.accept_key(kec, VILLAGE, "Laptop desa dipasang ulang", pinned)


def test_accept_key_from_the_command_line_refuses_text_that_is_no_key(capsys, reinstalled):
    kec = reinstalled["kec"]
    code, out, err = run(capsys, "--data-dir", kec.data_dir, "accept-key", "--village", VILLAGE,
                         "--reason", "laptop diganti", "--key", "abc")
    assert code == 1 and "bukan kunci publik Ed25519 yang sah" in err + out
    assert importer.key_changes(kec) == []
    new_key = reinstalled["new"].keys_dir.joinpath("ed25519-public.txt").read_text().strip()
    code, out, _ = run(capsys, "--data-dir", kec.data_dir, "accept-key", "--village", VILLAGE,
                       "--reason", "laptop diganti", "--key", new_key)
    assert code == 0 and importer.fingerprint(new_key) in out


def test_key_history_shows_when_which_village_why_and_both_keys(capsys, reinstalled, jakarta):
    kec = reinstalled["kec"]
    code, out, _ = run(capsys, "--data-dir", kec.data_dir, "key-history")
    assert code == 0 and "Belum pernah ada kunci baru" in out
    old_key = kec.db.execute("SELECT public_key FROM village_sources").fetchone()[0]
    new_key = importer.accept_key(kec, VILLAGE, "Laptop desa dipasang ulang, telp. Sekdes")
    kec.db.execute("UPDATE key_changes SET at = '2026-12-06T05:22:13+00:00'")
    code, out, _ = run(capsys, "--data-dir", kec.data_dir, "key-history")
    assert code == 0
    assert "6 Desember 2026 12.22" in out  # local time (WIB), not the recorded UTC
    assert f"{VILLAGE} Gambah Luar" in out
    assert "Laptop desa dipasang ulang, telp. Sekdes" in out
    assert importer.fingerprint(old_key) in out and importer.fingerprint(new_key) in out
    code, out, _ = run(capsys, "--data-dir", kec.data_dir, "key-history", "--json")
    (change,) = json.loads(out)
    assert change["village_code"] == VILLAGE and change["new_key"] == new_key
    assert change["new_fingerprint"] == importer.fingerprint(new_key)


def test_fingerprint_is_the_first_16_hex_digits_of_the_keys_sha256_in_fours():
    import hashlib

    raw = bytes(range(32))
    digest = hashlib.sha256(raw).hexdigest()
    got = importer.fingerprint(base64.b64encode(raw).decode())
    assert got == " ".join(digest[i:i + 4] for i in range(0, 16, 4))


def test_history_prints_local_times(capsys, reinstalled, jakarta):
    kec = reinstalled["kec"]
    kec.db.execute("UPDATE import_log SET at = '2026-12-06T05:17:13+00:00'")
    code, out, _ = run(capsys, "--data-dir", kec.data_dir, "history")
    assert code == 0
    assert "6 Desember 2026 12.17" in out and "+00:00" not in out
    assert dt.datetime.now().astimezone().utcoffset() == dt.timedelta(hours=7)
    assert os.environ["TZ"] == "Asia/Jakarta"
