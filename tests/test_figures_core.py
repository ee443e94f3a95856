"""Figures behind items F, G, H and the teams: validation rules and derived states."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desa_layak.core import (
    budget,
    checklist,
    data_pilah,
    drppa,
    facilities,
    figure_catalogue,
    teams,
)
from desa_layak.core.checklist import Document
from desa_layak.core.sample_files import make_jpeg, make_pdf
from desa_layak.core.states import ItemState
from desa_layak.errors import ValidationError

VILLAGE = "63.06.05.2005"

Y = 2024
ON = dt.date(2024, 3, 27)


def full_table(children: int = 10) -> dict:
    cat = figure_catalogue.load()
    table = {}
    for cell in cat.cells():
        table[cell] = children if cell[0] == "anak" else (0 if cell[1] == "" else children // 2)
    return table


def state(store, code: str) -> ItemState:
    return next(s for s in checklist.statuses(store, VILLAGE, Y, ON) if s.item.code == code).state


def photo(tmp_path: Path, name: str = "foto.jpg") -> Path:
    p = tmp_path / name
    p.write_bytes(make_jpeg(640, 480, seed=3, label="Foto"))
    return p


def doc(store, item: str, tmp_path: Path | None = None) -> Document:
    d = checklist.save_document(store, Document(
        id=None, village_code=VILLAGE, item_code=item, year=Y, doc_number=f"1/{item}/{Y}",
        date_set=f"{Y}-01-05", valid_from=f"{Y}-01-05", valid_until=f"{Y}-12-31"))
    if tmp_path is not None:
        pdf = tmp_path / f"{item}.pdf"
        pdf.write_bytes(make_pdf(["Dokumen", item]))
        checklist.add_attachment(store, VILLAGE, "document", d.id, pdf)
    return d


# -- catalogue --------------------------------------------------------------------------------

def test_catalogue_has_the_split_and_yearly_counts():
    cat = figure_catalogue.load()
    assert [s.code for s in cat.sexes] == ["L", "P"]
    assert [b.code for b in cat.age_bands] == ["0-4", "5-9", "10-14", "15-17"]
    for key in ("akta", "kia", "disabilitas", "tidak_sekolah"):
        assert cat.figure(key).part_of == "anak" and cat.figure(key).is_split
    for key in ("perkawinan_anak", "pekerja_anak", "kekerasan_anak"):
        assert not cat.figure(key).is_split
    assert figure_catalogue.required_cells() == 5 * 8 + 3 == len(cat.required())


def test_catalogue_refuses_unknown_whole():
    with pytest.raises(figure_catalogue.CatalogueError):
        figure_catalogue.parse({"version": 9, "sexes": [], "age_bands": [], "figures": [
            {"key": "a", "label": "A", "split": "none", "part_of": "zzz"}]})


# -- data pilah -------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["-1", -3, "2,5", 2.5, "dua", True, "1e3", "2.5", "1.25",
                                 "12.34.567"])
def test_data_pilah_refuses_anything_but_whole_numbers(store, raw):
    with pytest.raises(ValidationError):
        data_pilah.set_value(store, VILLAGE, Y, ("anak", "L", "0-4"), raw)
    assert data_pilah.values(store, VILLAGE, Y) == {}


def test_data_pilah_reads_thousands_dots_everywhere(store):
    """1.234 is one thousand two hundred and thirty-four wherever it is typed: the grid, the
    command line and the spreadsheet import all go through parse_value."""
    data_pilah.set_values(store, VILLAGE, Y, {("anak", "L", "0-4"): "1.234",
                                              ("anak", "P", "0-4"): "12.345"})
    assert data_pilah.values(store, VILLAGE, Y) == {("anak", "L", "0-4"): 1234,
                                                    ("anak", "P", "0-4"): 12345}


def test_budget_keeps_the_parsers_reason(store):
    with pytest.raises(ValidationError, match="memuat sen"):
        budget.parse_amount("12.500.000,50", "Total APBDes")


def test_data_pilah_accepts_whole_numbers_and_clears(store):
    data_pilah.set_values(store, VILLAGE, Y, {("anak", "L", "0-4"): " 12 ",
                                              ("anak", "P", "0-4"): 7.0,
                                              ("perkawinan_anak", "", ""): 0})
    assert data_pilah.values(store, VILLAGE, Y) == {
        ("anak", "L", "0-4"): 12, ("anak", "P", "0-4"): 7, ("perkawinan_anak", "", ""): 0}
    data_pilah.set_value(store, VILLAGE, Y, ("anak", "L", "0-4"), "")
    assert ("anak", "L", "0-4") not in data_pilah.values(store, VILLAGE, Y)
    # cleared then typed again: the tombstone is revived, not duplicated
    data_pilah.set_value(store, VILLAGE, Y, ("anak", "L", "0-4"), 3)
    assert data_pilah.values(store, VILLAGE, Y)[("anak", "L", "0-4")] == 3
    assert store.db.execute("SELECT count(*) FROM data_pilah_values").fetchone()[0] == 3


def test_years_out_of_range_refused(store):
    with pytest.raises(ValidationError, match="di luar jangkauan"):
        data_pilah.set_value(store, VILLAGE, 1999, ("anak", "L", "0-4"), 1)
    with pytest.raises(ValidationError, match="di luar jangkauan"):
        teams.set_team(store, VILLAGE, 2101, "patbm", members_l=1)
    assert data_pilah.village_totals(store, 1999) == {}


def test_data_pilah_refuses_unknown_cells_and_writes_nothing(store):
    with pytest.raises(ValidationError):
        data_pilah.set_values(store, VILLAGE, Y, {("anak", "L", "0-4"): 5,
                                                  ("anak", "X", "0-4"): 1})
    with pytest.raises(ValidationError):
        data_pilah.set_value(store, VILLAGE, Y, ("perkawinan_anak", "L", ""), 1)
    assert data_pilah.values(store, VILLAGE, Y) == {}


def test_part_larger_than_whole_is_flagged_in_words():
    table = {("anak", "P", "5-9"): 25, ("akta", "P", "5-9"): 30, ("kia", "P", "5-9"): 25,
             ("akta", "L", "0-4"): 4}
    problems = data_pilah.problems(table)
    assert len(problems) == 1
    assert problems[0].cell == ("akta", "P", "5-9")
    assert "30 melebihi jumlah anak (25)" in problems[0].text
    assert "Perempuan" in problems[0].text and "5-9" in problems[0].text


def test_village_totals_for_the_recap(kecamatan_store):
    a, b = "63.06.05.2005", "63.06.05.1001"
    data_pilah.set_values(kecamatan_store, a, Y, {("anak", "L", "0-4"): 10,
                                                  ("anak", "P", "5-9"): 5,
                                                  ("perkawinan_anak", "", ""): 2})
    data_pilah.set_values(kecamatan_store, b, Y, {("anak", "P", "0-4"): 4})
    data_pilah.set_values(kecamatan_store, b, Y - 1, {("anak", "P", "0-4"): 99})
    totals = data_pilah.village_totals(kecamatan_store, Y)
    assert totals[a]["anak"] == data_pilah.FigureTotals(10, 5, 15)
    assert totals[a]["perkawinan_anak"].total == 2
    assert totals[b]["anak"] == data_pilah.FigureTotals(0, 4, 4)
    assert set(data_pilah.village_totals(kecamatan_store, Y, [b])) == {b}


def test_item_f_states(store, tmp_path):
    assert state(store, "F") == ItemState.NOT_STARTED
    data_pilah.set_value(store, VILLAGE, Y, ("anak", "L", "0-4"), 3)
    assert state(store, "F") == ItemState.IN_PROGRESS
    data_pilah.set_values(store, VILLAGE, Y, full_table())
    assert state(store, "F") == ItemState.COMPLETE
    # a source document recorded without its scan holds F back
    d = doc(store, "F")
    assert state(store, "F") == ItemState.NO_ATTACHMENT
    pdf = tmp_path / "f.pdf"
    pdf.write_bytes(make_pdf(["Data pilah"]))
    checklist.add_attachment(store, VILLAGE, "document", d.id, pdf)
    assert state(store, "F") == ItemState.COMPLETE
    # one cell cleared: no longer complete
    data_pilah.set_value(store, VILLAGE, Y, ("kia", "P", "15-17"), None)
    assert state(store, "F") == ItemState.IN_PROGRESS


# -- budget -----------------------------------------------------------------------------------

def test_budget_money_in_billions_and_share(store):
    budget.set_apbdes(store, VILLAGE, Y, "Rp 3.500.000.000")
    budget.save_line(store, budget.BudgetLine(None, VILLAGE, Y, "Posyandu", amount=2_800_000_000,
                                              realised=2_750_000_000))
    budget.save_line(store, budget.BudgetLine(None, VILLAGE, Y, "Forum Anak",
                                              amount="12.500.000"))
    b = budget.get_budget(store, VILLAGE, Y)
    assert b.apbdes_total == 3_500_000_000
    assert b.lines_total == 2_812_500_000
    assert b.share == pytest.approx(2_812_500_000 / 3_500_000_000)
    assert b.share_text() == "80,36%"
    assert b.warnings() == []
    big = 9_000_000_000_000  # beyond 32 bits and 2^53/1000: stored exactly
    budget.set_apbdes(store, VILLAGE, Y, big)
    assert budget.get_budget(store, VILLAGE, Y).apbdes_total == big


@pytest.mark.parametrize("fields,words", [
    ({"activity": "  "}, "Nama kegiatan"),
    ({"amount": "-5"}, "negatif"),
    ({"amount": "12,5"}, "bukan jumlah"),
    ({"amount": 100, "realised": 101}, "melebihi"),
    ({"amount": 10**16}, "terlalu besar"),
])
def test_budget_line_validation(store, fields, words):
    line = budget.BudgetLine(None, VILLAGE, Y, **{"activity": "Posyandu", **fields})
    with pytest.raises(ValidationError, match=words):
        budget.save_line(store, line)
    assert budget.get_budget(store, VILLAGE, Y).lines == []


def test_budget_warns_when_lines_exceed_apbdes(store):
    budget.save_line(store, budget.BudgetLine(None, VILLAGE, Y, "A", amount=500))
    assert "belum diisi" in budget.get_budget(store, VILLAGE, Y).warnings()[0]
    budget.set_apbdes(store, VILLAGE, Y, 400)
    assert "melebihi" in budget.get_budget(store, VILLAGE, Y).warnings()[0]


def test_budget_edit_delete_and_totals(store):
    line = budget.save_line(store, budget.BudgetLine(None, VILLAGE, Y, "A", amount=100))
    line.amount = 250
    budget.save_line(store, line)
    assert budget.get_budget(store, VILLAGE, Y).lines_total == 250
    budget.set_apbdes(store, VILLAGE, Y, 1000)
    assert budget.village_totals(store, Y)[VILLAGE] == budget.BudgetTotals(1000, 1, 250, 0)
    budget.delete_line(store, line.id)
    assert budget.get_budget(store, VILLAGE, Y).lines == []
    row = store.db.execute("SELECT deleted_at FROM budget_lines WHERE id = ?", [line.id]).fetchone()
    assert row[0] is not None  # tombstone, not removed


def test_item_g_states(store, tmp_path):
    assert state(store, "G") == ItemState.NOT_STARTED
    line = budget.save_line(store, budget.BudgetLine(None, VILLAGE, Y, "PMT", amount=1))
    assert state(store, "G") == ItemState.NO_ATTACHMENT
    budget.delete_line(store, line.id)
    d = doc(store, "G")
    assert state(store, "G") == ItemState.IN_PROGRESS
    budget.save_line(store, budget.BudgetLine(None, VILLAGE, Y, "PMT", amount=1))
    assert state(store, "G") == ItemState.NO_ATTACHMENT
    pdf = tmp_path / "g.pdf"
    pdf.write_bytes(make_pdf(["APBDes"]))
    checklist.add_attachment(store, VILLAGE, "document", d.id, pdf)
    assert state(store, "G") == ItemState.COMPLETE


# -- facilities -------------------------------------------------------------------------------

@pytest.mark.parametrize("fields,words", [
    ({"kind": "menara"}, "Jenis fasilitas"),
    ({"name": " "}, "Nama fasilitas"),
    ({"condition": "bagus"}, "Kondisi"),
    ({"since_year": 1800}, "tidak masuk akal"),
    ({"since_year": "dulu"}, "bukan tahun"),
])
def test_facility_validation(store, fields, words):
    f = facilities.Facility(None, VILLAGE, **{"kind": "pojok_baca", "name": "Pojok", **fields})
    with pytest.raises(ValidationError, match=words):
        facilities.save_facility(store, f)
    assert facilities.list_facilities(store, VILLAGE) == []


def test_item_h_states(store, tmp_path):
    assert state(store, "H") == ItemState.NOT_STARTED
    f = facilities.save_facility(store, facilities.Facility(
        None, VILLAGE, "wifi_publik", "Wifi Balai Desa", since_year=2022))
    assert state(store, "H") == ItemState.NO_ATTACHMENT
    with pytest.raises(ValidationError, match="bukan foto"):
        facilities.add_photo(store, f.id, tmp_path / "x.pdf")
    facilities.add_photo(store, f.id, photo(tmp_path))
    assert facilities.get_facility(store, f.id).photos == 1
    assert state(store, "H") == ItemState.COMPLETE
    f.active = False
    facilities.save_facility(store, f)
    assert state(store, "H") == ItemState.NOT_STARTED
    f.active, f.since_year = True, 2025  # opened after the year judged
    facilities.save_facility(store, f)
    assert state(store, "H") == ItemState.NOT_STARTED
    f.since_year = None
    facilities.save_facility(store, f)
    assert state(store, "H") == ItemState.COMPLETE
    facilities.delete_facility(store, f.id)
    assert state(store, "H") == ItemState.NOT_STARTED
    assert checklist.attachments_of(store, "facility", f.id) == []


# -- teams ------------------------------------------------------------------------------------

def test_teams_members_chair_and_activities(store, tmp_path):
    assert [t.key for t in teams.get_teams(store, VILLAGE, Y)] == [
        "tim_dla", "tim_drppa", "patbm", "forum_anak"]
    assert [t.item_code for t in teams.get_teams(store, VILLAGE, Y)] == ["B", "C", "D", "E"]
    teams.set_team(store, VILLAGE, Y, "patbm", members_l="5", members_p=6, chair_name=" Yusuf ")
    teams.set_team(store, VILLAGE, Y, "patbm", members_p=8)  # others kept
    t = teams.get_team(store, VILLAGE, Y, "patbm")
    assert (t.members_l, t.members_p, t.chair_name, t.members) == (5, 8, "Yusuf", 13)
    a = teams.save_activity(store, teams.Activity(None, VILLAGE, Y, "patbm", f"{Y}-05-02",
                                                  "Sosialisasi", "di balai"))
    teams.add_activity_photo(store, a.id, photo(tmp_path))
    assert teams.get_activity(store, a.id).photos == 1
    totals = teams.village_totals(store, Y)[VILLAGE]
    assert totals["patbm"] == teams.TeamTotals(5, 8, 1)
    teams.delete_activity(store, a.id)
    assert teams.get_team(store, VILLAGE, Y, "patbm").activities == []
    assert checklist.attachments_of(store, "activity", a.id) == []


@pytest.mark.parametrize("call,words", [
    (lambda s: teams.set_team(s, VILLAGE, Y, "karang_taruna", members_l=1), "tidak dikenal"),
    (lambda s: teams.set_team(s, VILLAGE, Y, "patbm", members_l=-1), "negatif"),
    (lambda s: teams.set_team(s, VILLAGE, Y, "patbm", members_p="x"), "bukan bilangan"),
    (lambda s: teams.set_team(s, VILLAGE, Y, "patbm", members_p="²"), "bukan bilangan"),
    (lambda s: teams.set_team(s, VILLAGE, Y, "patbm", members_p="--5"), "bukan bilangan"),
    (lambda s: teams.save_activity(s, teams.Activity(None, VILLAGE, Y, "patbm", None, " ")),
     "Judul"),
    (lambda s: teams.save_activity(s, teams.Activity(None, VILLAGE, Y, "patbm", "2023-05-01",
                                                     "Rapat")),
     "Tanggal kegiatan 1 Mei 2023 tidak berada di tahun 2024"),
    (lambda s: teams.save_activity(s, teams.Activity(None, VILLAGE, Y, "patbm", "kemarin",
                                                     "Rapat")), "bukan tanggal"),
])
def test_team_validation(store, call, words):
    with pytest.raises(ValidationError, match=words):
        call(store)
    assert teams.village_totals(store, Y) == {}


# -- DRPPA ------------------------------------------------------------------------------------

def results(store) -> dict[int, drppa.IndicatorResult]:
    return {r.indicator.number: r for r in drppa.evaluate(store, VILLAGE, Y, ON)}


def test_drppa_budget_indicator_waits_for_the_budget(store):
    """Indicator 4: nothing of the year's budget entered is 'not yet judged'; an APBDes
    entered without any line for children is 'not met'; a line for children meets it."""
    assert results(store)[4].met is None
    assert "belum diisi" in results(store)[4].summary
    budget.set_apbdes(store, VILLAGE, Y, 2_000_000_000)
    assert results(store)[4].met is False
    budget.save_line(store, budget.BudgetLine(None, VILLAGE, Y, "PMT", amount=1_000_000))
    assert results(store)[4].met is True


def test_drppa_derives_from_existing_figures(store, tmp_path):
    r = results(store)
    assert len(r) == 10
    assert r[2].met is False and r[3].met is False and r[4].met is None  # no budget yet
    table = full_table()
    table[("perkawinan_anak", "", "")] = 1
    data_pilah.set_values(store, VILLAGE, Y, table)
    budget.save_line(store, budget.BudgetLine(None, VILLAGE, Y, "PMT", amount=1_000_000))
    a = doc(store, "A", tmp_path)
    assert a.id
    r = results(store)
    assert r[2].met is True
    assert r[3].met is True
    assert r[4].met is True and "Rp 1.000.000" in [f.value for f in r[4].facts]
    assert r[7].met is False  # akta 5 of 10 in every cell
    assert r[9].met is True and r[10].met is False
    assert r[8].met is None  # violence against women / trafficking not yet answered
    drppa.set_answers(store, VILLAGE, Y, 8, {"kekerasan_perempuan": 0, "korban_tppo": "0"})
    assert results(store)[8].met is True


def test_drppa_birth_certificates_judged_only_from_complete_figures(store):
    from desa_layak.reports.data import drppa as report_rows

    # one band of one sex filled: 2.000 children, 159 with akta (the tester's case)
    data_pilah.set_values(store, VILLAGE, Y, {("anak", "L", "0-4"): 2000,
                                              ("akta", "L", "0-4"): 159})
    r7 = results(store)[7]
    assert r7.met is None
    assert r7.summary == ("Data jumlah anak dan akta kelahiran belum lengkap: "
                          "2 dari 16 isian terisi.")
    assert "1.841" not in r7.summary and "1.841" not in str(r7.facts)
    assert r7.facts[0].value.startswith("belum lengkap, 1 dari 8 isian")
    seven = next(row for row in report_rows(store, VILLAGE, Y, ON) if row.indicator == 7)
    assert seven.verdict == "Belum dapat dinilai"
    # every child counted, one akta cell still empty: still not judged
    table = full_table()
    del table[("akta", "P", "15-17")]
    data_pilah.set_values(store, VILLAGE, Y, table)
    assert results(store)[7].met is None
    # complete: counted per sex and age band, a band with too many akta hides nothing
    data_pilah.set_values(store, VILLAGE, Y, {
        **{c: 10 for c in table if c[0] == "akta"},
        ("akta", "P", "15-17"): 10, ("akta", "L", "0-4"): 13, ("akta", "P", "0-4"): 7})
    r7 = results(store)[7]
    assert r7.met is False and r7.summary == "3 anak belum memiliki akta kelahiran."
    data_pilah.set_value(store, VILLAGE, Y, ("akta", "L", "0-4"), 10)
    data_pilah.set_value(store, VILLAGE, Y, ("akta", "P", "0-4"), 10)
    assert results(store)[7].met is True


def test_drppa_facts_never_give_a_total_of_some_cells(store):
    data_pilah.set_values(store, VILLAGE, Y, {("tidak_sekolah", "P", "10-14"): 4})
    facts = {f.label: f.value for f in results(store)[7].facts}
    assert facts["Anak tidak bersekolah"] == "belum lengkap, 1 dari 8 isian"


def test_drppa_organised_needs_the_forum_anak_entered(store):
    drppa.set_answers(store, VILLAGE, Y, 1, {"kelompok_perempuan": 3})
    r1 = results(store)[1]
    assert r1.met is None  # Forum Anak not entered: not a Forum Anak of no members
    assert r1.summary == "Isi jumlah anggota Forum Anak (halaman Tim)."
    assert r1.facts[0].value == "belum diisi"
    teams.set_team(store, VILLAGE, Y, "forum_anak", members_l=0, members_p=0)
    assert results(store)[1].met is False
    teams.set_team(store, VILLAGE, Y, "forum_anak", members_l=5, members_p=7)
    r1 = results(store)[1]
    assert r1.met is True and r1.facts[0].value == "12"
    drppa.set_answers(store, VILLAGE, Y, 1, {"kelompok_perempuan": 0})
    assert results(store)[1].met is False


def test_drppa_direct_answers_and_refusals(store):
    with pytest.raises(ValidationError, match="dihitung dari data"):
        drppa.set_answers(store, VILLAGE, Y, 2, {"x": 1})  # derived: never typed twice
    with pytest.raises(ValidationError, match="tidak ada di indikator"):
        drppa.set_answers(store, VILLAGE, Y, 5, {"kekerasan_anak": 1})
    with pytest.raises(ValidationError, match="melebihi"):
        drppa.set_answers(store, VILLAGE, Y, 5, {"perangkat_p": 4, "perangkat_total": 3})
    for bad in ("banyak", "²", "--3", "٣"):
        with pytest.raises(ValidationError, match="bukan bilangan"):
            drppa.set_answers(store, VILLAGE, Y, 6, {"wirausaha_p": bad})
    with pytest.raises(ValidationError, match="1-10"):
        drppa.set_answers(store, VILLAGE, Y, 11, {"a": 1})
    assert drppa.answers(store, VILLAGE, Y) == {}
    drppa.set_answers(store, VILLAGE, Y, 5, {"perangkat_p": 3, "perangkat_total": 11,
                                             "bpd_p": 2, "bpd_total": 7})
    drppa.set_answers(store, VILLAGE, Y, 6, {"wirausaha_p": 40, "wirausaha_total": 100})
    r = results(store)
    assert r[5].met is True and r[6].met is True
    assert "40 dari 100 (40,0%)" in r[6].facts[0].value
    drppa.set_answers(store, VILLAGE, Y, 5, {"bpd_p": ""})
    assert "bpd_p" not in drppa.answers(store, VILLAGE, Y)[5]
    assert results(store)[5].met is None
    # every derived indicator has no inputs: what the village entered elsewhere is not asked
    derived = {i.number for i in drppa.INDICATORS if not i.inputs}
    assert derived == {2, 3, 4, 7, 9, 10}


def test_drppa_women_entrepreneurs_have_their_own_sentence(store):
    assert results(store)[6].summary == "Belum diisi."
    assert results(store)[6].facts[0].value == "belum diisi"
    drppa.set_answers(store, VILLAGE, Y, 6, {"wirausaha_p": 12, "wirausaha_total": 48})
    r6 = results(store)[6]
    assert r6.met is True
    assert r6.summary == "Ada pelaku usaha perempuan di desa."
    assert r6.facts[0].value == "12 dari 48 (25,0%)"
    assert "terwakili" not in r6.summary  # indicator 5's sentence
    drppa.set_answers(store, VILLAGE, Y, 6, {"wirausaha_p": 0})
    r6 = results(store)[6]
    assert r6.met is False and r6.summary == "Belum ada pelaku usaha perempuan."
    drppa.set_answers(store, VILLAGE, Y, 5, {"perangkat_p": 2, "perangkat_total": 9,
                                             "bpd_p": 1, "bpd_total": 5})
    assert results(store)[5].summary == "Perempuan terwakili."


def test_drppa_one_recorded_case_is_not_met_even_with_empty_fields(store):
    r8 = results(store)[8]
    assert r8.met is None and r8.summary == "Belum diisi."  # nothing known at all
    assert [f.value for f in r8.facts] == ["belum diisi"] * 3  # never a bare "-"
    drppa.set_answers(store, VILLAGE, Y, 8, {"kekerasan_perempuan": 0})
    r8 = results(store)[8]
    assert r8.met is None and r8.summary == "Belum diisi lengkap."  # a zero, others empty
    drppa.set_answers(store, VILLAGE, Y, 8, {"kekerasan_perempuan": 1})
    r8 = results(store)[8]
    assert r8.met is False and r8.summary == "Masih ada kasus tercatat."
    assert [f.value for f in r8.facts] == ["belum diisi", "1", "belum diisi"]
    # a case counted in the data pilah alone is enough too (indicator 10)
    table = {("perkawinan_anak", "", ""): 1}
    data_pilah.set_values(store, VILLAGE, Y, table)
    assert results(store)[10].met is False


def test_drppa_fact_sources_read_cleanly(store):
    sources = [f.source for r in results(store).values() for f in r.facts]
    assert "Tim Forum Anak" in sources
    assert not any(":" in s for s in sources)  # the window prints "dari: <source>"
