"""``extract_corpus``: a folder of reports becomes a resumable Parquet dataset."""

import os
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from duban.corpus import extract_corpus, load_manifest
from duban.corpus.batch import discover
from duban.corpus.runners import ProcessRunner
from duban.corpus.tables import SCHEMAS, TABLES
from duban.corpus.worker import run_job
from duban.extract import InputError, read_path

REPORTS = Path(__file__).resolve().parent / "fixtures" / "reports"


def small_report(place: str, year: int, extra: str = "") -> str:
    return (
        f"——{year}年1月10日在{place}第十七届人民代表大会第三次会议上\n各位代表：\n"
        f"一、{year - 1}年工作回顾\n全年地区生产总值完成120亿元，同比增长7%。城镇新增就业5000人。\n"
        f"二、{year}年工作安排\n主要预期目标是：地区生产总值增长7.5%，城镇新增就业5200人以上。新建中小学12所。{extra}\n"
    )


@pytest.fixture
def corpus(tmp_path):
    src = tmp_path / "reports"
    (src / "county").mkdir(parents=True)
    (src / "a.txt").write_text(small_report("甲县", 2019), encoding="utf-8")
    (src / "county" / "b.txt").write_text(small_report("乙县", 2020), encoding="gb18030")
    (src / "c.txt").write_text(small_report("丙市", 2021, "改造老旧小区30个。"), encoding="utf-8")
    (src / ".hidden.txt").write_text(small_report("丁县", 2019), encoding="utf-8")
    return src


def table(ds: Path, name: str):
    return pq.read_table(ds / name) if name != "errors" else pq.read_table(ds / "errors.parquet")


def rows(ds: Path, name: str) -> list[dict]:
    return table(ds, name).to_pylist()


def test_it_writes_every_table_with_its_schema(corpus, tmp_path):
    ds = tmp_path / "ds"
    stats = extract_corpus(corpus, ds, workers=1)
    assert (stats.files, stats.extracted, stats.failed) == (3, 3, 0)
    for name in TABLES:
        assert table(ds, name).schema.equals(SCHEMAS[name], check_metadata=False), name
    reports = {r["path"]: r for r in rows(ds, "reports")}
    assert sorted(reports) == ["a.txt", "c.txt", "county/b.txt"]
    b = reports["county/b.txt"]
    assert (b["place"], b["level"], b["year"], b["encoding"], b["year_source"]) == ("乙县", "county", 2020, "gb18030", "text:dateline")
    assert b["report_id"] == b["file_sha256"][:16]
    assert (ds / "dataset.json").is_file()


def test_every_item_row_is_keyed_by_report_and_its_offsets_index_the_text(corpus, tmp_path):
    ds = tmp_path / "ds"
    extract_corpus(corpus, ds, workers=1)
    reports = {r["report_id"]: r for r in rows(ds, "reports")}
    texts = {rid: read_path(corpus / r["path"]).text for rid, r in reports.items()}
    targets = rows(ds, "targets")
    for t in targets + rows(ds, "results"):
        assert t["report_id"] in reports
        assert t["place"] == reports[t["report_id"]]["place"] and t["year"] == reports[t["report_id"]]["year"]
        assert texts[t["report_id"]][t["start"] : t["end"]] == t["quote"]
    counts = {rid: r["n_targets"] for rid, r in reports.items()}
    assert sum(counts.values()) == len(targets)


def test_a_second_run_skips_every_file_already_done(corpus, tmp_path):
    ds = tmp_path / "ds"
    extract_corpus(corpus, ds, workers=1)
    before = rows(ds, "reports")
    again = extract_corpus(corpus, ds, workers=1)
    assert (again.extracted, again.skipped_done) == (0, 3)
    assert rows(ds, "reports") == before


def test_it_resumes_with_only_the_new_files(corpus, tmp_path):
    ds = tmp_path / "ds"
    extract_corpus(corpus, ds, workers=1)
    (corpus / "d.txt").write_text(small_report("戊县", 2022), encoding="utf-8")
    shutil.copy(corpus / "a.txt", corpus / "a_copy.txt")  # same bytes: done already
    stats = extract_corpus(corpus, ds, workers=1)
    assert (stats.extracted, stats.skipped_done) == (1, 4)
    assert sorted(r["path"] for r in rows(ds, "reports")) == ["a.txt", "c.txt", "county/b.txt", "d.txt"]
    assert len({p.name for p in (ds / "targets").iterdir()}) == 2  # one part per run here


def test_duplicate_files_in_one_run_are_extracted_once(corpus, tmp_path):
    shutil.copy(corpus / "a.txt", corpus / "z_dup.txt")
    stats = extract_corpus(corpus, tmp_path / "ds", workers=1)
    assert (stats.extracted, stats.skipped_duplicate) == (3, 1)


def test_a_failing_file_is_recorded_and_never_stops_the_run(corpus, tmp_path):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.bin").write_bytes(bytes(range(256)) * 40)
    (corpus / "huge.txt").write_bytes(b"x" * 5000)
    ds = tmp_path / "ds"
    stats = extract_corpus(corpus, ds, workers=1, max_bytes=4000)
    assert (stats.extracted, stats.failed) == (3, 3)
    errors = {e["path"]: e for e in rows(ds, "errors")}
    assert sorted(errors) == ["binary.bin", "empty.txt", "huge.txt"]
    assert "empty" in errors["empty.txt"]["error"]
    assert "over the limit" in errors["huge.txt"]["error"]
    assert all(e["stage"] == "read" and e["error"] for e in errors.values())


def test_failed_files_are_tried_again_and_leave_the_errors_table_once_fixed(corpus, tmp_path):
    (corpus / "empty.txt").write_bytes(b"")
    ds = tmp_path / "ds"
    extract_corpus(corpus, ds, workers=1)
    again = extract_corpus(corpus, ds, workers=1)
    assert again.failed == 1 and len(rows(ds, "errors")) == 1  # still failing: recorded once
    (corpus / "empty.txt").write_text(small_report("己县", 2018), encoding="utf-8")
    fixed = extract_corpus(corpus, ds, workers=1)
    assert (fixed.extracted, fixed.failed) == (1, 0)
    assert rows(ds, "errors") == []


def test_an_extractor_crash_is_recorded_with_where_it_happened(corpus, tmp_path, monkeypatch):
    import duban.extract

    def broken(text, year=None, **kw):
        if "丙市" in text:
            raise ZeroDivisionError("division by zero")
        return real(text, year, **kw)

    real = duban.extract.extract_text
    monkeypatch.setattr(duban.extract, "extract_text", broken)
    ds = tmp_path / "ds"
    stats = extract_corpus(corpus, ds, workers=1)
    assert (stats.extracted, stats.failed) == (2, 1)
    (err,) = rows(ds, "errors")
    assert (err["path"], err["stage"], err["error_type"]) == ("c.txt", "extract", "ZeroDivisionError")
    assert "test_corpus_extract.py" in err["error"]


def test_a_file_that_takes_too_long_is_stopped_and_recorded(corpus, tmp_path, monkeypatch):
    import time

    import duban.extract

    def slow(text, year=None, **kw):
        if "丙市" in text:
            time.sleep(5)
        return real(text, year, **kw)

    real = duban.extract.extract_text
    monkeypatch.setattr(duban.extract, "extract_text", slow)
    ds = tmp_path / "ds"
    stats = extract_corpus(corpus, ds, workers=1, timeout=0.3)
    assert (stats.extracted, stats.failed) == (2, 1)
    (err,) = rows(ds, "errors")
    assert err["error_type"] == "JobTimeout" and "--timeout" in err["error"]


def test_the_manifest_overrides_detected_place_and_year(corpus, tmp_path):
    m = tmp_path / "m.csv"
    m.write_text("path,place,year\ncounty/b.txt,乙自治县,2021\n", encoding="utf-8")
    ds = tmp_path / "ds"
    stats = extract_corpus(corpus, ds, workers=1, manifest=load_manifest(m))
    b = next(r for r in rows(ds, "reports") if r["path"] == "county/b.txt")
    assert (b["place"], b["level"], b["year"], b["place_source"], b["year_source"]) == ("乙自治县", "county", 2021, "manifest", "manifest")
    assert {t["year"] for t in rows(ds, "targets") if t["report_id"] == b["report_id"]} == {2021}
    assert stats.unused_manifest == []


def test_small_chunks_make_many_parts_and_the_same_rows(corpus, tmp_path):
    one = tmp_path / "one"
    many = tmp_path / "many"
    extract_corpus(corpus, one, workers=1)
    extract_corpus(corpus, many, workers=1, chunk=1)
    assert len(list((many / "reports").iterdir())) == 3
    for name in TABLES:
        assert table(one, name).equals(table(many, name)), name


def test_an_interrupted_chunk_leaves_no_orphan_rows(corpus, tmp_path):
    ds = tmp_path / "ds"
    extract_corpus(corpus, ds, workers=1)
    # A crash between writing the item parts and the reports part of a chunk:
    orphan = ds / "targets" / "part-R0009-00000.parquet"
    shutil.copy(next((ds / "targets").iterdir()), orphan)
    (ds / "sections" / "part-R0009-00000.parquet.tmp").write_bytes(b"partial")
    extract_corpus(corpus, ds, workers=1)
    assert not orphan.exists()
    assert not list((ds / "sections").glob("*.tmp"))


def test_it_refuses_a_folder_that_is_not_a_dataset(corpus, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not a duban dataset"):
        extract_corpus(corpus, other, workers=1)
    assert sorted(os.listdir(other)) == ["notes.txt"]


def test_it_refuses_a_dataset_path_that_is_a_file(corpus, tmp_path):
    f = tmp_path / "file"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="not a folder"):
        extract_corpus(corpus, f, workers=1)


@pytest.mark.parametrize("missing", ["nope", "file"])
def test_it_refuses_a_source_that_is_not_a_folder(tmp_path, missing):
    src = tmp_path / missing
    if missing == "file":
        src.write_text("x", encoding="utf-8")
    with pytest.raises(InputError):
        extract_corpus(src, tmp_path / "ds", workers=1)


def test_discover_skips_hidden_files_and_the_dataset_inside_the_source(corpus):
    ds = corpus / "out"
    extract_corpus(corpus, ds, workers=1)
    names = [p.relative_to(corpus).as_posix() for p in discover(corpus, ds)]
    assert names == ["a.txt", "c.txt", "county/b.txt"]


def test_two_local_processes_give_the_same_tables_as_one(corpus, tmp_path):
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    extract_corpus(corpus, serial, workers=1)
    stats = extract_corpus(corpus, parallel, workers=2)
    assert stats.runner == "2 local processes"
    for name in TABLES:
        assert table(serial, name).equals(table(parallel, name)), name


def crash_on_kill_me(job):
    """Runs in a worker process: dies outright (as on out-of-memory) on one file."""
    if job.path.endswith("kill_me.txt"):
        os._exit(3)
    return run_job(job)


def test_a_worker_that_dies_costs_only_its_own_file(corpus, tmp_path, monkeypatch):
    import duban.corpus.runners as runners

    (corpus / "kill_me.txt").write_text(small_report("庚县", 2019), encoding="utf-8")
    monkeypatch.setattr(runners, "run_job", crash_on_kill_me)
    ds = tmp_path / "ds"
    with ProcessRunner(2) as runner:
        stats = extract_corpus(corpus, ds, runner=runner)
    assert (stats.extracted, stats.failed) == (3, 1)
    (err,) = rows(ds, "errors")
    assert err["path"] == "kill_me.txt" and err["stage"] == "worker" and "died" in err["error"]


def test_the_real_reports_extract_with_gb18030_and_crlf_offsets_intact(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in ("2016_hailaer_gbk.txt", "2017_hailaer_gbk.txt"):
        shutil.copy(REPORTS / name, src / name)
    ds = tmp_path / "ds"
    extract_corpus(src, ds, workers=1)
    reports = {r["report_id"]: r for r in rows(ds, "reports")}
    assert {(r["place"], r["year"]) for r in reports.values()} == {("海拉尔区", 2016), ("海拉尔区", 2017)}
    texts = {rid: read_path(src / r["path"]).text for rid, r in reports.items()}
    assert all("\r\n" in t for t in texts.values())
    for t in rows(ds, "targets") + rows(ds, "results") + rows(ds, "defects"):
        assert texts[t["report_id"]][t["start"] : t["end"]] == t["quote"]
