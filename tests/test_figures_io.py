"""Data pilah template: export, edit in a spreadsheet, import; bad files change nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from desa_layak.cli import main
from desa_layak.core import data_pilah, figure_catalogue, figures_io
from desa_layak.core.figures_io import TemplateError
from desa_layak.errors import ValidationError

VILLAGE = "63.06.05.2005"
Y = 2024
TABLES = ("data_pilah_values", "budgets", "budget_lines", "facilities", "teams",
          "team_activities", "drppa_answers", "attachments")


def dump(store) -> dict:
    """Every row of every figure table, to prove a refused import changed nothing."""
    return {t: store.db.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}


def seed(store) -> dict:
    cat = figure_catalogue.load()
    table = {c: (i % 17) + 20 if c[0] == "anak" else (i % 7) for i, c in enumerate(cat.cells())}
    data_pilah.set_values(store, VILLAGE, Y, table)
    return table


def export(store, tmp_path: Path, name: str) -> Path:
    return figures_io.export_template(store, VILLAGE, Y, tmp_path / name)


def edit_xlsx(path: Path, edits: dict[str, object], out: Path | None = None) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb["Data Pilah"]
    for ref, value in edits.items():
        ws[ref] = value
    out = out or path
    wb.save(out)
    return out


def test_template_layout(store, tmp_path):
    seed(store)
    ws = openpyxl.load_workbook(export(store, tmp_path, "t.xlsx"))["Data Pilah"]
    assert [c.value for c in ws[1]] == ["Kode", "Data", "Jenis kelamin", "0-4", "5-9",
                                        "10-14", "15-17", "Jumlah"]
    assert [ws.cell(r, 1).value for r in (2, 3)] == ["anak", "anak"]
    assert [ws.cell(r, 3).value for r in (2, 3)] == ["L", "P"]
    assert ws["H2"].value == "=SUM(D2:G2)"
    assert ws.max_row == 1 + 5 * 2 + 3
    assert ws.cell(ws.max_row, 1).value == "kekerasan_anak"


def test_xlsx_round_trip_same_numbers(store, tmp_path):
    table = seed(store)
    path = export(store, tmp_path, "t.xlsx")
    # import unchanged: nothing changes
    assert figures_io.import_template(store, VILLAGE, Y, path).changed == 0
    # the secretary edits in Excel: numbers (floats as Excel stores them) and text digits
    edit_xlsx(path, {"D2": 140, "E3": 133.0, "F4": "12", "H12": 4, "D5": None})
    result = figures_io.import_template(store, VILLAGE, Y, path)
    assert result.changed == 5
    expected = dict(table)
    expected.update({("anak", "L", "0-4"): 140, ("anak", "P", "5-9"): 133,
                     ("akta", "L", "10-14"): 12, ("perkawinan_anak", "", ""): 4})
    del expected[("akta", "P", "0-4")]
    assert data_pilah.values(store, VILLAGE, Y) == expected
    assert (result.filled, result.required) == (42, 43)
    # exported again: the same numbers come back out
    again = figures_io.read_template(export(store, tmp_path, "again.xlsx"))
    assert {c: v for c, v in again.items() if v is not None} == expected


def test_csv_round_trip_same_numbers(store, tmp_path):
    table = seed(store)
    path = export(store, tmp_path, "t.csv")
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][0] == "Kode" and rows[1][:3] == ["anak", "Jumlah anak", "L"]
    rows[1][3] = "99"
    rows[-1][7] = "0"
    # also accepted with commas, as some spreadsheets write CSV
    out = tmp_path / "edited.csv"
    with out.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    figures_io.import_template(store, VILLAGE, Y, out)
    table[("anak", "L", "0-4")] = 99
    table[("kekerasan_anak", "", "")] = 0
    assert data_pilah.values(store, VILLAGE, Y) == table


def test_import_of_empty_template_into_an_empty_year(store, tmp_path):
    path = export(store, tmp_path, "kosong.xlsx")
    edit_xlsx(path, {"D2": 5, "D4": 9})
    result = figures_io.import_template(store, VILLAGE, Y, path)
    assert data_pilah.values(store, VILLAGE, Y) == {("anak", "L", "0-4"): 5,
                                                    ("akta", "L", "0-4"): 9}
    assert len(result.warnings) == 1 and "9 melebihi jumlah anak (5)" in result.warnings[0]


@pytest.mark.parametrize("edits,where", [
    ({"C1": "JK"}, "Baris 1, kolom C: judul kolom seharusnya 'Jenis kelamin'"),
    ({"I1": "Catatan"}, "Baris 1, kolom I"),
    ({"E6": -3}, "Baris 6, kolom E"),
    ({"F7": 2.5}, "Baris 7, kolom F"),
    ({"G8": "tiga"}, "Baris 8, kolom G"),
    ({"A9": "anak_yatim"}, "Baris 9, kolom A"),
    ({"C10": "X"}, "Baris 10, kolom C"),
    ({"D12": 1}, "Baris 12, kolom D"),  # a yearly count typed into an age column
    ({"A3": "anak", "C3": "L"}, "Baris 3, kolom A"),  # the same row twice
    ({"I5": 7}, "Baris 5, kolom I"),
])
def test_bad_xlsx_refused_naming_row_and_column_db_unchanged(store, tmp_path, edits, where):
    seed(store)
    path = export(store, tmp_path, "t.xlsx")
    edit_xlsx(path, {"D2": 999, **edits})  # a good edit too: it must not be half-imported
    before = dump(store)
    with pytest.raises(TemplateError) as err:
        figures_io.import_template(store, VILLAGE, Y, path)
    assert where in str(err.value)
    assert "tidak ada angka yang diubah" in str(err.value)
    assert dump(store) == before


def test_a_template_of_another_year_or_village_is_refused(store, tmp_path):
    """Imported as it is, a template exported for 2023 would replace 2024's figures with
    2023's (an empty 2023: every cell emptied)."""
    from desa_layak.core import setup

    seed(store)
    before = dump(store)
    other_year = figures_io.export_template(store, VILLAGE, Y - 1, tmp_path / "2023.xlsx")
    with pytest.raises(ValidationError, match=f"tahun {Y - 1}, bukan tahun {Y}"):
        figures_io.import_template(store, VILLAGE, Y, other_year)
    assert dump(store) == before
    neighbour = setup.open_store(tmp_path / "tetangga")
    setup.initialise(neighbour, "desa", "63.06.05.2006")
    theirs = figures_io.export_template(neighbour, "63.06.05.2006", Y, tmp_path / "t.xlsx")
    neighbour.close()
    with pytest.raises(ValidationError, match="bukan untuk desa/kelurahan ini"):
        figures_io.import_template(store, VILLAGE, Y, theirs)
    assert dump(store) == before
    # its own template of the year still goes in, and tells how many cells it would empty
    own = export(store, tmp_path, "own.xlsx")
    assert figures_io.cells_emptied(store, VILLAGE, Y, own) == 0
    assert figures_io.cells_emptied(store, VILLAGE, Y, other_year) == len(seed(store))


def test_missing_row_refused(store, tmp_path):
    seed(store)
    path = export(store, tmp_path, "t.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Data Pilah"].delete_rows(5)
    wb.save(path)
    before = dump(store)
    with pytest.raises(TemplateError, match="Baris akta P tidak ada"):
        figures_io.import_template(store, VILLAGE, Y, path)
    assert dump(store) == before


def test_bad_csv_refused_db_unchanged(store, tmp_path):
    seed(store)
    path = export(store, tmp_path, "t.csv")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[3].split(";")
    cells[4] = "1,5"
    lines[3] = ";".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8-sig")
    before = dump(store)
    with pytest.raises(TemplateError, match="Baris 4, kolom E"):
        figures_io.import_template(store, VILLAGE, Y, path)
    assert dump(store) == before


def test_not_a_spreadsheet_and_unknown_format(store, tmp_path):
    fake = tmp_path / "rusak.xlsx"
    fake.write_bytes(b"bukan zip")
    with pytest.raises(ValidationError, match="tidak dapat dibaca"):
        figures_io.import_template(store, VILLAGE, Y, fake)
    with pytest.raises(ValidationError, match="tidak didukung"):
        figures_io.export_template(store, VILLAGE, Y, tmp_path / "x.ods")
    empty = tmp_path / "kosong.csv"
    empty.write_text("")
    with pytest.raises(TemplateError, match="berkas kosong"):
        figures_io.import_template(store, VILLAGE, Y, empty)


def test_cli_export_edit_import(store, data_dir, tmp_path, capsys):
    d = str(data_dir)
    assert main(["--data-dir", d, "data-pilah", "set", "--year", str(Y), "anak.L.0-4=10",
                 "akta.L.0-4=12", "pekerja_anak=0"]) == 0
    assert "12 melebihi jumlah anak (10)" in capsys.readouterr().out
    out = tmp_path / "dp.xlsx"
    assert main(["--data-dir", d, "data-pilah", "export", "--year", str(Y), "--out",
                 str(out)]) == 0
    edit_xlsx(out, {"D4": 8, "E2": 11})
    assert main(["--data-dir", d, "data-pilah", "import", "--year", str(Y), str(out)]) == 0
    assert data_pilah.values(store, VILLAGE, Y)[("akta", "L", "0-4")] == 8
    edit_xlsx(out, {"E2": "sebelas"})
    capsys.readouterr()
    assert main(["--data-dir", d, "data-pilah", "import", "--year", str(Y), str(out)]) == 1
    assert "Baris 2, kolom E" in capsys.readouterr().err
    assert data_pilah.values(store, VILLAGE, Y)[("anak", "L", "5-9")] == 11
    assert main(["--data-dir", d, "data-pilah", "set", "anak.X.0-4=1"]) == 1


def test_cli_budget_team_facility_drppa(store, data_dir, tmp_path, capsys):
    from desa_layak.core import budget, drppa, facilities, teams
    from desa_layak.core.sample_files import make_jpeg

    d = ["--data-dir", str(data_dir)]
    yr = ["--year", str(Y)]
    assert main([*d, "budget", "set-apbdes", *yr, "Rp 2.500.000.000"]) == 0
    assert main([*d, "budget", "add-line", *yr, "--activity", "Posyandu", "--amount",
                 "1250000000", "--source", "Dana Desa"]) == 0
    line_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert main([*d, "budget", "edit-line", line_id, "--realised", "1000000000"]) == 0
    assert main([*d, "budget", "show", *yr]) == 0
    assert "50,00% dari APBDes" in capsys.readouterr().out
    b = budget.get_budget(store, VILLAGE, Y)
    assert (b.apbdes_total, b.lines[0].realised) == (2_500_000_000, 1_000_000_000)
    assert main([*d, "budget", "add-line", *yr, "--activity", "X", "--amount", "-1"]) == 1
    capsys.readouterr()
    for typo in ("12500000.50", "12.500.00", "12.5"):  # once Rp 1.250.000.050, 1.250.000, 125
        assert main([*d, "budget", "set-apbdes", *yr, typo]) == 1
        assert "tanpa sen, misalnya 12.500.000" in capsys.readouterr().err
    assert budget.get_budget(store, VILLAGE, Y).apbdes_total == 2_500_000_000

    assert main([*d, "team", "set", *yr, "forum_anak", "--members-l", "9", "--members-p",
                 "12", "--chair", "Nur"]) == 0
    pic = tmp_path / "k.jpg"
    pic.write_bytes(make_jpeg(320, 240, seed=1))
    assert main([*d, "team", "add-activity", *yr, "forum_anak", "--title", "Musyawarah",
                 "--date", f"{Y}-01-25", "--photo", str(pic)]) == 0
    t = teams.get_team(store, VILLAGE, Y, "forum_anak")
    assert (t.members_l, t.members_p, t.chair_name) == (9, 12, "Nur")
    assert t.activities[0].photos == 1

    assert main([*d, "facility", "add", "--kind", "pojok_baca", "--name", "Pojok Baca",
                 "--photo", str(pic)]) == 0
    fid = capsys.readouterr().out.strip().splitlines()[-1]
    assert facilities.get_facility(store, fid).photos == 1
    assert main([*d, "facility", "edit", fid, "--inactive"]) == 0
    assert facilities.get_facility(store, fid).active is False
    assert main([*d, "facility", "add", "--kind", "menara", "--name", "X"]) == 1

    assert main([*d, "drppa", "set", *yr, "5", "perangkat_p=3", "perangkat_total=11"]) == 0
    assert drppa.answers(store, VILLAGE, Y)[5] == {"perangkat_p": 3, "perangkat_total": 11}
    assert main([*d, "drppa", "set", *yr, "2", "x=1"]) == 1
    capsys.readouterr()
    assert main([*d, "drppa", "show", *yr, "--json"]) == 0
    import json

    shown = json.loads(capsys.readouterr().out)
    assert [r["indicator"] for r in shown] == list(range(1, 11))
    assert shown[0]["facts"][0]["value"] == "21"  # Forum Anak members, derived from the team


def test_cli_kecamatan_reads_a_village_with_village_option(kecamatan_store, tmp_path, capsys):
    d = ["--data-dir", str(kecamatan_store.data_dir)]
    data_pilah.set_values(kecamatan_store, VILLAGE, Y, {("anak", "P", "0-4"): 31})
    assert main([*d, "data-pilah", "show", "--year", str(Y)]) == 2
    assert "--village" in capsys.readouterr().err
    assert main([*d, "data-pilah", "show", "--year", str(Y), "--village", VILLAGE,
                 "--json"]) == 0
    import json

    shown = json.loads(capsys.readouterr().out)
    assert shown["values"] == {"anak.P.0-4": 31}
    # every row label whole on the terminal (found by an exploratory tester: "…dilaporkan dala")
    assert main([*d, "data-pilah", "show", "--year", str(Y), "--village", VILLAGE]) == 0
    from desa_layak.core import figure_catalogue

    printed = capsys.readouterr().out
    assert all(f.label in printed for f in figure_catalogue.load().figures)
    out = tmp_path / "x.csv"
    assert main([*d, "data-pilah", "export", "--year", str(Y), "--village", VILLAGE,
                 "--out", str(out)]) == 0
    assert ";31;" in out.read_text(encoding="utf-8-sig")
