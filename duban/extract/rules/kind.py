"""Kind dimension: absolute, growth, share, rank or other.

A quantity rule may fix the kind (rank_top, 两位数); a percentage is a growth rate after a
growth cue (增长5%) and a share after a share cue (率, 占比) or by default; a list item of
percentages without cues of its own takes the kind of the item before; anything else has
the kind of its unit (lexicon units.yaml).
"""

from __future__ import annotations

from duban.extract.rules.registry import Rule
from duban.extract.rules.site import Site
from duban.extract.rules.words import words
from duban.extract.textview import squash

__all__ = ["RULES"]


_PERCENT = ("%", "‰")


def _fixed(s: Site):
    q = s.q
    return (q.kind or "other") if q.fixed_kind else None


def _cues(s: Site) -> tuple[list[int], list[int]]:
    """End positions of growth cues and of share cues in the words before the percentage."""
    cues = s.scratch.get("kind")
    if cues is None:
        w = words()
        text = w.level_after.strip_end(squash(s.metric_pre))
        cues = s.scratch["kind"] = ([m.end() for m in w.growth.finditer(text)], [m.end() for m in w.share.finditer(text)])
    return cues


def _percent_listed(s: Site):
    if s.q.unit not in _PERCENT:
        return None
    prev = s.prev_mention()
    g, sh = _cues(s)
    if not g and not sh and prev is not None and prev.q.unit == s.q.unit:
        return prev.kind  # 平均压减时间58%、材料52%: the cue carries on
    return None


def _percent_growth(s: Site):
    if s.q.unit not in _PERCENT:
        return None
    g, sh = _cues(s)
    return "growth" if g and (not sh or max(g) > max(sh)) else None


def _percent_share(s: Site):
    return "share" if s.q.unit in _PERCENT else None


def _unit(s: Site):
    return s.q.kind or "absolute"


RULES: tuple[Rule, ...] = (
    Rule("fixed", _fixed, "the quantity rule fixed the kind (rank, 两位数)"),
    Rule("percent_listed", _percent_listed, "a percentage listed after another takes its kind"),
    Rule("percent_growth", _percent_growth, "a growth cue (增长, 年均) closest before the percentage"),
    Rule("percent_share", _percent_share, "any other percentage is a share"),
    Rule("unit", _unit, "the kind of the unit"),
)
