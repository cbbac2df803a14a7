"""Numbered items of appendix lists (民生实事, policies to issue, action plans), with the
number as printed and the lead department from "(市发展改革委)" or "(牵头单位：人社厅)"."""

from __future__ import annotations

import re
from functools import cache

from duban.extract.departments import department_list
from duban.extract.language import alternation
from duban.extract.markers import ARABIC, CIRCLED, PAREN_ARABIC, marker_number
from duban.extract.structure import Block, Layout

__all__ = ["read_list_item"]

_ITEM = re.compile(rf"^\s*(?:{ARABIC}|{PAREN_ARABIC}|{CIRCLED})\s*")
_TAIL_PUNCT = "；;。.，, \t"
_DIGIT = re.compile(r"\d")


@cache
def _lead_patterns() -> tuple[re.Pattern, re.Pattern]:
    """(label pattern, parenthetical pattern) for the lead department of an item."""
    deps = department_list()
    labels = alternation(deps.lead_labels)
    coop = alternation(deps.cooperating_labels)
    suffix = alternation(deps.suffixes)
    paren = re.compile(
        rf"[(（]\s*(?:(?:{labels})\s*[:：]?\s*)?(?P<dept>[^()（）:：;；]{{2,40}}?(?:{suffix}))"
        rf"(?:\s*[、,，;；]\s*[^()（）]*)?\s*[)）]\s*[{re.escape(_TAIL_PUNCT)}]*$")
    label = re.compile(
        rf"[(（]?\s*(?:{labels})\s*[:：]\s*(?P<dept>[^()（）;；，,。\s]{{2,40}})(?:[^()（）]*?(?:{coop})\s*[:：][^()（）]*)?[)）]?\s*[{re.escape(_TAIL_PUNCT)}]*$")
    return label, paren


@cache
def _label_probe() -> re.Pattern:
    return re.compile(alternation(department_list().lead_labels))


def _lead_candidates(body: str) -> tuple[re.Pattern, ...]:
    """The lead patterns that can match ``body``, in order. Both are searched at every
    position of an item; most items name no label and do not end in a parenthesis, which
    is quicker told."""
    label, paren = _lead_patterns()
    named = _label_probe().search(body) is not None
    # the parenthesis pattern ends in a closing parenthesis, then spaces and the tail
    # punctuation that ``body`` has had stripped
    closed = body.rstrip().endswith((")", "）"))
    if named and closed:
        return label, paren
    return (label,) if named else (paren,) if closed else ()


def read_list_item(layout: Layout, block: Block) -> dict | None:
    if not block.list_section:
        return None
    norm = layout.view.norm
    text = norm[block.start:block.end]
    m = _ITEM.match(text)
    if not m:
        return None
    number = marker_number(m.group(1) or m.group(2) or m.group(3))
    start = block.start + m.end()
    end = block.end
    while end > start and norm[end - 1] in _TAIL_PUNCT:
        end -= 1
    lead = None
    body = norm[start:end]
    for rx in _lead_candidates(body):
        dm = rx.search(body)
        if dm and not _DIGIT.search(dm.group("dept")):
            lead = dm.group("dept").strip()
            end = start + dm.start()
            while end > start and norm[end - 1] in _TAIL_PUNCT:
                end -= 1
            break
    sec = layout.section(block.list_section)
    return {
        "list": (sec.number or sec.title) if sec else "",
        "number": number,
        "text": layout.view.text[start:end],
        "lead_department": lead,
        "start": start,
        "end": end,
        "item_start": block.start,
    }
