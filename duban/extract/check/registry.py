"""The one list of check rules, in the order they run. Each rule module exports ``RULES``:
(name, function(text, doc) -> list[Defect]) pairs."""

from __future__ import annotations

from duban.extract.check import (
    balance,
    broken_line,
    contradiction,
    departments,
    duplicates,
    garbled,
    notation,
    numbering,
    repeated,
    usage,
    wrong_char,
)

__all__ = ["RULES"]

RULES = [
    *numbering.RULES,
    *duplicates.RULES,
    *repeated.RULES,
    *wrong_char.RULES,
    *contradiction.RULES,
    *notation.RULES,
    *broken_line.RULES,
    *balance.RULES,
    *garbled.RULES,
    *departments.RULES,
    *usage.RULES,
]
