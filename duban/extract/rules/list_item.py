"""Numbered items of appendix lists (民生实事, policies to issue, action plans), with the
number as printed and the lead department from "(市发展改革委)" or "(牵头单位：人社厅)"."""

from __future__ import annotations

import re
from functools import cache

import yaml

from duban.extract.language import alternation
from duban.extract.structure import Block, Layout

__all__ = ["read_list_item", "departments"]

_ITEM = re.compile(r"^\s*(?:(\d{1,3})\s*[.、．](?!\d)|\((\d{1,3})\)|([①-⑳]))\s*")
_TAIL_PUNCT = "；;。.，, \t"


@cache
def departments() -> dict:
    from importlib import resources

    data = yaml.safe_load(resources.files("duban.extract.lexicon").joinpath("departments.yaml").read_text("utf-8"))
    for key in ("suffixes", "lead_labels", "cooperating_labels"):
        if not isinstance(data.get(key), list):
            raise ValueError(f"lexicon/departments.yaml: {key} must be a list")
    labels = alternation(data["lead_labels"])
    coop = alternation(data["cooperating_labels"])
    suffix = alternation(data["suffixes"])
    data["_paren"] = re.compile(
        rf"[(（]\s*(?:(?:{labels})\s*[:：]?\s*)?(?P<dept>[^()（）:：;；]{{2,40}}?(?:{suffix}))"
        rf"(?:\s*[、,，;；]\s*[^()（）]*)?\s*[)）]\s*[{re.escape(_TAIL_PUNCT)}]*$")
    data["_label"] = re.compile(
        rf"[(（]?\s*(?:{labels})\s*[:：]\s*(?P<dept>[^()（）;；，,。\s]{{2,40}})(?:[^()（）]*?(?:{coop})\s*[:：][^()（）]*)?[)）]?\s*[{re.escape(_TAIL_PUNCT)}]*$")
    return data


@cache
def _alias_map() -> dict[str, str]:
    out = {}
    for canon, aliases in (departments().get("aliases") or {}).items():
        out[canon] = canon
        for a in aliases or []:
            out[a] = canon
    return out


def canonical_department(name: str) -> str:
    return _alias_map().get(name, name)


def read_list_item(layout: Layout, block: Block) -> dict | None:
    if not block.list_section:
        return None
    norm = layout.view.norm
    text = norm[block.start:block.end]
    m = _ITEM.match(text)
    if not m:
        return None
    number = int(m.group(1) or m.group(2) or (ord(m.group(3)) - ord("①") + 1))
    start = block.start + m.end()
    end = block.end
    while end > start and norm[end - 1] in _TAIL_PUNCT:
        end -= 1
    lead = None
    body = norm[start:end]
    deps = departments()
    for rx in (deps["_label"], deps["_paren"]):
        dm = rx.search(body)
        if dm and not re.search(r"\d", dm.group("dept")):
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
