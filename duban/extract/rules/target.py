"""Quantities become targets (commitments) or results (past outcomes), with metric,
comparator, kind and deadline or period: each decided by the named rules of its dimension
(``rules/registry.py``), in order.

A quantity is read inside its clause (the text between two of ，；。：). The reading
dimension decides whether it is a target, a result or nothing (``rules/reading.py``: where
it stands — review or plan — and what is around it: names in quotes, ordinals,
thresholds inside a noun phrase); then the comparator (``rules/comparator.py``), the kind
(``rules/kind.py``), the metric (``rules/metric.py``) and the deadline or period
(``rules/deadline.py``). Every :class:`Mention` keeps the name of the rule that decided each
dimension (``decided``), and :func:`read_block` can report the quantities it dropped, with
the rule that dropped them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from duban.extract.markers import ARABIC, CIRCLED, PAREN_ARABIC
from duban.extract.rules import comparator, deadline, kind, metric, reading
from duban.extract.rules.quantity import Quantity, find_quantities
from duban.extract.rules.registry import decide
from duban.extract.rules.site import CLAUSE_DELIMS, SENTENCE_DELIMS, Marks, Paragraph, Site, next_delim
from duban.extract.rules.words import words
from duban.extract.structure import Block, Layout

__all__ = ["Dropped", "Mention", "read_block"]

_QUOTES = re.compile(r"“[^“”\n]{1,40}”|《[^《》\n]{1,80}》|\"[^\"\n]{1,40}\"|「[^「」\n]{1,40}」")
_ITEM_MARK = re.compile(rf"\s*(?:{ARABIC}|{PAREN_ARABIC}|{CIRCLED})\s*")


@dataclass
class Mention:
    """A quantity read in context: a target when ``is_result`` is False."""

    q: Quantity
    start: int
    end: int
    metric: str
    comparator: str
    kind: str
    when: str | None  # deadline of a target / period of a result
    is_result: bool
    sentence: tuple[int, int]
    rule: str
    decided: dict = field(default_factory=dict)  # dimension -> name of the rule that decided it


@dataclass
class Dropped:
    """A quantity that the reading dimension dropped, and the rule that dropped it."""

    q: Quantity
    rule: str


def _paragraph(layout: Layout, block: Block, quants: list[Quantity]) -> Paragraph:
    norm = layout.view.norm
    b0, b1 = block.start, block.end
    head_end = 0
    sec = layout.section(block.section)
    if sec is not None and sec.start == b0 and sec.level <= 2:
        head_end = sec.head_end
    item_end = b0
    if block.list_section:
        im = _ITEM_MARK.match(norm, b0, b1)
        if im:
            item_end = im.end()
    clauses = Marks(norm, b0, b1, CLAUSE_DELIMS)
    clause_of = {id(q): clauses.around(q.start, q.end) for q in quants}
    # positional, in the order of Paragraph's fields: keywords cost twice as much
    return Paragraph(layout, block, norm, quants, clause_of, clauses, clauses.subset(norm, SENTENCE_DELIMS),
                     [m.span() for m in _QUOTES.finditer(norm, b0, b1)], head_end, item_end,
                     reading.thresholds(norm, quants, clause_of))


def _site(p: Paragraph, q: Quantity) -> Site:
    w, norm, kept, start = words(), p.norm, p.kept, q.start
    raw_cs, ce = p.clause_of[id(q)]
    # conditionals rather than max(): a builtin call costs more, once for every quantity
    cs = raw_cs if raw_cs > p.item_end else p.item_end
    prefix = w.prefix.ending(norm[cs if cs > start - 6 else start - 6:start])
    sent_start = p.sentences.last(start)
    prev_q = kept[-1] if kept and p.clause_of[id(kept[-1])][0] == raw_cs else None
    gap = norm[prev_q.end:start] if prev_q is not None else ""
    if prev_q is None and kept and not norm[cs:start].strip() and p.sentences.last(kept[-1].start) == sent_start:
        # 建设一座公园——…，一条景观环路: the verb of the sentence carries on to this clause
        prev_q, gap = kept[-1], "、"
    listed = prev_q is not None and gap.strip() in w.joiners  # 95%、30%、60%
    # positional, in the order of Site's fields (once per quantity: keywords cost twice as much)
    return Site(p, q, raw_cs, cs, ce, sent_start, prefix, prev_q, gap, listed, norm, p.layout.year)


def read_block(layout: Layout, block: Block, quants: list[Quantity] | None = None,
               dropped: list[Dropped] | None = None) -> list[Mention]:
    """Targets and results of one logical paragraph (``quants``: its quantities, when the
    caller found them for the whole text at once). Quantities read as nothing are appended
    to ``dropped`` when a list is given."""
    norm = layout.view.norm
    if quants is None:
        quants = find_quantities(norm, block.start, block.end)
    if not quants:
        return []
    w = words()
    p = _paragraph(layout, block, quants)
    for q in quants:
        s = _site(p, q)
        verdict, reading_rule = decide(reading.RULES, s)
        if verdict == reading.DROP:
            if dropped is not None:
                dropped.append(Dropped(q, reading_rule))
            continue
        if isinstance(verdict, tuple):
            s.is_result, s.when = verdict[0] == reading.RESULT, verdict[1]
        p.kept.append(q)
        # the span: from the clause start, or after the previous quantity listed in the clause
        start, cs, prev_q = q.start, s.cs, s.prev_q
        span_start = cs
        if prev_q is not None and prev_q.end > cs:
            sep = next_delim(norm, prev_q.end, start, w.joiner_chars)
            span_start = sep + 1 if sep < start else prev_q.end
        while span_start < start and norm[span_start] in " \t\r\n　":
            span_start += 1
        s.span_start = span_start
        s.pre = pre = norm[span_start:start]
        hit = s.prefix.group() if s.prefix is not None else ""
        s.metric_pre = pre[: len(pre) - len(hit)] if hit and pre.endswith(hit) else pre
        s.comparator, comparator_rule = decide(comparator.RULES, s)
        s.kind, kind_rule = decide(kind.RULES, s)
        s.metric, metric_rule = decide(metric.RULES, s)
        quantity_rule = q.rule
        if not q.unit:
            q.unit = reading.implied_unit(s.metric)
            if not q.unit:
                p.kept.pop()
                if dropped is not None:
                    dropped.append(Dropped(q, "no_unit"))
                continue
            quantity_rule += "+implied_unit"
        changed = metric.continued_change(s, s.metric)
        if changed is not None:
            s.metric = changed
            metric_rule += "+continued_change"
        when_dim, when_rules = ("period", deadline.PERIOD_RULES) if s.is_result else ("deadline", deadline.DEADLINE_RULES)
        when, when_rule = decide(when_rules, s)
        # one dict literal, its keys in the order of the dimensions, rather than a store for each
        decided = {"quantity": quantity_rule, "reading": reading_rule, "comparator": comparator_rule,
                   "kind": kind_rule, "metric": metric_rule, when_dim: when_rule}
        # positional, in the order of Mention's fields
        p.out.append(Mention(q, span_start, q.end, s.metric, s.comparator, s.kind, when, s.is_result,
                             (s.sent_start, p.sentences.next(q.end)), q.rule, decided))
    return p.out
