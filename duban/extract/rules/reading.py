"""Reading dimension (the review/plan hook): is a quantity a target, a result, or nothing?

The part of the report decides first (``duban.extract.review_plan``: a review passage gives
results, a plan passage targets); before it, rules drop the numbers that are no commitment
(names, ordinals, thresholds inside a noun phrase, the heading's own numbers, idioms such
as 一批); after it, a plan sentence that tells what was done gives nothing, and one that
speaks of an earlier year gives a result. Each rule returns ``DROP``, ``(RESULT, period)``
or ``TARGET``, or None to pass.
"""

from __future__ import annotations

import re

from duban.extract.pattern_facts import holds, required_chars
from duban.extract.rules.quantity import Quantity
from duban.extract.rules.registry import Rule
from duban.extract.rules.site import Site
from duban.extract.rules.words import words

__all__ = ["DROP", "RESULT", "RULES", "TARGET", "implied_unit", "thresholds"]

_HAN = re.compile(r"[\u4e00-\u9fff]")
_YEAR = re.compile(r"(20\d\d)年")
_YEAR_NEEDS = required_chars(_YEAR)

DROP = "drop"
RESULT = "result"
TARGET = "target"


# -- drops: numbers that are no commitment ------------------------------------------------


def _threshold(s: Site):
    return DROP if id(s.q) in s.p.thresholds else None


def _in_heading(s: Site):
    return DROP if s.q.start < s.p.head_end else None


def _list_marker(s: Site):
    return DROP if s.q.start < s.p.item_end else None


def _age_bound(s: Site):
    """60岁以上老年人: an age that defines who is counted."""
    w = words()
    q, norm = s.q, s.norm
    if q.unit in w.age_units and w.age_bound.match(norm[q.end:q.end + 3]) and not w.level_after.match(norm, q.end):
        return DROP
    return None


def _quoted_name(s: Site):
    """“三百”工程, 《…》 are names; “六连冠” alone in quotes is still the count."""
    q = s.q
    for a, b in s.p.quotes:  # most paragraphs quote nothing: no generator for them
        if a <= q.start < b and not (a + 1 == q.start and q.end == b - 1):
            return DROP
    return None


def _ordinal_or_rate(s: Site):
    """第三届 is an ordinal; 每人, 逐年 a rate."""
    w, q, norm = words(), s.q, s.norm
    prev_char = norm[q.start - 1] if q.start > s.p.block.start else ""
    if prev_char in w.ordinal_before or (q.rule == "number_unit" and prev_char and prev_char in w.per_before):
        return DROP
    return None


def _size_class(s: Site):
    """30万吨级航道, 百亿级产业."""
    if s.norm[s.q.end:s.q.end + 1] in words().size_class_after and s.q.rule != "rank_position":
        return DROP
    return None


def _extent(s: Site):
    """长江沿线1公里范围内: a distance that delimits the work; 30周年."""
    return DROP if s.norm.startswith(words().extent_after, s.q.end) else None


def _policy_package(s: Site):
    """28条配套规定: the size of a policy package, not a count of work."""
    w = words()
    return DROP if s.q.unit in w.policy_units and w.policy_noun.match(s.norm, s.q.end) else None


def _bare_scale_modifier(s: Site):
    """过亿元项目: a bare scale before a noun qualifies it."""
    q = s.q
    return DROP if q.rule == "bare_scale" and _HAN.match(s.norm, q.end) else None


def _chinese_count(s: Site):
    """A count in Chinese numerals (两条风情滨河路) is a commitment only next to a verb of
    building or doing, in a list after another such count, or with a comparator; never the
    idioms 一批, 一项, 两个维护."""
    q = s.q
    if not (q.chinese and q.rule == "number_unit"):
        return None
    return None if _chinese_count_ok(s) else DROP


def _chinese_count_ok(s: Site) -> bool:
    w, q, norm, cs, prev_q = words(), s.q, s.norm, s.cs, s.prev_q
    if w.lex.units[q.unit].bare_ok:
        return True
    near = w.count_adverbs.sub("", norm[max(cs, q.start - 6):q.start])
    verb = w.count_verb.ending(near) is not None
    in_list = prev_q is not None and prev_q.chinese and s.gap.rstrip().endswith(w.count_list_joiners)
    scaled = any(c in norm[q.start:q.end] for c in w.count_scales)
    if norm[q.start] == "一" and not scaled:
        return q.unit in w.one_units and (verb or in_list)
    if q.unit in w.generic_count_units:
        return verb or in_list or s.prefix is not None or scaled
    return verb or in_list or s.prefix is not None or scaled or w.count_verb_any.search(norm[cs:q.start]) is not None


def _needs_verb(s: Site):
    """Units such as 次 count only after a verb (举办…3次)."""
    q = s.q
    if q.needs_verb and not words().count_verb.ending(s.norm[max(s.cs, q.start - 6):q.start]):
        return DROP
    return None


# -- the part: review or plan ---------------------------------------------------------------


def _review_part(s: Site):
    block = s.p.block
    return (RESULT, block.period) if block.part == "review" else None


def _done_in_plan(s: Site):
    """A plan sentence telling what was done (…设置了29项指标) is neither target nor result."""
    return DROP if words().done_clause.search(s.norm, s.cs, s.ce) else None


def _earlier_year(s: Site):
    """An earlier year that the plan sentence speaks of: the number is that year's result."""
    year = s.year
    if not year:
        return None
    head = s.norm[s.sent_start:s.q.start]
    if not holds(head, _YEAR_NEEDS):
        return None
    w = words()
    for m in _YEAR.finditer(head):
        y = int(m.group(1))
        if y < year and not w.baseline_year.search(head[max(0, m.start() - 3):m.end()]) \
                and head[max(0, m.start() - 1):m.start()] not in w.towards:
            return RESULT, str(y)
    return None


def _plan_part(s: Site):
    return TARGET


RULES: tuple[Rule, ...] = (
    Rule("threshold", _threshold, "a figure that qualifies the noun another figure counts (过亿元项目230个)"),
    Rule("in_heading", _in_heading, "a number in the chapter or section heading"),
    Rule("list_marker", _list_marker, "the number of a list item"),
    Rule("age_bound", _age_bound, "an age that defines who is counted (60岁以上老年人)"),
    Rule("quoted_name", _quoted_name, "a number inside a name in quotes or a title (“三百”工程)"),
    Rule("ordinal_or_rate", _ordinal_or_rate, "第三届, 每人"),
    Rule("size_class", _size_class, "30万吨级航道"),
    Rule("extent", _extent, "1公里范围内, 30周年"),
    Rule("policy_package", _policy_package, "28条配套规定"),
    Rule("bare_scale_modifier", _bare_scale_modifier, "过亿元项目"),
    Rule("chinese_count", _chinese_count, "一批, 两个维护: Chinese counts without a verb, list or comparator"),
    Rule("needs_verb", _needs_verb, "a unit that counts only after a verb"),
    Rule("review_part", _review_part, "a number of a review passage is a result of the review's period"),
    Rule("done_in_plan", _done_in_plan, "a plan clause that tells what was done (了, 已经)"),
    Rule("earlier_year", _earlier_year, "a plan sentence about an earlier year gives that year's result"),
    Rule("plan_part", _plan_part, "a number of a plan passage is a target"),
)


# -- shared with the block reader ---------------------------------------------------------


def implied_unit(metric: str) -> str:
    """The unit a bare 1000万 leaves to its metric (贫困人口减少1000万 -> 人), or ""."""
    for unit, pattern in words().implied_units:
        if pattern.search(metric):
            return unit
    return ""


def thresholds(norm: str, quants: list[Quantity], clause_of: dict) -> set[int]:
    """Quantities that qualify a noun while another quantity of the clause counts it
    (过亿元项目230个, 3岁以下婴幼儿托位3000个); with 25%以上的行政村年收入超50万元 the share is
    the target and the other figure defines it."""
    drop: set[int] = set()
    if len(quants) < 2:
        return drop  # one quantity has no other to qualify (most paragraphs)
    w = words()
    joiners = w.list_joiners
    by_clause: dict[tuple[int, int], list[Quantity]] = {}
    for q in quants:
        by_clause.setdefault(clause_of[id(q)], []).append(q)
    if len(by_clause) == len(quants):
        return drop  # every quantity alone in its clause: none qualifies another's noun
    for q in quants:
        mates = by_clause[clause_of[id(q)]]
        if len(mates) == 1:
            continue
        others = [o for o in mates if o is not q]
        after = norm[q.end:q.end + 2]
        modifies = bool(w.modifier.match(after)) and not after.startswith(joiners) and not w.ratio_after.match(after)
        if not modifies:
            continue
        if q.unit in ("%", "‰") and norm[q.end:q.end + 1] == "的":
            drop.update(id(o) for o in others if o.start > q.start)
            continue
        entity_count = q.comparator is None and q.kind == "absolute" and q.unit not in w.property_units
        bounded = [o for o in others if o.start > q.start and qualifies(norm[q.end:o.start])
                   and w.bound_end.search(norm[q.end:o.start])]
        if entity_count and bounded:
            # 191家工业企业营业收入超百亿元: the count is the result, the bound defines the firms
            drop.update(id(o) for o in bounded)
            continue
        if any(o.start > q.start and qualifies(norm[q.end:o.start]) for o in others) or \
                any(o.start < q.start and not norm[o.end:q.start].strip() for o in others):
            drop.add(id(q))
    return drop


def qualifies(between: str) -> bool:
    """True when the text between two quantities is one noun phrase (a threshold qualifies
    the noun that the second quantity counts), not a list or a change from one to the other."""
    w = words()
    if any(j in between for j in w.breakers):
        return False
    return not w.level_after.match(between.strip())
