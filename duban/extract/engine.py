"""Runs the extraction steps in order and assembles the ``duban.extract/1`` document."""

from __future__ import annotations

import os
import re
from functools import cache

from duban.extract.language import lexicon
from duban.extract.readers import DEFAULT_MAX_BYTES, read_path, text_sha256
from duban.extract.review_plan.diagnosis import diagnose
from duban.extract.review_plan.parts import runs
from duban.extract.rules.list_item import read_list_item
from duban.extract.rules.quantity import find_quantities
from duban.extract.rules.target import Dropped, Mention, read_block
from duban.extract.structure import Layout, analyse
from duban.extract.textview import TextView, normalise

SCHEMA = "duban.extract/1"

__all__ = ["SCHEMA", "extract_file", "extract_text"]

_SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;]?")
_MIN_TASK_CHARS = 6
_TASK_LEAD = " \t\r\n，,。"  # not part of a task: the spaces and punctuation it opens with


def extract_text(text: str, year: int | None = None, *, name: str = "<text>", source: dict | None = None,
                 overrides=None, explain: bool = False) -> dict:
    """Extract sections, parts, tasks, targets, results, list items, defects and warnings from ``text``.

    Every item's ``start``/``end`` index ``text`` exactly as given (no normalisation is
    applied to the offsets), so ``text[start:end] == quote``. ``overrides`` ([{start, end,
    part}]) fix the reading of stretches of text as ``review`` or ``plan`` (the office's
    corrections); a malformed one raises ``ValueError``. With ``explain`` every target and
    result carries ``explain`` (dimension -> name of the rule that decided it, see
    ``rules/registry.py``) and the document lists the quantities read as nothing under
    ``dropped`` (quote, offsets, the quantity rule and the rule that dropped it).
    """
    if not isinstance(text, str):
        raise TypeError("extract_text expects str; decode bytes with duban.extract.read_bytes first")
    view = TextView.of(text)
    layout = analyse(view, year, overrides or ())
    doc = {
        "schema": SCHEMA,
        "source": _source(text, name, layout, source),
        "sections": [s.as_dict() for s in layout.sections],
        "parts": runs(layout.blocks),
        "tasks": [],
        "targets": [],
        "results": [],
        "list_items": [],
        "defects": [],
        "warnings": [],
        "overrides": [o.as_dict() for o in layout.overrides],
    }
    quants = find_quantities(layout.view.norm)
    dropped: list[Dropped] | None = [] if explain else None
    qi = 0
    for block in layout.blocks:
        while qi < len(quants) and quants[qi].start < block.start:
            qi += 1
        qj = qi
        while qj < len(quants) and quants[qj].start < block.end:
            qj += 1
        item = read_list_item(layout, block)
        if item is not None:
            doc["list_items"].append(item)
        mentions = read_block(layout, block, [q for q in quants[qi:qj] if q.end <= block.end], dropped) if qj > qi else []
        tasks = _tasks_of(layout, block, item) if block.part == "plan" and not block.front_matter else []
        for t in tasks:
            t["id"] = f"t{len(doc['tasks']) + 1}"
            doc["tasks"].append(t)
        for m in mentions:
            _add_mention(doc, text, m, tasks, block.section, explain)
    from duban.extract.check import find_defects  # the report check (体检), see duban/extract/check/

    doc["defects"] = find_defects(text, doc)
    doc["warnings"] = diagnose(layout, doc)
    if dropped is not None:
        doc["dropped"] = [{"start": d.q.start, "end": d.q.end, "quote": text[d.q.start:d.q.end],
                           "quantity": d.q.rule, "rule": d.rule} for d in dropped]
    return doc


def _source(text: str, name: str, layout: Layout, extra: dict | None) -> dict:
    src = {"name": name, "sha256": text_sha256(text), "chars": len(text), "year": layout.year}
    for key, value in (extra or {}).items():
        if key not in src or src[key] is None:
            src[key] = value
    return src


@cache
def _boilerplate_openings() -> tuple[str, ...]:
    return tuple(normalise(o) for o in lexicon().boilerplate_openings)


def _tasks_of(layout: Layout, block, item: dict | None) -> list[dict]:
    """Clauses of the plan part: each sentence of a plan paragraph, each list item whole."""
    text = layout.view.text
    if item:
        return [{"id": None, "section": block.section, "start": item["item_start"], "end": block.end,
                 "text": text[item["item_start"]:block.end]}]
    norm = layout.view.norm
    openings = _boilerplate_openings()
    sec = layout.section(block.section)
    lo = sec.head_end if sec is not None and sec.start == block.start and sec.level <= 3 else block.start
    section = block.section
    tasks = []
    # the pattern has no anchors: matching within the block's bounds reads the block alone
    for m in _SENTENCE.finditer(norm, block.start, block.end):
        s, e = m.span()
        if e <= lo:
            continue
        if s < lo:
            s = lo
        while s < e and norm[s] in _TASK_LEAD:
            s += 1
        if len(norm[s:e].strip()) >= _MIN_TASK_CHARS and not norm.startswith(openings, s):
            tasks.append({"id": None, "section": section, "start": s, "end": e, "text": text[s:e]})
    return tasks


def _add_mention(doc: dict, text: str, m: Mention, tasks: list[dict], section: str | None, explain: bool) -> None:
    item = {
        "id": None,
        "task": None,
        "start": m.start,
        "end": m.end,
        "quote": text[m.start:m.end],
        "metric": m.metric,
        "value": m.q.value,
        "value_max": m.q.value_max,
        "unit": m.q.unit,
        "comparator": m.comparator,
        "kind": m.kind,
    }
    if m.is_result:
        item["period"] = m.when
        key, prefix = "results", "r"
    else:
        item["deadline"] = m.when
        key, prefix = "targets", "g"
        for t in tasks:
            if t["start"] <= m.q.start < t["end"]:
                item["task"] = t["id"]
                break
    item["section"] = section
    item["rule"] = m.rule
    if explain:
        item["explain"] = dict(m.decided)
    item["id"] = f"{prefix}{len(doc[key]) + 1}"
    doc[key].append(item)


def extract_file(path: str | os.PathLike, year: int | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 **limits) -> dict:
    """Read ``path`` (format detected from content; ``limits`` are the readers' limits such as
    ``max_pages`` and ``max_seconds``) and extract it."""
    src = read_path(path, max_bytes=max_bytes, **limits)
    return extract_text(src.text, year=year, name=src.name, source=src.source_info())
