"""Example corpora of the report check: tests/corpus/defects/*.yaml, one test per example.

Each example gives a text and the defects expected in it (kind, quote, and optionally the
suggestion); an empty list means the text must come out clean. ``xfail: reason`` marks a
known gap.
"""

from pathlib import Path

import pytest
import yaml

from duban.extract.check import find_defects

CORPUS = Path(__file__).resolve().parent / "corpus" / "defects"


def _examples():
    for path in sorted(CORPUS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for ex in data["examples"]:
            marks = [pytest.mark.xfail(reason=ex["xfail"], strict=True)] if ex.get("xfail") else []
            yield pytest.param(ex, id=f"{path.stem}:{ex['id']}", marks=marks)


@pytest.mark.parametrize("example", list(_examples()))
def test_example(example):
    text = example["text"]
    found = find_defects(text)
    for d in found:
        assert d["quote"] == text[d["start"] : d["end"]]
    got = sorted((d["kind"], d["quote"]) for d in found)
    want = sorted((e["kind"], e["quote"]) for e in example["defects"])
    assert got == want, [(d["kind"], d["quote"], d["message"]) for d in found]
    for e in example["defects"]:
        if "suggestion" in e:
            match = next(d for d in found if (d["kind"], d["quote"]) == (e["kind"], e["quote"]))
            assert match["suggestion"] == e["suggestion"]
