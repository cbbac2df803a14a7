"""The report check against its quality bar: the seed gold, clean text, real reports."""

import json
from pathlib import Path

import pytest

from duban.extract.check import find_defects
from duban.extract.readers import read_path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = Path(__file__).resolve().parent.parent / "duban" / "samples" / "liaocheng_2023_part2.txt"

# Kinds the seed scorer counts as one family (shared/eval/score.py).
FAMILY = {"numbering_gap": "numbering", "numbering_duplicate": "numbering", "garbled": "other"}


def _family(kind: str) -> str:
    return FAMILY.get(kind, kind)


def _score(gold: list[dict], pred: list[dict]) -> tuple[float, float]:
    """Greedy one-to-one matching by span overlap and kind family, as the seed scorer does."""
    used = set()
    tp = 0
    for g in gold:
        for i, p in enumerate(pred):
            if i in used or _family(p["kind"]) != _family(g["kind"]):
                continue
            if p["start"] < g["end"] and g["start"] < p["end"]:
                used.add(i)
                tp += 1
                break
    return tp / len(pred), tp / len(gold)


@pytest.fixture(scope="module")
def seed_defects():
    return find_defects(SAMPLE.read_text(encoding="utf-8"))


def test_seed_gold_precision_and_recall(seed_defects):
    gold = [
        json.loads(line)
        for line in (FIXTURES / "seed_defects.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    precision, recall = _score(gold, seed_defects)
    assert recall >= 0.75, recall
    assert precision >= 0.80, precision


def test_seed_defects_are_exact_spans_sorted(seed_defects):
    text = SAMPLE.read_text(encoding="utf-8")
    assert [d["start"] for d in seed_defects] == sorted(d["start"] for d in seed_defects)
    for d in seed_defects:
        assert set(d) == {"kind", "start", "end", "quote", "message", "suggestion"}
        assert d["quote"] == text[d["start"] : d["end"]] and d["quote"]
        assert d["message"]


def test_clean_official_text_has_no_defects():
    text = (FIXTURES / "clean_official.txt").read_text(encoding="utf-8")
    assert sum(1 for c in text if not c.isspace()) >= 5000
    assert find_defects(text) == []


@pytest.mark.parametrize("name", ["2016_hailaer_gbk.txt", "2017_hailaer_gbk.txt", "2025_national.txt"])
def test_real_reports_stay_quiet(name):
    """At most 2 flags per 10,000 characters on published reports."""
    text = read_path(FIXTURES / "reports" / name).text
    flags = find_defects(text)
    assert len(flags) <= 2 * len(text) / 10_000, [(d["kind"], d["quote"]) for d in flags]


def test_crlf_text_gives_the_same_defects_at_its_own_offsets():
    text = SAMPLE.read_text(encoding="utf-8")
    crlf = text.replace("\n", "\r\n")
    plain, windows = find_defects(text), find_defects(crlf)
    assert [(d["kind"], d["quote"].replace("\r\n", "\n")) for d in windows] == [
        (d["kind"], d["quote"]) for d in plain
    ]
    for d in windows:
        assert crlf[d["start"] : d["end"]] == d["quote"]


def test_doc_argument_is_optional_and_ignored_when_empty(seed_defects):
    text = SAMPLE.read_text(encoding="utf-8")
    assert find_defects(text, {}) == seed_defects
    assert find_defects(text, {"source": {"year": 2023}}) == seed_defects


def test_extraction_document_carries_the_defects(seed_defects):
    from duban.extract import extract_text

    doc = extract_text(SAMPLE.read_text(encoding="utf-8"), 2023)
    assert [(d["kind"], d["start"]) for d in doc["defects"]] == [
        (d["kind"], d["start"]) for d in seed_defects
    ]


def test_empty_and_non_string_input():
    assert find_defects("") == []
    with pytest.raises(TypeError):
        find_defects(b"bytes")


def _hard_wrap(text: str, width: int) -> str:
    lines = []
    for para in text.splitlines():
        while len(para) > width:
            lines.append(para[:width])
            para = para[width:]
        lines.append(para)
    return "\n".join(lines)


@pytest.mark.parametrize("name", ["2017_hailaer_gbk.txt", "2025_national.txt"])
def test_hard_wrapped_report_stays_quiet(name):
    """Text from a PDF or a mail is cut at a fixed width: that is layout, not broken lines."""
    text = _hard_wrap(read_path(FIXTURES / "reports" / name).text, 38)
    assert find_defects(text) == []
