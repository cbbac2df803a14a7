"""``duban corpus …`` through the command's entry point."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from duban.cli import main

REPORTS = Path(__file__).resolve().parent / "fixtures" / "reports"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    src = root / "src"
    src.mkdir()
    for name in ("2016_hailaer_gbk.txt", "2017_hailaer_gbk.txt"):
        shutil.copy(REPORTS / name, src / name)
    (src / "broken.txt").write_bytes(b"")
    ds = root / "ds"
    assert main(["corpus", "extract", str(src), "-o", str(ds), "--workers", "1"]) == 0
    return src, ds


def test_extract_prints_a_summary_and_points_at_failures(built, capsys, tmp_path):
    src, _ = built
    assert main(["corpus", "extract", str(src), "-o", str(tmp_path / "d"), "--workers", "1", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "2 extracted, 0 already done, 0 duplicate, 1 failed of 3 files" in out
    assert "SELECT * FROM errors" in out


def test_extract_json_summary_and_resume(built, capsys):
    src, ds = built
    assert main(["corpus", "extract", str(src), "-o", str(ds), "--workers", "1", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert (stats["extracted"], stats["skipped_done"], stats["failed"]) == (0, 2, 1)


def test_query_as_json(built, capsys):
    _, ds = built
    assert main(["corpus", "query", str(ds), "SELECT place, year FROM reports ORDER BY year", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"place": "海拉尔区", "year": 2016}, {"place": "海拉尔区", "year": 2017}]


def test_query_as_csv_to_a_file(built, tmp_path):
    _, ds = built
    out = tmp_path / "r.csv"
    assert main(["corpus", "query", str(ds), "SELECT year, n_targets > 0 AS has_targets FROM reports ORDER BY year", "--format", "csv", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").splitlines() == ["year,has_targets", "2016,True", "2017,True"]


def test_targets_ready_query_one_row_per_report(built, capsys):
    _, ds = built
    assert main(["corpus", "targets", str(ds), "--metric", "地区生产总值", "--kind", "growth", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["year"], r["value"], r["quote"]) for r in rows] == [(2016, 7.5, "地区生产总值增长7.5%"), (2017, 7.5, "地区生产总值增长7.5%")]


def test_targets_as_a_table(built, capsys):
    _, ds = built
    assert main(["corpus", "targets", str(ds), "--metric", "地区生产总值", "--kind", "growth"]) == 0
    out = capsys.readouterr().out
    assert "海拉尔区" in out and out.rstrip().endswith("(2 rows)")


def test_fulfil_json_is_a_list_of_pair_objects(capsys):
    assert main(["corpus", "fulfil", str(REPORTS / "2016_hailaer_gbk.txt"), str(REPORTS / "2017_hailaer_gbk.txt"), "--format", "json"]) == 0
    pairs = json.loads(capsys.readouterr().out)
    assert isinstance(pairs, list) and pairs
    for key in ("target_start", "target_quote", "verdict", "result_start", "result_quote", "rule"):
        assert all(key in p for p in pairs)
    gdp = next(p for p in pairs if p["target_quote"] == "地区生产总值增长7.5%")
    assert (gdp["target_start"], gdp["verdict"], gdp["result_quote"], gdp["result_start"]) == (9760, "not_met", "同比增长7.2%", 341)


def test_fulfil_table_ends_with_the_verdict_counts(capsys):
    assert main(["corpus", "fulfil", str(REPORTS / "2016_hailaer_gbk.txt"), str(REPORTS / "2017_hailaer_gbk.txt")]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("verdicts: met ")


def test_fulfil_over_a_dataset_pairs_the_years_of_each_place(built, capsys):
    _, ds = built
    assert main(["corpus", "fulfil", "--dataset", str(ds), "--format", "json"]) == 0
    pairs = json.loads(capsys.readouterr().out)
    assert {(p["place"], p["year"], p["report_y"], p["report_y1"]) for p in pairs} == {("海拉尔区", 2016, "2016_hailaer_gbk.txt", "2017_hailaer_gbk.txt")}
    gdp = next(p for p in pairs if p["target_quote"] == "地区生产总值增长7.5%")
    assert (gdp["verdict"], gdp["result_start"]) == ("not_met", 341)


def test_info(built, capsys):
    _, ds = built
    assert main(["corpus", "info", str(ds), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["rows"]["reports"] == 2 and info["rows"]["errors"] == 1 and info["years"] == [2016, 2017]


@pytest.mark.parametrize(
    "argv,message",
    [
        (["corpus", "extract", "/no/such/dir", "-o", "/tmp/x"], "no such folder"),
        (["corpus", "extract", str(REPORTS), "-o", str(REPORTS)], "not a duban dataset"),
        (["corpus", "extract", str(REPORTS), "-o", "/tmp/x", "--workers", "0"], "--workers must be at least 1"),
        (["corpus", "extract", str(REPORTS), "-o", "/tmp/x", "--manifest", "/no/m.csv"], "manifest not found"),
        (["corpus", "query", str(REPORTS), "SELECT 1"], "not a duban dataset"),
        (["corpus", "fulfil", str(REPORTS / "2016_hailaer_gbk.txt")], "give two reports"),
        (["corpus", "fulfil", str(REPORTS / "2016_hailaer_gbk.txt"), str(REPORTS / "2016_hailaer_gbk.txt")], "same text"),
        (["corpus", "fulfil", str(REPORTS / "2016_hailaer_gbk.txt"), "/no/such.txt"], "no such file"),
        (["corpus", "fulfil", "a", "b", "--dataset", "d"], "either REPORT_Y REPORT_Y+1 or --dataset"),
    ],
    ids=["no_dir", "not_dataset", "workers", "manifest", "query_not_dataset", "one_report", "same_report", "missing_report", "both_modes"],
)
def test_errors_are_one_line_and_exit_2(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("duban: error: ") and message in err and err.count("\n") == 1


def test_an_unreachable_dask_scheduler_is_exit_2_and_leaves_no_folder(tmp_path, capsys):
    ds = tmp_path / "ds"
    argv = ["corpus", "extract", str(REPORTS), "-o", str(ds), "--dask", "tcp://127.0.0.1:9", "--dask-timeout", "1"]
    assert main(argv) == 2
    assert "cannot reach the Dask scheduler tcp://127.0.0.1:9" in capsys.readouterr().err
    assert not ds.exists()


def test_a_bad_query_is_exit_2(built, capsys):
    _, ds = built
    assert main(["corpus", "query", str(ds), "SELEC nonsense"]) == 2
    assert "query failed" in capsys.readouterr().err


def test_dataset_mode_for_an_unknown_place(built, capsys):
    _, ds = built
    assert main(["corpus", "fulfil", "--dataset", str(ds), "--place", "某某县"]) == 2
    assert "no report of '某某县'" in capsys.readouterr().err


def test_registering_the_command_imports_no_heavy_library():
    code = (
        "import sys; from duban.cli import build_parser; build_parser(); "
        "heavy = [m for m in ('pyarrow', 'duckdb', 'dask', 'distributed', 'rich', 'rapidfuzz') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "[]"


def test_every_corpus_subcommand_has_help(capsys):
    for sub in ("extract", "query", "targets", "results", "fulfil", "info"):
        with pytest.raises(SystemExit) as exc:
            main(["corpus", sub, "--help"])
        assert exc.value.code == 0
        assert "usage: duban corpus " + sub in capsys.readouterr().out
