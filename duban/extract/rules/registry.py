"""The rules registry: every named rule that reads a quantity in its clause, by dimension.

A quantity (``rules/quantity.py``: numeral, scale, unit, suffix) is read in its clause along
these dimensions, in this order; each dimension is an ordered list of named rules and the
first rule that decides (returns a value, not None) wins:

============  ===========================  ==================================================
dimension     module                       decides
============  ===========================  ==================================================
reading       ``rules/reading.py``         dropped (a name, an ordinal, a threshold …), a
                                           result (review part, earlier year) or a target
comparator    ``rules/comparator.py``      >=, >, =, ~, <=, < from suffix, prefix, list
kind          ``rules/kind.py``            absolute, growth, share, rank, other
metric        ``rules/metric.py``          what is measured (words before, counted noun …)
deadline      ``rules/deadline.py``        a target's deadline (到2030年, 3年内, the horizon)
period        ``rules/deadline.py``        a result's period (2017年…, the review's period)
============  ===========================  ==================================================

The name of the rule that decided each dimension travels with the item (``duban extract
--explain``), so every reading can say why. Like ``check/registry.py``, this module only
composes the dimension modules' ``RULES``; to add a rule, write it in its dimension's
module and insert it in that module's ``RULES`` where it should take precedence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["DIMENSIONS", "Rule", "decide", "registry", "rule_names"]


@dataclass(frozen=True, slots=True)
class Rule:
    """A named rule of one dimension: ``decide(site)`` returns its value, or None to pass."""

    name: str
    decide: Callable[[Any], Any]
    doc: str = ""


DIMENSIONS = ("reading", "comparator", "kind", "metric", "deadline", "period")


def decide(rules: tuple[Rule, ...] | list[Rule], site) -> tuple[Any, str]:
    """(value, rule name) of the first rule of ``rules`` that decides; (None, "none") if none does."""
    for rule in rules:
        value = rule.decide(site)
        if value is not None:
            return value, rule.name
    return None, "none"


def registry() -> dict[str, tuple[Rule, ...]]:
    """Every dimension's rules, in the order they are tried."""
    from duban.extract.rules import comparator, deadline, kind, metric, reading

    return {
        "reading": reading.RULES,
        "comparator": comparator.RULES,
        "kind": kind.RULES,
        "metric": metric.RULES,
        "deadline": deadline.DEADLINE_RULES,
        "period": deadline.PERIOD_RULES,
    }


def rule_names() -> dict[str, list[str]]:
    """The names of the rules of each dimension, quantity rules included (for docs and tests)."""
    from duban.extract.rules.quantity import VARIANTS, quantity_rules

    names = {"quantity": [n for r in quantity_rules() for n in (r.name, *VARIANTS.get(r.name, ()))]}
    names.update({dim: [r.name for r in rules] for dim, rules in registry().items()})
    return names
