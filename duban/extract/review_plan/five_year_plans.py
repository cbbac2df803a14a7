"""Five-year plans named in a text ("十四五", 第十四个五年规划, “十五”计划) and their years.

The years follow from the plan's number: the first two plans ran 1953-1957 and 1958-1962,
then three years of readjustment, and from the third plan (1966-1970) on every plan starts
five years after the one before. So no plan needs listing, and 十六五 works when it comes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import cn2an

from duban.extract.language import LexiconError, lexicon

__all__ = ["PlanMention", "find_plans", "plan_years"]


def plan_years(number: int) -> tuple[int, int]:
    """First and last year of the five-year plan with this number (14 -> 2021, 2025)."""
    start = 1953 + 5 * (number - 1) if number <= 2 else 1951 + 5 * number
    return start, start + 4


@dataclass(frozen=True)
class PlanMention:
    number: int
    first: int
    last: int
    start: int  # offsets in the text searched
    end: int
    text: str

    @property
    def span(self) -> str:
        return f"{self.first}-{self.last}"


@cache
def _patterns() -> tuple[re.Pattern, ...]:
    out = []
    for raw in lexicon().cues.get("five_year_plan_patterns") or []:
        rx = re.compile(raw)
        if "n" not in rx.groupindex:
            raise LexiconError(f"lexicon/cues.yaml: five_year_plan_patterns: {raw!r} needs a group (?P<n>...)")
        out.append(rx)
    if not out:
        raise LexiconError("lexicon/cues.yaml: five_year_plan_patterns must list at least one pattern")
    return tuple(out)


def find_plans(text: str) -> list[PlanMention]:
    """The five-year plans named in ``text``, in order, overlapping matches removed."""
    found: list[tuple[int, int, str]] = []
    for rx in _patterns():
        for m in rx.finditer(text):
            found.append((m.start(), m.end(), m.group("n")))
    found.sort(key=lambda f: (f[0], -f[1]))
    out: list[PlanMention] = []
    for start, end, numeral in found:
        if out and start < out[-1].end:
            continue
        try:
            number = int(cn2an.cn2an(numeral, "strict"))
        except ValueError:
            continue
        if 1 <= number <= 40:
            first, last = plan_years(number)
            out.append(PlanMention(number, first, last, start, end, text[start:end]))
    return out
