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
