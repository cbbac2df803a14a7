"""Task page additions: the source sentence highlighted in its paragraph, targets with progress bars.

Used by the ledger's task page (``{% load task_views %}{% task_source task %}{% task_targets task %}``).
"""

from __future__ import annotations

from django import template

from duban.web.ledger.status import TargetFact, target_fulfilment

register = template.Library()

_CONTEXT = 240  # characters of the surrounding paragraph shown on each side


def source_segments(text: str, start: int, end: int, marks: list[tuple[int, int, str]]):
    """Segments (text, css class) of the paragraph around [start, end) with marks inside it.

    ``marks`` are (start, end, label) spans (targets) inside the task; the task span
    itself is marked "task". Offsets index the report's original text.
    """
    if not text or start is None or end is None or not (0 <= start < end <= len(text)):
        return []
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    left = max(left, start - _CONTEXT)
    right = min(right, end + _CONTEXT)
    segs = []
    if left < start:
        prefix = "…" if left > 0 and text[left - 1] != "\n" else ""
        segs.append((prefix + text[left:start], ""))
    pos = start
    for s, e, _label in sorted(m for m in marks if start <= m[0] < m[1] <= end):
        if s < pos:
            continue
        if s > pos:
            segs.append((text[pos:s], "task"))
        segs.append((text[s:e], "target"))
        pos = e
    if pos < end:
        segs.append((text[pos:end], "task"))
    if end < right:
        segs.append((text[end:right] + ("…" if right < len(text) and text[right] != "\n" else ""), ""))
    return segs


@register.inclusion_tag("dashboard/_task_source.html")
def task_source(task, targets=None):
    """``targets``: the task's targets when the page already has them (saves a query)."""
    targets = task.targets.all() if targets is None else targets
    marks = [(t.start, t.end, t.metric) for t in targets if t.start is not None and t.end is not None]
    return {"segments": source_segments(task.report.text, task.start, task.end, marks), "task": task}


@register.inclusion_tag("dashboard/_task_targets.html")
def task_targets(task, targets=None):
    """Each target with its latest verified figure, as stored with the task's status."""
    rows = []
    for t in task.targets.all() if targets is None else targets:
        got = t.latest_value
        pct = target_fulfilment(TargetFact(t.value, t.value_max, t.comparator, got))
        rows.append({"target": t, "latest": got, "percent": round(pct, 1)})
    return {"rows": rows}


@register.filter
def amount(value, unit=""):
    """``{{ figure|amount:target.unit }}`` -> 460亿元, 4.5万人."""
    from duban.web.dashboard.numbers import amount as fmt

    return fmt(value, unit)


# Comparators as the page shows them (the stored code is ASCII).
SIGNS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "", "": ""}


@register.filter
def comparator_sign(code):
    """``{{ target.comparator|comparator_sign }}``: ≥ for ">=", ≤ for "<=", nothing for "="."""
    return SIGNS.get(code, code)


@register.filter
def status_label(code):
    """``{{ task.status|status_label }}``: the status name in the current language."""
    from duban.web.dashboard.labels import status_label as label

    return label(code)
