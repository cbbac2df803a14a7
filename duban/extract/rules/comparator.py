"""Comparator dimension: >=, >, =, ~, <=, < of a quantity.

A suffix after the unit (以上, 左右, 余/多, or the quantity rule's own) decides over a prefix
before the number (不低于, 突破, 近); an item of a list (95%、30%、60%以上 … ) without words of
its own takes the comparator of the item before; else =.
"""

from __future__ import annotations

from duban.extract.rules.registry import Rule
from duban.extract.rules.site import Site
from duban.extract.rules.words import words

__all__ = ["RULES"]


def _suffix(s: Site):
    return s.q.comparator or None


def _held_in_result(s: Site):
    """An outcome held at a level (PM2.5浓度控制在35微克) is reported, not bounded."""
    if s.prefix is not None and s.is_result and s.prefix.group() in words().held:
        return "="
    return None


def _prefix(s: Site):
    return words().lex.comparator_prefix[s.prefix.group()] if s.prefix is not None else None


def _listed_carry(s: Site):
    """平均压减时间58%、材料52%以上 … : a list item without words of its own carries the comparator on."""
    # only within a clause: 近70万辆，34款创新药械 — a hedge does not reach over the comma
    if s.listed and s.prev_q is not None and s.p.out and not s.metric_pre.strip(words().joiner_chars + " ") \
            and s.p.clause_of[id(s.prev_q)][0] == s.raw_cs:
        return s.p.out[-1].comparator or None
    return None


def _equal(s: Site):
    return "="


RULES: tuple[Rule, ...] = (
    Rule("suffix", _suffix, "以上, 左右, 余/多 after the unit, or the quantity rule's own"),
    Rule("held_in_result", _held_in_result, "控制在 in a result states the level reached"),
    Rule("prefix", _prefix, "不低于, 突破, 近 … before the number (lexicon comparators.yaml)"),
    Rule("listed_carry", _listed_carry, "a list item takes the comparator of the item before"),
    Rule("equal", _equal, "no word: ="),
)
