"""Patterns the checks rewrote for speed find exactly what the plain forms find."""

import random
import re

from duban.extract.check import contradiction


def _same_matches(old: re.Pattern, new: re.Pattern, alphabet: str, seed: int, runs: int = 3000):
    rnd = random.Random(seed)
    for _ in range(runs):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        a, b = rnd.randint(0, len(text)), len(text)
        got = [(m.span(), m.groups()) for m in new.finditer(text, a, b)]
        want = [(m.span(), m.groups()) for m in old.finditer(text, a, b)]
        assert got == want, text


def test_figure_scan_matches_the_backtracking_form():
    pt = contradiction._patterns()
    core = pt.figure_core.pattern
    plain = core.replace(r"(\d\d*+(?:\.\d++)?+)", r"(\d\d*(?:\.\d+)?)", 1)
    assert plain != core  # the scan does use the possessive number
    words = "".join(set("".join(re.findall(r"[\u4e00-\u9fff]", core))))
    alphabet = words + "0123456789０１２３٣..  年。，"
    _same_matches(re.compile(plain), pt.figure_core, alphabet, seed=1)
    # mostly digits and points, where the retries happen
    _same_matches(re.compile(plain), pt.figure_core, "0１٣..万千亿个项人以上", seed=2)
