"""Runs the example corpora of tests/corpus/*.yaml: one test per example."""

from pathlib import Path

import pytest
import yaml

from duban.extract import extract_text

CORPUS = Path(__file__).parent / "corpus"


def _load(name: str) -> list[dict]:
    return yaml.safe_load((CORPUS / name).read_text(encoding="utf-8"))["examples"]


def _params(name: str):
    out = []
    for i, ex in enumerate(_load(name)):
        marks = [pytest.mark.xfail(reason=ex["xfail"], strict=True)] if ex.get("xfail") else []
        out.append(pytest.param(ex, id=f"{i:03d}-{ex['text'][:18]}", marks=marks))
    return out


def _check(found: list[dict], expected: list[dict], text: str, when_key: str) -> None:
    got = [{k: f[k] for k in ("quote", "value", "value_max", "unit", "comparator", "kind", when_key, "metric")}
           for f in found]
    assert len(found) == len(expected), f"{text}\nexpected {len(expected)} items, got {got}"
    for f, e in zip(found, expected, strict=True):
        for key, want in e.items():
            if key == "metric":
                assert want in f["metric"], f"{text}: metric {f['metric']!r} lacks {want!r}"
            elif key == "quote":
                assert want in f["quote"], f"{text}: quote {f['quote']!r} lacks {want!r}"
            elif key == "rules":
                got_rules = {dim: f["explain"][dim] for dim in want}
                assert got_rules == want, f"{text}: decided by {f['explain']}, expected {want}"
            elif key in ("value", "value_max") and want is not None:
                assert f[key] == pytest.approx(float(want)), f"{text}: {key} {f[key]} != {want} in {got}"
            else:
                assert f[key] == want, f"{text}: {key} {f[key]!r} != {want!r} in {got}"
        assert text[f["start"]:f["end"]] == f["quote"]


@pytest.mark.parametrize("ex", _params("targets.yaml"))
def test_target_examples(ex):
    doc = extract_text(ex["text"], year=ex.get("year", 2023), explain=True)
    _check(doc["targets"], ex["targets"], ex["text"], "deadline")
    assert doc["results"] == []


@pytest.mark.parametrize("ex", _params("results.yaml"))
def test_result_examples(ex):
    year = ex.get("year", 2026)
    heading = ex.get("heading", f"一、{year - 1}年工作回顾")
    text = f"{heading}\n{ex['text']}\n"
    doc = extract_text(text, year=year, explain=True)
    _check(doc["results"], ex["results"], text, "period")
    assert doc["targets"] == [], "a number in a review part is never a target"


@pytest.mark.parametrize("ex", _params("negative.yaml"))
def test_negative_examples(ex):
    doc = extract_text(ex["text"], year=2023, explain=True)
    assert [t["quote"] for t in doc["targets"]] == [], ex["why"]
    if "dropped_by" in ex:
        assert ex["dropped_by"] in {d["rule"] for d in doc["dropped"]}, f"{ex['why']}: dropped by {doc['dropped']}"
