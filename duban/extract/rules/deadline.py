"""Deadline and period dimensions: when a target is due, and which time a result reports.

A target's deadline is the time the sentence names before the number — an explicit year
(到2030年, 2025年底前) or a span (3年内, 今后五年) — the one nearest the number when it names
both (今后五年…到2030年: 2030); else the plan passage's horizon (the report year, or 2030
for the goals of a five-year plan). A result's period is the earlier year that opens its
clause (五年来…，2017年达到…), else the period the reading gave (the review's period, or
the earlier year a plan sentence speaks of), else the year before the report.
"""

from __future__ import annotations

from duban.extract.pattern_facts import holds
from duban.extract.rules.numeral import parse_numeral
from duban.extract.rules.registry import Rule
from duban.extract.rules.site import Site
from duban.extract.rules.words import words

__all__ = ["DEADLINE_RULES", "PERIOD_RULES"]


def _stated(s: Site) -> dict:
    """The last explicit year and the last span of years named before the number:
    {"by_year": (position, value) or None, "within_years": (position, value) or None}."""
    found = s.scratch.get("deadline")
    if found is not None:
        return found
    w = words()
    head = s.norm[s.sent_start:s.q.start]
    if not holds(head, w.deadline_needs):
        # most heads name no time at all: one test for what every pattern needs
        found = s.scratch["deadline"] = {"by_year": None, "within_years": None}
        return found
    year = s.year
    by_year = None
    for m in (w.by_year.finditer(head) if holds(head, w.by_year_needs) else ()):
        y = int(next(g for g in m.groups() if g))
        if w.baseline_year.search(head[max(0, m.start() - 3):m.end()]):
            continue
        if year is None or y >= year:
            by_year = (m.start(), str(y))
    last = None  # the span that starts last (the larger numeral at a tie, as sorting gave)
    for rx, needs in zip(w.within, w.within_needs, strict=True):
        for m in (rx.finditer(head) if holds(head, needs) else ()):
            span = (m.start(), m.group(1))
            if last is None or span > last:
                last = span
    within = None
    if last is not None:
        pos, n = last
        within = (pos, f"{int(n) if n.isdigit() else int(parse_numeral(n) or 0)}y")
    found = s.scratch["deadline"] = {"by_year": by_year, "within_years": within}
    return found


def _by_year(s: Site):
    """到2030年, 2025年底前 (a baseline such as 比2020年 is no deadline)."""
    found = _stated(s)
    year, span = found["by_year"], found["within_years"]
    if year is None or (span is not None and span[0] > year[0]):
        return None
    return year[1]


def _within_years(s: Site):
    """3年内, 今后五年, 未来5年: a span of years from the report year."""
    found = _stated(s)
    year, span = found["by_year"], found["within_years"]
    if span is None or (year is not None and year[0] > span[0]):
        return None
    return span[1]


def _plan_horizon(s: Site):
    return s.p.block.horizon


DEADLINE_RULES: tuple[Rule, ...] = (
    Rule("by_year", _by_year, "an explicit year before the number (到2030年); the nearer of year and span wins"),
    Rule("within_years", _within_years, "a span before the number (3年内, 今后五年)"),
    Rule("plan_horizon", _plan_horizon, "the horizon of the plan passage"),
)


def _clause_year(s: Site):
    """An earlier year named at the head of the result's clause (五年来…，2017年达到3.8万亿元)."""
    m = words().clause_year.match(s.norm[s.raw_cs:s.q.start])
    if m and (s.year is None or int(m.group(1)) < s.year):
        return m.group(1)
    return None


def _reading_period(s: Site):
    return s.when or None


def _year_before(s: Site):
    return str(s.year - 1) if s.year else None


PERIOD_RULES: tuple[Rule, ...] = (
    Rule("clause_year", _clause_year, "an earlier year at the head of the clause"),
    Rule("reading_period", _reading_period, "the review's period, or the earlier year the sentence speaks of"),
    Rule("year_before_report", _year_before, "the year before the report"),
)
