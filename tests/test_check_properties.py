"""Properties of the report check on arbitrary text: it never fails, and every defect is an
exact, sorted span of a known kind."""

from hypothesis import given, settings
from hypothesis import strategies as st

from duban.extract.check import find_defects
from duban.extract.check.lexicon import DEFECT_KINDS

# Characters that the rules react to: digits, Chinese numerals, markers, quotes, brackets,
# line breaks, dashes, subscripts, and a few ordinary characters.
ALPHABET = list("0123456789０１２一二三四五六七八九十是、.．（）()“”《》\n\r 　—-~～%％PM_{}₂.₅城市智慧建设附件平在茌扶优强真抓实干。，；：！") + ["\ufffd"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=200))
def test_any_text_gives_exact_sorted_spans(text):
    found = find_defects(text)
    assert [d["start"] for d in found] == sorted(d["start"] for d in found)
    for d in found:
        assert d["kind"] in DEFECT_KINDS
        assert 0 <= d["start"] < d["end"] <= len(text)
        assert d["quote"] == text[d["start"] : d["end"]]
        assert d["message"]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_unicode_text_is_accepted(text):
    for d in find_defects(text):
        assert d["quote"] == text[d["start"] : d["end"]]
