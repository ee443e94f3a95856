"""The column rules (bundles/format.SYNCED_COLUMNS): a well-signed bundle whose rows hold what
the village app would never store (a date that is no date, text where a number belongs, a
negative count, an unknown item code...) is refused with the table, line and field named, and
changes nothing; so one hand-edited bundle cannot break the kecamatan's recap and reports."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from bundle_support import (
    VILLAGE,
    YEAR,
    assert_unchanged_except_log,
    dump,
    make_full_village,
    members,
    rebuild,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desa_layak.bundles import export, importer
from desa_layak.bundles import format as fmt
from desa_layak.bundles.format import BundleError
from desa_layak.core import recap, setup
from desa_layak.reports import data as report_data


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A village with a row in every synced table: its first bundle is held by a kecamatan,
    its second is the one the tests spoil."""
    root = tmp_path_factory.mktemp("columns")
    village = make_full_village(root / "desa")
    out = root / "out"
    out.mkdir()
    first = export.export_bundle(village, out).path
    second = export.export_bundle(village, out).path
    village.close()
    kec = setup.open_store(root / "kec")
    setup.initialise(kec, "kecamatan", "63.06.05")
    assert importer.import_bundle(kec, first).status == importer.IMPORTED
    yield {"bundle": second, "keys": root / "desa" / "keys", "kec": kec, "root": root,
           "first": first}
    kec.close()


def table_rows(bundle: Path, table: str) -> list[dict]:
    data = dict((i.filename, d) for i, d in members(bundle))[fmt.records_member(table)]
    return [json.loads(line) for line in data.splitlines()]


def spoiled(world: dict, table: str, change, name: str = "disunting.dkla",  # noqa: ANN001
            seq: int | None = None) -> Path:
    """The second bundle with ``change(rows)`` applied to one table (and numbered ``seq``),
    signed by the village."""
    rows = table_rows(world["bundle"], table)
    rows = change(rows) or rows
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()

    def number(manifest: dict) -> None:
        if seq is not None:
            manifest["seq"] = seq

    return rebuild(world["bundle"], world["root"] / name, keys_dir=world["keys"],
                   replace={fmt.records_member(table): data}, edit_manifest=number)


def first_row(**values):  # noqa: ANN003, ANN201
    def change(rows: list[dict]) -> None:
        rows[0].update(values)
    return change


def assert_refused(world: dict, path: Path, *phrases: str) -> str:
    kec = world["kec"]
    before = dump(kec)
    with pytest.raises(BundleError) as err:
        importer.import_bundle(kec, path)
    msg = str(err.value)
    assert msg.startswith(f"Bundel '{path.name}' ditolak: "), msg
    for phrase in phrases:
        assert phrase in msg, msg
    assert "constraint" not in msg and "Invalid" not in msg
    assert_unchanged_except_log(before, dump(kec))
    return msg


# (table, change of the first row, what the refusal must say)
CASES = [
    ("documents", first_row(valid_until="31/12/2026"),
     "baris 1 data tabel 'documents': tanggal 'valid_until' bukan tanggal (31/12/2026)"),
    ("documents", first_row(date_set="kemarin"), "tanggal 'date_set' bukan tanggal (kemarin)"),
    ("documents", first_row(valid_from="2024-02-30"),
     "tanggal 'valid_from' bukan tanggal (2024-02-30)"),
    ("documents", first_row(valid_until="20241231"),  # Python reads it; the app never writes it
     "tanggal 'valid_until' bukan tanggal (20241231)"),
    ("documents", first_row(valid_until="2024-12-31\n"), "tanggal 'valid_until' bukan tanggal"),
    ("documents", first_row(valid_until=20241231),
     "tanggal 'valid_until' bukan tanggal (bilangan bulat 20241231)"),
    ("documents", first_row(year="2024"), "'year' bukan bilangan bulat (teks 2024)"),
    ("documents", first_row(year=2024.0), "'year' bukan bilangan bulat (bilangan pecahan 2024.0)"),
    ("documents", first_row(year=3000), "tahun 'year' di luar jangkauan 2000-2100 (3000)"),
    ("documents", first_row(status="hilang"),
     "'status' tidak dikenal (hilang); yang dikenal: ditetapkan, draf"),
    ("documents", first_row(item_code="Z"),
     "butir 'Z' pada kolom 'item_code' belum dikenal aplikasi ini; jika desa memakai "
     "aplikasi Desa Layak yang lebih baru, perbarui aplikasi ini"),
    ("documents", first_row(doc_number=None), "'doc_number' kosong (null)"),
    ("documents", first_row(title=12), "'title' harus teks (bilangan bulat 12)"),
    ("documents", lambda rows: [{k: v for k, v in r.items() if k != "item_code"} for r in rows],
     "baris 1 data tabel 'documents': kolom 'item_code' tidak ada"),
    ("documents", first_row(created_at="kemarin"),
     "waktu 'created_at' bukan waktu ISO 8601 (kemarin)"),
    ("documents", first_row(deleted_at="ya"), "waktu 'deleted_at' bukan waktu ISO 8601 (ya)"),
    ("documents", first_row(rev=True), "'rev' bukan bilangan bulat (benar/salah True)"),
    ("documents", lambda rows: [*rows, dict(rows[0], doc_number="DUPLIKAT")],
     f"baris {3} data tabel 'documents': id '"),
    ("budget_lines", first_row(amount=-5_000_000), "'amount' tidak boleh negatif (-5000000)"),
    ("budget_lines", first_row(realised=10**19), "'realised' terlalu besar (10000000000000000000)"),
    ("budgets", first_row(apbdes_total=-1), "'apbdes_total' tidak boleh negatif (-1)"),
    ("budgets", lambda rows: [*rows, dict(rows[0], id="00000000-0000-4000-8000-00000000000b")],
     "(year) = (2024) sudah ada di baris lain tabel ini"),
    ("data_pilah_values", first_row(value=-7), "'value' tidak boleh negatif (-7)"),
    ("data_pilah_values", first_row(sex="X"),
     "isian data pilah (figure_key, sex, age_band) tidak dikenal"),
    ("data_pilah_values", first_row(figure_key="hewan"), "tidak dikenal (hewan,"),
    ("checklist_years", first_row(catalogue_version=99),
     "katalog daftar periksa versi 99, yang belum dikenal aplikasi ini; perbarui aplikasi"),
    ("teams", first_row(team_key="tim_sepak_bola"),
     "tim 'tim_sepak_bola' pada kolom 'team_key' belum dikenal aplikasi ini"),
    ("teams", first_row(members_p=-3), "'members_p' tidak boleh negatif (-3)"),
    ("team_activities", first_row(date="kemarin"), "tanggal 'date' bukan tanggal (kemarin)"),
    ("facilities", first_row(kind="kolam_renang"),
     "jenis fasilitas 'kolam_renang' pada kolom 'kind' belum dikenal aplikasi ini"),
    ("facilities", first_row(active=2), "'active' tidak dikenal (2); yang dikenal: 0, 1"),
    ("facilities", first_row(condition="hancur"), "'condition' tidak dikenal (hancur)"),
    ("drppa_answers", first_row(value="[1, 2]"), "jawaban indikator 5 ('value') tidak sah"),
    ("drppa_answers", first_row(value='{"perangkat_p": -1}'), "('value') tidak sah"),
    ("drppa_answers", first_row(indicator=11), "indikator DRPPA 'indicator' tidak dikenal (11)"),
    ("attachments", first_row(mime="text/html"), "'mime' tidak dikenal (text/html)"),
    ("attachments", first_row(size=-1), "'size' tidak boleh negatif (-1)"),
    ("villages", first_row(kind="kota"), "data tabel 'villages': 'kind' tidak dikenal (kota)"),
    # between two fields, as the village app's forms refuse them
    ("documents", first_row(valid_from="2026-05-01", valid_until="2026-01-31"),
     "baris 1 data tabel 'documents': 'valid_until' sebelum 'valid_from' (valid_from, "
     "valid_until = 2026-05-01, 2026-01-31)"),
    ("documents", first_row(date_set="2026-06-01", valid_from=None, valid_until="2026-01-31"),
     "'date_set' sesudah masa berlaku berakhir (date_set, valid_until = 2026-06-01, "
     "2026-01-31)"),
    ("budget_lines", first_row(amount=1_000_000, realised=2_500_000),
     "'realised' melebihi 'amount' (realised, amount = 2500000, 1000000)"),
    ("budget_lines", lambda rows: [{k: v for k, v in dict(r, realised=5).items()
                                    if k != "amount"} for r in rows],
     "'realised' melebihi 'amount' (realised, amount = 5, )"),  # left out: the default 0
]


@pytest.mark.parametrize(("table", "change", "phrase"), CASES,
                         ids=[f"{t}-{p[:30]}" for t, _c, p in CASES])
def test_a_row_the_village_app_would_never_store_refuses_the_bundle(world, table, change,
                                                                    phrase):
    assert_refused(world, spoiled(world, table, change), phrase)


def test_the_testers_bundle_is_refused_and_the_reports_keep_working(world, tmp_path):
    """valid_until "31/12/2026" and date_set "kemarin", seq 2: was imported, and then every
    report of the kecamatan stopped with ValueError. The same fields with values the village
    app does store (null, a 29 February, zero, the largest amount) are taken."""
    kec = world["kec"]
    path = spoiled(world, "documents",
                   first_row(valid_until="31/12/2026", date_set="kemarin"), "Wonotulus.dkla")
    assert_refused(world, path, "baris 1 data tabel 'documents': tanggal ")
    assert recap.build(kec, YEAR).villages
    report_data.rakor_data(kec, YEAR)
    report_data.village_report(kec, VILLAGE, YEAR)

    path = spoiled(world, "documents", first_row(
        date_set=None, valid_from="2024-02-29", valid_until="2024-12-31", status="draf",
        doc_number=""), "tepi.dkla")
    for table, change in (("budget_lines", first_row(amount=10**15, realised=0)),
                          ("data_pilah_values", first_row(value=0)),
                          ("facilities", first_row(since_year=None, active=0, condition=""))):
        rows = table_rows(path, table)
        change(rows)
        data = "".join(json.dumps(r) + "\n" for r in rows).encode()
        path = rebuild(path, world["root"] / f"tepi-{table}.dkla", keys_dir=world["keys"],
                       replace={fmt.records_member(table): data})
    kec = setup.open_store(tmp_path / "kec")  # the module's kecamatan keeps bundle 2 unseen
    setup.initialise(kec, "kecamatan", "63.06.05")
    importer.import_bundle(kec, world["first"])
    result = importer.import_bundle(kec, path)
    assert result.status == importer.IMPORTED, result.message
    assert kec.db.execute("SELECT valid_from FROM documents WHERE village_code = ? AND "
                          "status = 'draf'", [VILLAGE]).fetchone() == ("2024-02-29",)
    assert recap.build(kec, YEAR).villages
    report_data.village_report(kec, VILLAGE, YEAR)
    kec.close()


def test_the_same_bundle_counts_the_same_records_on_export_and_import(tmp_path,
                                                                    kecamatan_store):
    village = make_full_village(tmp_path / "desa")
    made = export.export_bundle(village, tmp_path)
    village.close()
    result = importer.import_bundle(kecamatan_store, made.path)
    assert result.records == made.records
    assert f"{made.records} catatan" in result.message


def test_every_synced_column_has_a_rule(tmp_path):
    """A new table or column (a new migration) must say here what it may hold."""
    store = setup.open_store(tmp_path / "s")
    kinds = fmt.column_kinds()
    try:
        for table in fmt.synced_tables(store.db):
            spec = fmt.SYNCED_COLUMNS.get(table)
            assert spec is not None, f"{table} has no entry in format.SYNCED_COLUMNS"
            declared = set(fmt.RECORD_COLUMN_KINDS)
            for col in spec.columns:
                declared |= set(col) if isinstance(col, tuple) else {col}
            if table == fmt.VILLAGE_TABLE:
                declared.discard("village_code")
            assert declared == set(fmt.table_columns(store.db, table)), table
            assert set(spec.required) | set(spec.unique) <= declared, table
            for kind in spec.columns.values():
                assert kind in kinds, kind
    finally:
        store.close()


# -- whatever value lands in whatever column ------------------------------------------------

scalars = (st.none() | st.booleans() | st.integers(-2**65, 2**65) | st.floats(allow_nan=False)
           | st.text(max_size=12) | st.dates().map(str)
           | st.sampled_from(["2024-02-30", "31/12/2026", "20241231", "2024-W01-1", "kemarin",
                              "2024-12-31T08:00:00+00:00", "2024-12-31Z", "ditetapkan", "draf",
                              "A", "L", "0-4", "anak", "forum_anak", "{}", '{"x": 1}', "",
                              "0" * 64, "image/png", "document"]))
SEQS = itertools.count(3)  # every example a newer bundle: judged by its rows, not its number
TABLES = ["villages", "checklist_years", "documents", "attachments", "data_pilah_values",
          "budgets", "budget_lines", "facilities", "teams", "team_activities", "drppa_answers"]


def _columns(table: str) -> list[str]:
    names = list(fmt.RECORD_COLUMN_KINDS)
    for col in fmt.SYNCED_COLUMNS[table].columns:
        names += list(col) if isinstance(col, tuple) else [col]
    return [n for n in names if n not in ("id", "village_code", "code")]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_any_value_in_any_column_is_refused_cleanly_or_leaves_the_reports_working(world, data):
    table = data.draw(st.sampled_from(TABLES))
    column = data.draw(st.sampled_from(_columns(table)))
    value = data.draw(scalars)
    path = spoiled(world, table, first_row(**{column: value}), "acak.dkla", next(SEQS))
    kec = world["kec"]
    before = dump(kec)
    try:
        importer.import_bundle(kec, path)
    except BundleError as err:
        assert "constraint" not in str(err) and "Invalid" not in str(err), str(err)
        assert "nomor urut" not in str(err), str(err)
        assert_unchanged_except_log(before, dump(kec))
        return
    recap.build(kec, YEAR)
    recap.village_detail(kec, VILLAGE, YEAR)
    report_data.rakor_data(kec, YEAR)
    report_data.village_report(kec, VILLAGE, YEAR)
    # The fast check (column by column) and the slow one (row by row) agree.
    rows = table_rows(path, table)
    groups = importer._by_keys(rows)
    assert fmt.row_problem(table, rows, groups) is None
    assert fmt._first_bad_row(table, rows) is None


@pytest.mark.parametrize(("table", "change", "phrase"), CASES[:12],
                         ids=[f"{t}-{p[:30]}" for t, _c, p in CASES[:12]])
def test_the_column_check_and_the_row_check_find_the_same_fault(world, table, change, phrase):
    rows = table_rows(world["bundle"], table)
    rows = change(rows) or rows
    groups = importer._by_keys(rows)
    (keys, values), = groups.items()
    assert not fmt._all_good(table, keys, values, len(rows))
    found = fmt._first_bad_row(table, rows)
    assert found is not None and found[0] == 0


def test_the_rules_hold_the_village_apps_own_sets_and_limits():
    """format.py writes them out (checking a bundle loads no form modules); they must stay
    what the village app enforces."""
    from desa_layak.core import budget, checklist, data_pilah, drppa, facilities, teams

    assert fmt.DOCUMENT_STATUSES == checklist.DOCUMENT_STATUSES
    assert fmt.TEAM_KEYS == tuple(teams.TEAMS)
    assert fmt.FACILITY_KINDS == tuple(facilities.KINDS)
    assert fmt.FACILITY_CONDITIONS == tuple(facilities.CONDITIONS)
    assert fmt.DRPPA_INPUTS == {ind.number: {s.key for s in ind.inputs}
                                for ind in drppa.INDICATORS}
    assert (fmt.MAX_MONEY, fmt.MAX_CHILDREN, fmt.MAX_MEMBERS, fmt.MAX_DRPPA_INPUT) == (
        budget.MAX_AMOUNT, data_pilah.MAX_VALUE, teams.MAX_MEMBERS, drppa.MAX_INPUT)
    low, high = fmt.YEARS
    for year, fine in ((low - 1, False), (low, True), (high, True), (high + 1, False)):
        try:
            checklist.check_year(year)
        except Exception:  # noqa: BLE001 - ValidationError
            assert not fine, year
        else:
            assert fine, year
