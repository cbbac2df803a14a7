"""Metric dimension: the short name of what a quantity measures.

The words before the number (新建…), the noun it counts when the number stands before it
(新建20个城市书房 -> 新建城市书房), the metric of the figure before it for a bare growth
rate (…增长5%，…增长6%), and the subject of the sentence when the clause names only a
generic measure (…景区基础设施建设，投资6.6亿元).
"""

from __future__ import annotations

import re

from duban.extract.rules.quantity import Quantity
from duban.extract.rules.registry import Rule
from duban.extract.rules.site import CLAUSE_DELIMS, Site, last_delim
from duban.extract.rules.words import words
from duban.extract.textview import squash

__all__ = ["RULES", "clean_metric", "continued_change", "strip_growth"]

_DIGIT = re.compile(r"\d")

_MAX = 24
_LEAD_MARKS = "，,、；;：:"


def clean_metric(s: str) -> str:
    """The metric without spaces, leading hedges (力争) and trailing comparators (达到)."""
    if not s:
        return s  # a number at the clause end has no counted noun: nothing to clean
    return _clean_solid(squash(s))


def _clean_solid(s: str) -> str:
    """clean_metric of a text that holds no whitespace."""
    w = words()
    # Most metrics open with no hedge and end with no comparator: a set test of the first
    # and the last character spares the loops.
    if s and (s[0] in w.lead.firsts or s[0] in _LEAD_MARKS):
        lead = w.lead
        for _ in range(4):
            before = s
            s = lead.strip_start(s).lstrip(_LEAD_MARKS)
            if s == before:
                break
    if s and s[-1] in w.trail.lasts:
        trail = w.trail
        for _ in range(4):
            before = s
            s = trail.strip_end(s)
            if s == before:
                break
    s = s.strip("，,、；;：: ")
    if "“" in s or "”" in s:
        if s.count("“") != s.count("”"):
            s = s.strip("“”")
    return s[-_MAX:]


def strip_growth(metric: str) -> str:
    return words().growth_tail.sub("", metric)


def _counted_noun(norm: str, q: Quantity, clause_end: int, later: list[Quantity]) -> str:
    """The noun a quantity counts when it stands after the number.

    Its own words run to the clause end, or to the 、 before the next quantity of the
    clause (36个小区的节能改造、45个…); a 、 inside a modifier stays (100个业态先进、拉动效应强的
    服务业项目). A count with no words of its own shares the noun that ends the list
    (8条、12.3公里道路改造; 65条、总长度57.9公里的城市道路改造)."""
    if later:
        gap = norm[q.end:later[0].start]
        own = gap[:gap.rindex("、")] if "、" in gap else gap
    else:
        own = norm[q.end:clause_end]
    own = own.strip()
    if not own.strip(words().joiner_chars + " ") and later:
        own = norm[later[-1].end:clause_end].strip()
    if "的" in own:
        head, tail = own[:own.rindex("的")], own[own.rindex("的") + 1:]
        # a short head is part of the name (老旧小区的节能改造); a long one is a modifier
        own = head + tail if len(head) <= 6 and "、" not in head else tail
    return own


def _topic(norm: str, sent_start: int, clause_start: int) -> str:
    """The clause before this one in the sentence, as a subject for a generic measure."""
    if clause_start <= sent_start + 1:
        return ""
    prev_start = last_delim(norm, sent_start, clause_start - 1, CLAUSE_DELIMS)
    topic = clean_metric(norm[prev_start:clause_start - 1])
    return "" if _DIGIT.search(topic) else topic[-14:]


def _parts(s: Site) -> dict:
    """What the metric rules share: the words before (pre), the counted noun (post), and
    whether pre is only a count verb or only a growth word."""
    parts = s.scratch.get("metric")
    if parts is not None:
        return parts
    w, q, norm = words(), s.q, s.norm
    pre = w.change_from.sub("", squash(s.metric_pre))
    pre = _clean_solid(w.lead_time.sub("", pre))
    if q.fixed_kind and q.kind == "rank":
        pre = _clean_solid(w.rank_tail.sub("", pre))
    verb_only = pre in w.count_verb.words
    growth_only = w.growth_only.fullmatch(pre) is not None
    later = [o for o in s.p.quants if q.end <= o.start < s.ce]
    post = _counted_noun(norm, q, s.ce, later)
    post = clean_metric(w.leading_bound.sub("", post).strip(w.joiner_chars))
    if verb_only:
        pre = pre if pre.startswith(w.w["new_prefix"]) or pre in w.naming_verbs else ""
    parts = s.scratch["metric"] = {"pre": pre, "post": post, "growth_only": growth_only,
                                   "prev": s.sentence_prev()}
    return parts


def _with_subject(s: Site, metric: str) -> str:
    """A metric of two characters or a generic measure (投资) takes the sentence's subject."""
    w = words()
    if len(metric) <= 2 or metric in w.generic_metric:
        prev = _parts(s)["prev"]
        subject = strip_growth(prev.metric) if prev is not None else _topic(s.norm, s.sent_start, s.raw_cs)
        if subject and subject != metric:
            metric = (subject + metric)[-_MAX:]
    return metric


def _growth_only(s: Site):
    """…增长5%，…增长6%: a bare growth word continues the metric before (or names the counted noun)."""
    p = _parts(s)
    if not p["growth_only"]:
        return None
    prev, pre = p["prev"], p["pre"]
    base = strip_growth(prev.metric) if prev is not None else (p["post"] or _topic(s.norm, s.sent_start, s.raw_cs))
    return (base + pre) if base else pre


def _counted(s: Site):
    """新建20个城市书房 -> 新建城市书房."""
    p = _parts(s)
    post = p["post"]
    if post and post not in words().bound_suffix:
        return _with_subject(s, (p["pre"] + post)[-_MAX:])
    return None


def _words_before(s: Site):
    pre = _parts(s)["pre"]
    return _with_subject(s, pre) if pre else None


def _carried(s: Site):
    """A figure with no words of its own measures what the figure before it measured."""
    prev = _parts(s)["prev"]
    if prev is None:
        return None
    return strip_growth(prev.metric) + (words().w["growth_suffix"] if s.kind == "growth" and prev.kind != "growth"
                                        else "")


def _subject_only(s: Site):
    return _with_subject(s, "")


RULES: tuple[Rule, ...] = (
    Rule("growth_only", _growth_only, "a bare growth word continues the metric before"),
    Rule("counted_noun", _counted, "the words before and the noun the number counts"),
    Rule("words_before", _words_before, "the words before the number"),
    Rule("carried", _carried, "the metric of the figure before in the sentence"),
    Rule("subject_only", _subject_only, "only the subject of the sentence, or nothing"),
)


def continued_change(s: Site, metric: str) -> str | None:
    """专项债券2.15万亿元，比去年增加8000亿元: a change against last year continues the metric
    of the figure before it in the sentence."""
    prev = s.sentence_prev()
    if prev is not None and words().change_base.match(metric):
        return (strip_growth(prev.metric) + metric)[-_MAX:]
    return None
