"""language.Literals finds what a regex alternation of its words (longest first)
finds, on any text."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from duban.extract.language import Literals

_CHARS = st.sampled_from(list("甲乙丙丁]^-\\"))
_WORDS = st.lists(st.text(alphabet=_CHARS, min_size=1, max_size=4), min_size=1, max_size=8)


def _alternation(words):
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))


@settings(max_examples=300, deadline=None)
@given(_WORDS, st.text(alphabet=_CHARS, max_size=60))
def test_finditer_is_the_alternation(words, text):
    found = list(Literals(words).finditer(text))
    assert found == [(m.start(), m.group()) for m in _alternation(words).finditer(text)]


@settings(max_examples=300, deadline=None)
@given(_WORDS, st.text(alphabet=_CHARS, max_size=60))
def test_starts_are_every_occurrence(words, text):
    found = sorted(Literals(words).starts(text))
    assert found == sorted((i, w) for w in set(words) for i in range(len(text)) if text.startswith(w, i))
