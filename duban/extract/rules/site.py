"""What every rule of the registry reads: a quantity at its site (its clause, sentence and
paragraph) and what the rules before it decided.

A clause is the text between two of ，；。：! ? ( ); a sentence between two of 。；! ?.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from duban.extract.rules.quantity import Quantity
from duban.extract.structure import Block, Layout

__all__ = ["CLAUSE_DELIMS", "Marks", "Paragraph", "Site", "last_delim", "next_delim"]

CLAUSE_DELIMS = "，,；;。：:！!？?\n（()）"
SENTENCE_DELIMS = "。；;！!？?\n"
# Sentence marks are read off the clause marks (Marks.subset): every sentence end ends a clause.
assert set(SENTENCE_DELIMS) <= set(CLAUSE_DELIMS)


class Marks:
    """Positions of delimiter characters in one paragraph, for quick clause/sentence bounds."""

    _classes: dict[str, re.Pattern] = {}

    def __init__(self, norm: str, lo: int, hi: int, delims: str, pos: list[int] | None = None):
        self.lo, self.hi = lo, hi
        if pos is None:
            rx = self._classes.get(delims)
            if rx is None:
                rx = self._classes[delims] = re.compile(f"[{re.escape(delims)}]")
            pos = [m.start() for m in rx.finditer(norm, lo, hi)]
        self.pos = pos

    def subset(self, norm: str, delims: str) -> Marks:
        """The marks of fewer delimiters (sentence ends among clause ends), without a new scan."""
        return Marks(norm, self.lo, self.hi, delims, [i for i in self.pos if norm[i] in delims])

    def last(self, at: int) -> int:
        """Index just after the last delimiter before ``at``, or the paragraph start."""
        i = bisect_left(self.pos, at)
        return self.pos[i - 1] + 1 if i else self.lo

    def next(self, at: int) -> int:
        """Index of the first delimiter at or after ``at``, or the paragraph end."""
        i = bisect_left(self.pos, at)
        return self.pos[i] if i < len(self.pos) else self.hi

    def around(self, start: int, end: int) -> tuple[int, int]:
        """(``last(start)``, ``next(end)``): the bounds of the stretch holding start..end, in
        one call (one for every quantity of a paragraph)."""
        pos = self.pos
        i, j = bisect_left(pos, start), bisect_left(pos, end)
        return (pos[i - 1] + 1 if i else self.lo), (pos[j] if j < len(pos) else self.hi)


def last_delim(norm: str, lo: int, hi: int, delims: str) -> int:
    """Index just after the last delimiter in norm[lo:hi], or lo."""
    return max(lo, max(norm.rfind(d, lo, hi) for d in delims) + 1)


def next_delim(norm: str, lo: int, hi: int, delims: str) -> int:
    """Index of the first delimiter in norm[lo:hi], or hi."""
    found = [i for i in (norm.find(d, lo, hi) for d in delims) if i >= 0]
    return min(found) if found else hi


@dataclass(slots=True)
class Paragraph:
    """One logical paragraph being read: its quantities and what was kept so far."""

    layout: Layout
    block: Block
    norm: str
    quants: list[Quantity]
    clause_of: dict  # id(quantity) -> (clause start, clause end)
    clauses: Marks
    sentences: Marks
    quotes: list[tuple[int, int]]
    head_end: int  # the heading's end when the paragraph opens a chapter or section
    item_end: int  # the list marker's end in a list item
    thresholds: set[int]  # id() of quantities that qualify a noun another quantity counts
    kept: list[Quantity] = field(default_factory=list)
    out: list = field(default_factory=list)  # Mentions read so far


@dataclass(slots=True)
class Site:
    """A quantity in its clause, and what the dimensions decided about it so far."""

    p: Paragraph
    q: Quantity
    raw_cs: int  # clause start
    cs: int  # clause start after a list marker
    ce: int  # clause end
    sent_start: int
    prefix: object  # the comparator prefix before the number (a Literals hit) or None
    prev_q: Quantity | None  # the quantity before in the same clause (or carried over)
    gap: str  # the text between prev_q and this one
    listed: bool  # prev_q and this one are items of a list (95%、30%)
    norm: str = ""  # the paragraph's normalised text (p.norm), at hand for every rule
    year: int | None = None  # the report year
    # decided later, dimension by dimension
    is_result: bool = False
    when: str | None = None  # the period the reading implies (review period, earlier year)
    span_start: int = 0
    pre: str = ""  # the words between the span start and the number
    metric_pre: str = ""  # pre without the comparator prefix
    comparator: str = ""
    kind: str = ""
    metric: str = ""
    scratch: dict = field(default_factory=dict)  # what a dimension's rules share while deciding

    def prev_mention(self):
        """The mention read just before, if it was read from the quantity listed before this one."""
        out = self.p.out
        return out[-1] if (self.prev_q is not None and out and out[-1].q is self.prev_q) else None

    def sentence_prev(self):
        """The mention read just before, if it stands in the same sentence."""
        out = self.p.out
        return out[-1] if out and out[-1].sentence[0] == self.sent_start else None
