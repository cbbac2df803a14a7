"""find_quantities finds what each quantity rule's own finditer over the text finds; its
shortcuts change no figure."""

import random
import re
from decimal import Decimal

import pytest

from duban.extract.language import lexicon
from duban.extract.pattern_facts import first_chars
from duban.extract.rules.quantity import _scaled, find_quantities, quantity_rules, resolve_overlaps


def _reference(norm: str, start: int = 0, end: int | None = None):
    """The plain reading: every rule scans the whole text with its own pattern."""
    end = len(norm) if end is None else end
    found = []
    for rule in quantity_rules():
        for m in rule.pattern.finditer(norm, start, end):
            q = rule.produce(m, norm)
            if q is not None and q.end <= end:
                found.append(q)
    return resolve_overlaps(found)


def _pieces() -> list[str]:
    lex = lexicon()
    words = [*lex.units, *lex.scales, *lex.comparator_suffix, *lex.comparator_prefix, *lex.per_units]
    for value in lex.rule_words.values():
        words += [value] if isinstance(value, str) else list(value)
    return [*words, *"0123456789零〇一二两三四五六七八九十百千万亿余多成—–~～-至到/%，。 \nPMG.的发展",
            "1,200", "4.5", "2023", "百分之", "全覆盖", "动态清零", "两位数", "翻一番", "一半", "首位"]


def _texts(n: int, seed: int):
    rng = random.Random(seed)
    pieces = _pieces()
    for _ in range(n):
        yield "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))


def test_every_rule_is_found_as_its_own_scan_finds_it():
    rng = random.Random(7)
    for text in _texts(3000, seed=1):
        assert find_quantities(text) == _reference(text)
        a = rng.randrange(len(text))
        b = rng.randint(a, len(text))
        assert find_quantities(text, a, b) == _reference(text, a, b)


def test_the_sample_report_is_read_as_each_rule_reads_it(sample_norm):
    assert find_quantities(sample_norm) == _reference(sample_norm)


@pytest.fixture
def sample_norm():
    from pathlib import Path

    from duban.extract.readers import read_path
    from duban.extract.structure import analyse
    from duban.extract.textview import TextView

    path = Path(__file__).parents[1] / "duban" / "samples" / "liaocheng_2023_part2.txt"
    return analyse(TextView.of(read_path(path).text), None, ()).view.norm


@pytest.mark.parametrize(("pattern", "first"), [
    ("ab", "a"),
    ("[ab]c", "ab"),
    ("(?P<x>ab|c)d", "ac"),
    ("(?:a|b(?:c|d))", "ab"),
    (r"\d", None),  # a category
    ("[a-c]", None),  # a range
    ("[^a]", None),
    ("(?=a)a", None),  # an assertion first
    ("a*b", None),  # a repeat first
    ("(?i)a", None),
])
def test_first_chars(pattern, first):
    found = first_chars(re.compile(pattern))
    assert found == (None if first is None else frozenset(first))


@pytest.mark.parametrize("value", [0.0, 3.0, 69.1, 4.5, 2.76, 1e3, 2.0 ** 53 - 1, 2.0 ** 53, 9.1e15 + 1, 1e23, 123456789.0])
@pytest.mark.parametrize("scale", [1, 10, 10_000, 100_000_000, 10 ** 12])
def test_scaled_is_the_decimal_product(value, scale):
    assert _scaled(value, scale) == float(Decimal(repr(value)) * scale)
