"""The report check (体检): printing and consistency errors of a report, as ``defects``.

``find_defects(text, doc=None)`` runs every rule of :mod:`duban.extract.check.registry`
on the original text and returns items ``{kind, start, end, quote, message, suggestion}``
with ``quote == text[start:end]``, sorted by ``start``. Language data comes from
``duban/extract/lexicon/check_*.yaml``.
"""

from __future__ import annotations

from duban.extract.check._text import Defect, LineIndex, line_col

__all__ = ["Defect", "LineIndex", "clear_caches", "find_defects", "find_defect_objects", "line_col"]


def find_defect_objects(text: str, doc: dict | None = None) -> list[Defect]:
    """The defects as :class:`Defect` objects (with the name of the rule that found each)."""
    from duban.extract.check.registry import RULES

    found: list[Defect] = []
    for _name, rule in RULES:
        found.extend(rule(text, doc))
    found.sort(key=lambda d: (d.start, d.end))
    # Two rules may see the same slip (a doubled character that is also a phrase misprint):
    # keep the first of overlapping defects of one kind.
    kept: list[Defect] = []
    for d in found:
        if any(k.kind == d.kind and k.start < d.end and d.start < k.end for k in kept[-8:]):
            continue
        kept.append(d)
    return kept


def clear_caches() -> None:
    """Forget the parses cached per text (numbering, lists, line breaks), which the rules
    share within one check; benchmarks call it to measure a check from cold."""
    from duban.extract.check import _lists, broken_line

    _lists.cache_clear()
    broken_line._breaks.cache_clear()


def find_defects(text: str, doc: dict | None = None) -> list[dict]:
    """Every defect found in ``text``; ``doc`` (the extraction document) is optional."""
    if not isinstance(text, str):
        raise TypeError("find_defects expects str")
    return [d.as_dict(text) for d in find_defect_objects(text, doc)]
