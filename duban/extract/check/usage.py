"""Word-order and collocation errors found by patterns (check_usage.yaml).

"四个星级智慧城市" (a star rating written as a count), "推进文风会风" (a verb that does
not take this object). Each pattern names its own kind, message and suggestion.
"""

from __future__ import annotations

from duban.extract.check._text import Defect
from duban.extract.check.lexicon import check_lexicon

__all__ = ["RULES", "check_usage"]


def check_usage(text: str, doc: dict | None = None) -> list[Defect]:
    out = []
    for up in check_lexicon().usage:
        for m in up.pattern.finditer(text):
            suggestion = m.expand(up.suggestion) if up.suggestion else None
            out.append(Defect(up.kind, m.start(), m.end(), up.message, suggestion, f"usage.{up.name}"))
    return out


RULES = [("usage", check_usage)]
