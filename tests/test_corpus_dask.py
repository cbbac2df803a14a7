"""The same extraction on a dask.distributed LocalCluster of 2 workers gives identical tables."""

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from duban.corpus import extract_corpus
from duban.corpus.tables import TABLES

pytest.importorskip("distributed")

REPORTS = Path(__file__).resolve().parent / "fixtures" / "reports"


def test_a_local_dask_cluster_of_two_workers_gives_identical_tables(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for p in [*REPORTS.glob("*.txt"), REPORTS / "plan_numbered.docx", REPORTS / "plan_print.pdf"]:
        (src / p.name).write_bytes(p.read_bytes())  # .docx and PDF are parsed in a sandbox child process
    (src / "empty.txt").write_bytes(b"")  # a failure is recorded the same way too
    single, dask = tmp_path / "single", tmp_path / "dask"
    extract_corpus(src, single, workers=1)
    stats = extract_corpus(src, dask, dask_local=2)
    assert stats.runner == "dask LocalCluster of 2 workers" and stats.workers == 2
    assert (stats.extracted, stats.failed) == (5, 1)
    for name in TABLES:
        a, b = pq.read_table(single / name), pq.read_table(dask / name)
        assert a.num_rows > 0 or name in ("list_items",), name
        assert a.equals(b), name
    assert pq.read_table(single / "errors.parquet").equals(pq.read_table(dask / "errors.parquet"))
    # and resuming on the cluster skips what is done
    again = extract_corpus(src, dask, dask_local=2)
    assert (again.extracted, again.skipped_done) == (0, 5)


def _die_on_kill_me(job):
    """Runs on a Dask worker: the worker process dies outright (as on out-of-memory) on one file."""
    import os

    from duban.corpus.worker import run_job

    if job.path.endswith("kill_me.txt"):
        os._exit(3)
    return run_job(job)


def _batch_dying_on_kill_me(jobs):
    return [_die_on_kill_me(job) for job in jobs]


def test_a_file_that_kills_its_dask_worker_costs_only_itself(tmp_path, monkeypatch):
    import dask

    import duban.corpus.runners as runners

    src = tmp_path / "src"
    src.mkdir()
    for name in ("2016_hailaer_gbk.txt", "2017_hailaer_gbk.txt"):
        (src / name).write_bytes((REPORTS / name).read_bytes())
    (src / "kill_me.txt").write_text("——2019年1月10日在甲县第十七届人民代表大会第三次会议上\n新建中小学12所。\n", encoding="utf-8")
    monkeypatch.setattr(runners, "run_batch", _batch_dying_on_kill_me)
    monkeypatch.setattr(runners, "run_job", _die_on_kill_me)
    ds = tmp_path / "ds"
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        stats = extract_corpus(src, ds, dask_local=2)
    assert (stats.extracted, stats.failed) == (2, 1)
    (err,) = pq.read_table(ds / "errors.parquet").to_pylist()
    assert (err["path"], err["stage"], err["error_type"]) == ("kill_me.txt", "worker", "KilledWorker")
