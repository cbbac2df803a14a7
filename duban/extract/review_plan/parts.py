"""Reading each paragraph of a report as review (its numbers are results) or plan (targets).

A chapter starts as its heading says: the times it names decide (2026年… in a 2026 report is
the plan, 2025年… and "十四五" the review, whatever noun follows); a heading that names
times pointing both ways is a mixed chapter that starts with the first. Cue nouns speak only
for headings that name no time, and a chapter whose heading says nothing starts as the plan.
Inside a chapter a paragraph switches the reading when its own evidence is strong enough:
its opening clause names a time the other way, confirmed by the aspect of its clauses
("“十四五”时期，…增加到5.67万亿元" inside a chapter about the next plan is review), or it is the
headline-target sentence (always the plan). Leaving a chapter's own reading takes more
evidence than returning to it. The office's corrections (:class:`Override`) have the last word.

Every block records the labels of the votes that decided it (``Block.signals``), so each
reading can be explained and tested; the period of a review follows from the same votes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from duban.extract.review_plan.signals import (
    PLAN,
    REVIEW,
    TIME_WEIGHT,
    Vote,
    aspect,
    heading_votes,
    headline_anchor,
    margin,
    opening_votes,
    period_words,
    plan_phrase,
    time_votes,
)
from duban.extract.textview import normalise

if TYPE_CHECKING:
    from duban.extract.structure import Block, Section

__all__ = ["Chapter", "Override", "read_parts", "runs", "PARTS"]

PARTS = (REVIEW, PLAN)
# Evidence needed to change the reading of a paragraph: to enter the plan, to leave the
# chapter's own plan reading for review, and to enter review where nothing decided the plan.
_TO_PLAN = 3
_TO_REVIEW_FIRM = 4
_TO_REVIEW = 3
_CANDIDATE = 2  # below this no aspect is read: nothing points away


@dataclass(frozen=True)
class Override:
    """The office's reading of a stretch of text: every paragraph that starts in
    ``start``..``end`` is ``part``."""

    start: int
    end: int
    part: str

    @classmethod
    def of(cls, item, length: int) -> Override:
        """From a mapping {start, end, part} (JSON), checked against a text of ``length``
        (an end past the text ends with it)."""
        if isinstance(item, Override):
            o = item
        else:
            try:
                o = cls(int(item["start"]), int(item["end"]), str(item["part"]))
            except (KeyError, TypeError, ValueError):
                raise ValueError(f"an override needs start, end and part: {item!r}") from None
        if o.part not in PARTS:
            raise ValueError(f"an override's part is review or plan, not {o.part!r}")
        if not 0 <= o.start < min(o.end, length):
            raise ValueError(f"override {o.start}-{o.end} lies outside the text (0-{length})")
        return o if o.end <= length else cls(o.start, length, o.part)

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "part": self.part}


@dataclass
class Chapter:
    """A top-level chapter (``section``) or the text outside any (``section`` None)."""

    section: Section | None
    kind: str  # "review", "plan", "mixed", "appendix", "" (the heading says nothing)
    first: str  # the part the chapter starts with
    votes: list[Vote] = field(default_factory=list)
    period: str | None = None  # review period the heading implies
    horizon: str | None = None  # plan horizon the heading implies

    @property
    def heading_part(self) -> str | None:
        """The part the heading's named times point to, when they agree."""
        parts = {v.part for v in self.votes if not v.signal.endswith("_word")}
        return parts.pop() if len(parts) == 1 else None

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(v.label for v in self.votes)

    def names(self, part: str) -> bool:
        """The heading speaks for ``part``: leaving that reading takes firmer evidence."""
        return any(v.part == part for v in self.votes)


@dataclass(frozen=True)
class _State:
    part: str
    period: str | None
    horizon: str | None
    origin: tuple[str, ...]  # labels of the votes that set the part
    firm: bool  # the chapter's heading names this reading
    period_by: str | None = None  # label of the vote that named the period

    @property
    def signals(self) -> tuple[str, ...]:
        return self.origin + ((self.period_by,) if self.period_by else ())


def _chapter(sec: Section | None, year: int | None) -> Chapter:
    one_back = str(year - 1) if year else None
    this = str(year) if year else None
    if sec is None:
        return Chapter(None, "", PLAN, [], one_back, this)
    if sec.kind == "appendix":
        return Chapter(sec, "appendix", PLAN, [], one_back, this)
    votes = heading_votes(normalise(sec.title), year)
    parts = [v.part for v in votes]
    kind = "mixed" if len(set(parts)) == 2 else parts[0] if parts else ""
    first = parts[0] if parts else PLAN
    review = [v.span for v in votes if v.part == REVIEW and v.span]
    plan = [v.span for v in votes if v.part == PLAN and v.span]
    # a heading naming the five years and the year opens on the one it names first
    # ("“十四五”时期和2025年工作回顾" reviews the five years first, "2025年和“十四五”时期…" the year)
    period = review[0] if review else one_back
    horizon = this if this in plan else plan[0] if plan else this
    return Chapter(sec, kind, first, votes, period, horizon)


def _initial(ch: Chapter) -> _State:
    if ch.kind == "appendix":
        return _State(PLAN, None, ch.horizon, ("appendix",), True)
    if not ch.kind:
        return _State(PLAN, None, ch.horizon, ("default:plan",), False)
    labels = tuple(v.label for v in ch.votes if v.part == ch.first) or ch.labels
    return _State(ch.first, ch.period if ch.first == REVIEW else None, ch.horizon, labels, True)


def _top(by_id: dict[str, Section], sid: str | None) -> Section | None:
    sec = by_id.get(sid) if sid else None
    while sec is not None and sec.parent:
        sec = by_id[sec.parent]
    return sec if sec is not None and sec.level == 1 else None


def read_parts(norm: str, blocks: list[Block], sections: list[Section], year: int | None,
               overrides: tuple[Override, ...] = ()) -> list[Chapter]:
    """Set ``part``, ``period``/``horizon`` and ``signals`` of every block; return the chapters."""
    by_id = {s.id: s for s in sections}
    chapters: dict[str | None, Chapter] = {}
    current: Chapter | None = None
    state: _State | None = None
    tops: dict[str | None, Section | None] = {}
    for b in blocks:
        if b.section not in tops:
            tops[b.section] = _top(by_id, b.section)
        top = tops[b.section]
        key = top.id if top is not None else None
        ch = chapters.get(key)
        if ch is None:
            ch = chapters[key] = _chapter(top, year)
        if ch is not current:
            current, state = ch, _initial(ch)
        if ch.kind != "appendix" and not b.front_matter:
            lo = top.head_end if top is not None and top.start == b.start else b.start
            text = norm[lo:b.end]
            if text and not text.isspace():
                state = _read_block(state, ch, text, year, by_id.get(b.section) if b.section else None, b.start)
        b.part = state.part
        b.signals = state.signals
        b.chapter = key
        if state.part == REVIEW:
            b.period, b.horizon = state.period, None
        else:
            b.period, b.horizon = None, state.horizon
    for o in overrides:
        for b in blocks:
            if o.start <= b.start < o.end:
                _override(b, o, chapters.get(b.chapter), year)
    return list(chapters.values())


def _read_block(state: _State, ch: Chapter, text: str, year: int | None, sub: Section | None,
                start: int) -> _State:
    votes: list[Vote] = [_echo(v, ch) for v in opening_votes(text, year)]
    anchor = headline_anchor(text, year)
    if anchor is not None:
        return _State(PLAN, None, _horizon(ch, anchor, year), (anchor.label,), ch.names(PLAN))
    if votes:  # a phrase alone never reaches a switch: read it only beside a time named
        phrase = plan_phrase(text)
        if phrase is not None:
            votes.append(phrase)
    m = margin(votes)
    if state.part == REVIEW and m >= _CANDIDATE or state.part == PLAN and m <= -_CANDIDATE:
        a = aspect(text)
        if a is not None:
            votes.append(a)
            m += a.signed
        labels = tuple(v.label for v in votes)
        if state.part == REVIEW and m >= _TO_PLAN:
            lead = next((v for v in votes if v.part == PLAN), None)
            return _State(PLAN, None, _horizon(ch, lead, year), labels, ch.names(PLAN))
        if state.part == PLAN and m <= -(_TO_REVIEW_FIRM if state.firm else _TO_REVIEW):
            lead = next((v for v in votes if v.part == REVIEW), None)
            period = lead.span if lead is not None and lead.span else ch.period
            return _State(REVIEW, period, None, labels, ch.names(REVIEW))
    if state.part == REVIEW:
        # the period carries on from paragraph to paragraph until one names another
        named = [v for v in votes if v.part == REVIEW and v.span and v.weight >= TIME_WEIGHT]
        if sub is not None and sub.start == start and sub.level > 1:
            named += [v for v in time_votes(normalise(sub.title), year, TIME_WEIGHT, "subheading")
                      if v.part == REVIEW and v.span]
        if not named:
            repeated = period_words(text, year)
            named = [repeated] if repeated is not None else []
        if named and named[-1].span != state.period:
            return _State(REVIEW, named[-1].span, None, state.origin, state.firm, named[-1].label)
    return state


def _echo(v: Vote, ch: Chapter) -> Vote:
    """In a mixed chapter, a paragraph that names the time its heading named for the other
    part ("“十三五”时期发展成就和“十四五”时期主要目标任务": "…“十四五”时期…") opens that part."""
    if ch.kind == "mixed" and v.weight < TIME_WEIGHT and any(
            h.part == v.part and h.span == v.span and not h.signal.endswith("_word") for h in ch.votes):
        return replace(v, signal="heading_echo", weight=TIME_WEIGHT)
    return v


def _horizon(ch: Chapter, vote: Vote | None, year: int | None) -> str | None:
    """Where the plan that starts here ends: the chapter heading's horizon when the heading
    names a plan time, else what the deciding vote names, else the report year."""
    if any(v.part == PLAN and v.span for v in ch.votes):
        return ch.horizon
    if vote is not None and vote.span and vote.signal != "headline_anchor":
        return vote.span
    return str(year) if year else None


def _override(b: Block, o: Override, ch: Chapter | None, year: int | None) -> None:
    label = f"override:{o.part}"
    if b.part == o.part:
        b.signals = (label,) + tuple(s for s in b.signals if not s.startswith("override:"))
        return
    b.part, b.signals = o.part, (label,)
    if o.part == REVIEW:
        b.period, b.horizon = (ch.period if ch else None) or (str(year - 1) if year else None), None
    else:
        b.period, b.horizon = None, (ch.horizon if ch else None) or (str(year) if year else None)


def runs(blocks: list[Block]) -> list[dict]:
    """The document's ``parts``: runs of consecutive paragraphs read alike (same part, period or
    horizon, chapter and signals), each with the paragraphs it holds; front matter is left out."""
    out: list[dict] = []
    key = None
    for b in blocks:
        if b.front_matter:
            key = None
            continue
        k = (b.part, b.period, b.horizon, b.chapter, b.signals)
        if k != key:
            key = k
            out.append({"id": f"p{len(out) + 1}", "part": b.part, "start": b.start, "end": b.end,
                        "section": b.chapter, "period": b.period, "horizon": b.horizon,
                        "signals": list(b.signals), "paragraphs": []})
        out[-1]["end"] = b.end
        out[-1]["paragraphs"].append([b.start, b.end])
    return out
