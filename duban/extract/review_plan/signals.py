"""The signals that tell a review passage from a plan passage, each a named source of votes.

A vote says which way a piece of text points (``review`` or ``plan``), how strongly
(``weight``), and what span of years it implies (the period of a review, the horizon of a
plan). Signals, by where they read:

heading (a chapter's title)
  ``heading_year``            a year named, against the report year (2026年 in 2026: plan; 2025年: review)
  ``heading_five_year_plan``  a five-year plan named, by its years (十四五 in 2026: review; 十五五: plan)
  ``heading_time_word``       a relative time word (过去一年, 今年, 今后五年)
  ``heading_word``            a cue noun (回顾, 安排); weak, and silent when the heading names a time
paragraph (a logical paragraph)
  ``opening_year`` / ``opening_five_year_plan`` / ``opening_time_word`` / ``opening_word``
                              the same, in the paragraph's first clause, which names its topic
  ``heading_echo``            (made by ``parts``) an opening that names the time a mixed chapter's
                              heading named for its other part
  ``subheading_*``            times in a sub-heading inside a review: its period
  ``headline_anchor``         the headline-target sentence (主要预期目标是…): always the plan
  ``plan_phrase``             a phrase that leans towards the plan (我们将, 总体要求); weak
  ``aspect``                  tense and aspect of the clauses: things done (了, 累计, 比上年) against
                              things to do (将, 要, 力争, 确保); read only to confirm another signal
  ``period_words``            the span a review paragraph keeps naming (这五年… 这五年…): its period

Word lists live in ``lexicon/cues.yaml`` under the names given in each function. To add a
signal: write a function here that returns votes, give it a name, call it from
:mod:`duban.extract.review_plan.parts`, and add examples to ``tests/corpus/review_plan.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from duban.extract.language import LexiconError, alternation, lexicon
from duban.extract.markers import ARABIC, PAREN_ARABIC, PAREN_CN
from duban.extract.pattern_facts import required_text
from duban.extract.review_plan.five_year_plans import find_plans

__all__ = ["Vote", "REVIEW", "PLAN", "heading_votes", "opening_votes", "headline_anchor", "plan_phrase",
           "aspect", "period_words", "opening", "time_votes", "margin"]

REVIEW, PLAN = "review", "plan"
# Weights: a time named at the head of a passage decides; the headline-target sentence
# decides even against it; cue nouns, phrases and aspect only lean.
TIME_WEIGHT = 3
WORD_WEIGHT = 1
ANCHOR_WEIGHT = 4
# A time named further into the opening clause than this is not its topic ("继续贯彻落实去年
# 出台的政策"): it counts one less.
_TOPIC_AT = 3
_OPENING_STOP = re.compile(r"[，,。；;：:！!？?]")
_OPENING_MAX = 48
# Every way of naming a five-year plan has this character: a text without it names none.
_PLAN_PROBE = "五"
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年(?!代)")
# What may stand before a paragraph's first words: dashes, a heading number ((二), 3.).
_LEADING = re.compile(rf"^[\s—\-]*(?:{PAREN_CN}|{PAREN_ARABIC}|{ARABIC})?\s*")


@dataclass(frozen=True)
class Vote:
    signal: str
    part: str  # REVIEW or PLAN
    weight: int
    span: str | None  # period of a review ("2025", "2021-2025") or horizon of a plan ("2030")
    at: int  # offset in the text the vote was read from (order of votes in a heading)
    evidence: str  # the words as written

    @property
    def label(self) -> str:
        return f"{self.signal}:{self.evidence}"

    @property
    def signed(self) -> int:
        return self.weight if self.part == PLAN else -self.weight


class _Words:
    def __init__(self):
        cues = lexicon().cues
        self.time_words: dict[str, tuple[str, int | None, int | None]] = {
            w: (row[0], row[1], row[2]) for w, row in (cues.get("time_words") or {}).items()}
        # one pass finds them all, the longest word at a place first; an exception is found
        # as itself and says nothing
        self.time_rx = re.compile(alternation(list(self.time_words) + list(cues["time_exceptions"])))
        # anything an opening could vote on: a year, a five-year plan, a time or review word
        # (the class in front lets the search skip the places where nothing can start)
        starts = {w[0] for w in [*self.time_words, *cues["time_exceptions"], *cues["review_opening"]]}
        self.probe = re.compile(
            "(?=[\\d" + "".join(re.escape(c) for c in sorted(starts | {_PLAN_PROBE})) + "])(?:"
            + "|".join([r"\d{4}", _PLAN_PROBE, self.time_rx.pattern, alternation(cues["review_opening"])]) + ")")
        self.review_spans = {w: row for w, row in self.time_words.items() if row[0] == REVIEW and row[1] is not None}
        self.baseline = tuple(cues["baseline_before_year"])
        self.review_heading = tuple(cues["review_heading"])
        self.plan_heading = tuple(cues["plan_heading"])
        self.review_opening = tuple(cues["review_opening"])
        self.plan_phrases = tuple(cues["plan_paragraph"])
        try:
            self.anchor = re.compile(cues["headline_anchor"])
        except (KeyError, TypeError, re.error) as exc:
            raise LexiconError(f"lexicon/cues.yaml: headline_anchor must be a regular expression ({exc})") from None
        self.anchor_probe = required_text(self.anchor)
        past, future = tuple(cues["past_aspect"]), tuple(cues["future_aspect"])
        self.aspect_kind = {w: REVIEW for w in past} | {w: PLAN for w in future}
        for w in cues["aspect_exceptions"]:
            self.aspect_kind[w] = ""
        self.aspect = re.compile(alternation(self.aspect_kind))


@cache
def _words() -> _Words:
    return _Words()


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def time_votes(text: str, year: int | None, weight: int, prefix: str) -> list[Vote]:
    """Votes of the times ``text`` names: years and five-year plans against the report year,
    and relative time words, in order of position."""
    w = _words()
    votes: list[Vote] = []
    if year:
        for m in _YEAR.finditer(text):
            y = int(m.group(1))
            if m.start() and text[m.start() - 1] in w.baseline:
                continue  # 比2020年翻一番: a baseline, not the time spoken of
            part = PLAN if y >= year else REVIEW
            votes.append(Vote(f"{prefix}_year", part, weight, str(y), m.start(), m.group()))
        for p in find_plans(text) if _PLAN_PROBE in text else ():
            if p.last < year:
                votes.append(Vote(f"{prefix}_five_year_plan", REVIEW, weight, p.span, p.start, p.text))
            elif p.first >= year:
                votes.append(Vote(f"{prefix}_five_year_plan", PLAN, weight, str(p.last), p.start, p.text))
            # the plan under way (十四五 in 2023) points neither way
    for m in w.time_rx.finditer(text):
        row = w.time_words.get(m.group())
        if row is None:
            continue
        part, first, last = row
        span = None
        if year and first is not None and last is not None:
            span = _span(year + first, year + last) if part == REVIEW else str(year + last)
        votes.append(Vote(f"{prefix}_time_word", part, weight, span, m.start(), m.group()))
    votes.sort(key=lambda v: v.at)
    return votes


def heading_votes(title: str, year: int | None) -> list[Vote]:
    """Votes of a chapter heading: the times it names; its cue nouns only when it names none
    (lexicon: time_words, five_year_plan_patterns, review_heading, plan_heading)."""
    votes = time_votes(title, year, TIME_WEIGHT, "heading")
    if votes:
        return votes
    w = _words()
    for words, part in ((w.review_heading, REVIEW), (w.plan_heading, PLAN)):
        for word in words:
            at = title.find(word)
            if at >= 0:
                votes.append(Vote("heading_word", part, WORD_WEIGHT, None, at, word))
    votes.sort(key=lambda v: v.at)
    return votes


def opening(text: str) -> str:
    """The paragraph's first clause (at most 48 characters), where it names its topic:
    "过去五年，…", "“十五五”时期是…", "2025年是…"."""
    start = _LEADING.match(text).end()
    for addr in lexicon().speech_openings:  # 各位代表！过去五年…
        if text.startswith(addr, start):
            start += len(addr)
            start += 1 if text[start:start + 1] in "！!：:，," else 0
            break
    m = _OPENING_STOP.search(text, start, start + _OPENING_MAX)
    return text[start:m.start() if m else start + _OPENING_MAX]


def opening_votes(text: str, year: int | None) -> list[Vote]:
    """The first vote of the paragraph's opening clause, weaker when it does not stand at
    the head of the clause; its span from a later vote that agrees when it names none
    ("刚刚过去的2025年": review, 2025; lexicon: time_words, review_opening)."""
    head = opening(text)
    if not _words().probe.search(head):
        return []
    votes = time_votes(head, year, TIME_WEIGHT, "opening")
    for word in _words().review_opening:
        at = head.find(word)
        if at >= 0:
            votes.append(Vote("opening_word", REVIEW, TIME_WEIGHT, None, at, word))
    if not votes:
        return []
    votes.sort(key=lambda v: v.at)
    first = votes[0]
    if first.span is None:
        later = next((v for v in votes[1:] if v.part == first.part and v.span), None)
        if later is not None:
            first = replace(first, span=later.span)
    if first.at > _TOPIC_AT:
        first = replace(first, weight=TIME_WEIGHT - 1)
    return [first]


def period_words(text: str, year: int | None) -> Vote | None:
    """The span a review paragraph keeps naming: at least two of its time words, all of one
    span ("…这五年，是感恩奋进的五年。…这五年，是攻坚克难的五年…"; lexicon: time_words)."""
    if not year:
        return None
    found = [(word, text.count(word)) for word in _words().review_spans if word in text]
    spans = {_span(year + _words().review_spans[w][1], year + _words().review_spans[w][2]) for w, _ in found}
    n = sum(c for _, c in found)
    if n >= 2 and len(spans) == 1:
        return Vote("period_words", REVIEW, WORD_WEIGHT, spans.pop(), 0, f"{found[0][0]}×{n}")
    return None


def headline_probe() -> str:
    """Words every headline-target sentence holds ("" when the pattern has none): where they
    are missing, :func:`headline_anchor` finds nothing."""
    return _words().anchor_probe


def headline_anchor(text: str, year: int | None) -> Vote | None:
    """The headline-target sentence (主要预期目标是…; lexicon: headline_anchor)."""
    w = _words()
    if w.anchor_probe and w.anchor_probe not in text:
        return None
    m = w.anchor.search(text)
    if m is None:
        return None
    return Vote("headline_anchor", PLAN, ANCHOR_WEIGHT, str(year) if year else None, m.start(), m.group())


def plan_phrase(text: str) -> Vote | None:
    """A phrase anywhere in the paragraph that leans towards the plan (lexicon: plan_paragraph)."""
    for word in _words().plan_phrases:
        at = text.find(word)
        if at >= 0:
            return Vote("plan_phrase", PLAN, WORD_WEIGHT, None, at, word)
    return None


def aspect(text: str) -> Vote | None:
    """Tense and aspect of the paragraph's clauses: a clear majority of things done or of
    things to do (lexicon: past_aspect, future_aspect, aspect_exceptions)."""
    w = _words()
    past = future = 0
    for m in w.aspect.finditer(text):
        kind = w.aspect_kind[m.group()]
        if kind == REVIEW:
            past += 1
        elif kind == PLAN:
            future += 1
    n = past + future
    if n < 3 or abs(past - future) < 0.4 * n:
        return None
    part = REVIEW if past > future else PLAN
    weight = 2 if abs(past - future) >= 4 else 1
    return Vote("aspect", part, weight, None, 0, f"{past} done/{future} to do")


def margin(votes) -> int:
    """Plan weight minus review weight."""
    return sum(v.signed for v in votes if v is not None)
