"""DuckDB over a dataset: raw SQL and the ready-made targets/results questions."""

from pathlib import Path

import pytest

from duban.corpus import extract_corpus
from duban.corpus.fulfil import aliases_of
from duban.corpus.query import connect, find_items, run_query
from duban.extract import InputError


def report(place, year, gdp_line):
    return (
        f"——{year}年1月10日在{place}第十七届人民代表大会第三次会议上\n各位代表：\n"
        f"一、{year - 1}年工作回顾\n全年地区生产总值完成120亿元，同比增长6%。\n"
        f"二、{year}年工作安排\n主要预期目标是：{gdp_line}，城镇新增就业5200人以上。\n"
    )


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    root = tmp_path_factory.mktemp("q")
    src = root / "src"
    src.mkdir()
    (src / "a.txt").write_text(report("甲县", 2019, "地区生产总值增长7.5%"), encoding="utf-8")
    (src / "b.txt").write_text(report("乙市", 2020, "生产总值增长6%左右"), encoding="utf-8")
    (src / "c.txt").write_text(report("丙县", 2021, "城乡居民收入增长6%"), encoding="utf-8")
    ds = root / "ds"
    extract_corpus(src, ds, workers=1)
    return ds


def test_every_table_is_a_view(dataset):
    res = run_query(dataset, "SELECT place, year, level FROM reports ORDER BY year")
    assert res.columns == ["place", "year", "level"]
    assert res.rows == [("甲县", 2019, "county"), ("乙市", 2020, "city"), ("丙县", 2021, "county")]
    for table in ("sections", "tasks", "targets", "results", "list_items", "defects", "errors"):
        run_query(dataset, f"SELECT * FROM {table} LIMIT 1")


def test_targets_by_metric_and_kind_give_one_row_per_report_including_aliases(dataset):
    res = find_items(dataset, metric="地区生产总值", kind="growth", synonyms=aliases_of("地区生产总值"))
    recs = res.records()
    assert [(r["place"], r["value"], r["comparator"]) for r in recs] == [("甲县", 7.5, "="), ("乙市", 6.0, "~")]
    assert all(r["kind"] == "growth" and r["deadline"] == str(r["year"]) for r in recs)


def test_without_aliases_only_the_name_itself_matches(dataset):
    recs = find_items(dataset, metric="地区生产总值", kind="growth").records()
    assert [r["place"] for r in recs] == ["甲县"]


def test_results_and_filters(dataset):
    recs = find_items(dataset, "results", metric="地区生产总值", kind="absolute", place="丙县").records()
    assert [(r["place"], r["value"], r["unit"], r["period"]) for r in recs] == [("丙县", 12000000000.0, "元", "2020")]
    assert find_items(dataset, metric="地区生产总值", level="city", synonyms=["生产总值"]).records()[0]["place"] == "乙市"


def test_all_rows_lists_every_match(dataset):
    one = find_items(dataset, "results", metric="地区生产总值")
    every = find_items(dataset, "results", metric="地区生产总值", all_rows=True)
    assert len(one.rows) == 3 and len(every.rows) == 6


def test_a_bad_query_says_what_duckdb_said(dataset):
    with pytest.raises(InputError, match="query failed: .*no_such_table"):
        run_query(dataset, "SELECT * FROM no_such_table")


def test_a_folder_that_is_not_a_dataset_is_refused(tmp_path):
    with pytest.raises(InputError, match="not a duban dataset"):
        connect(tmp_path)


def test_a_new_dataset_without_parts_still_has_every_view(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    ds = tmp_path / "ds"
    extract_corpus(src, ds, workers=1)
    assert run_query(ds, "SELECT count(*) FROM targets").rows == [(0,)]
    assert run_query(ds, "SELECT path, stage FROM errors").rows == [("empty.txt", "read")]


def test_sql_can_export_for_other_tools(dataset, tmp_path):
    out = Path(tmp_path) / "gdp.csv"
    run_query(dataset, f"COPY (SELECT place, value FROM targets WHERE kind = 'growth' ORDER BY place) TO '{out.as_posix()}' (HEADER)")
    assert out.read_text(encoding="utf-8").splitlines()[0] == "place,value"
