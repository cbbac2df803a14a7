"""The benchmark's corpus generator: deterministic, realistic enough to detect and extract."""

import importlib.util
from pathlib import Path

import pytest

from duban.corpus import extract_corpus
from duban.corpus.query import run_query

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def generator():
    spec = importlib.util.spec_from_file_location("corpus_generate", ROOT / "benchmarks" / "corpus_generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_same_seed_gives_the_same_files(generator, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert generator.generate(a, 12, chars=2000, seed=3) == 12
    generator.generate(b, 12, chars=2000, seed=3)
    files = sorted(p.relative_to(a) for p in a.rglob("*.txt"))
    assert len(files) == 12
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    assert generator.generate(a, 12, chars=2000, seed=3) == 0  # existing files are kept


def test_generated_reports_extract_with_their_place_and_year(generator, tmp_path):
    src = tmp_path / "src"
    generator.generate(src, 30, chars=3000)
    ds = tmp_path / "ds"
    stats = extract_corpus(src, ds, workers=1)
    assert (stats.extracted, stats.failed) == (30, 0)
    rows = run_query(ds, "SELECT path, year, place, encoding, n_targets, n_results FROM reports").records()
    assert all(r["path"].split("/")[1].startswith(str(r["year"])) for r in rows)
    assert all(r["place"] for r in rows)
    assert {r["encoding"] for r in rows} >= {"utf-8"}
    assert sum(r["n_targets"] for r in rows) > 0 and sum(r["n_results"] for r in rows) > 0
