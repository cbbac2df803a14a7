"""The one list-marker grammar (duban/extract/markers.py), run over tests/corpus/markers.yaml."""

import re
from pathlib import Path

import pytest
import yaml

from duban.extract import markers

_FORMS = ("CN_COMMA", "PAREN_CN", "ARABIC", "PAREN_ARABIC", "CIRCLED", "SHI")
_EXAMPLES = yaml.safe_load((Path(__file__).parent / "corpus" / "markers.yaml").read_text(encoding="utf-8"))["examples"]


def _reading(text: str):
    """(form, number) of the first form that reads a marker at the start of ``text``."""
    for form in _FORMS:
        m = re.match(getattr(markers, form), text)
        if m:
            return form, markers.marker_number(m.group(1))
    return None, None


@pytest.mark.parametrize("ex", _EXAMPLES, ids=[f"{i:02d}-{e['text'][:10]}" for i, e in enumerate(_EXAMPLES)])
def test_marker_example(ex):
    form, number = _reading(ex["text"])
    assert form == ex["form"], ex.get("why", ex["text"])
    if form:
        assert number == ex["number"]


@pytest.mark.parametrize("numeral, value", [("七", 7), ("十", 10), ("十九", 19), ("九十九", 99), ("⑤", 5),
                                            ("42", 42), ("十十", None), ("甲", None), ("", None)])
def test_marker_number(numeral, value):
    assert markers.marker_number(numeral) == value
