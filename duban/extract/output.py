"""Render an extraction document as json, jsonl, csv or a Markdown table."""

from __future__ import annotations

import csv
import io
import json

__all__ = ["render", "FORMATS"]

FORMATS = ("json", "jsonl", "csv", "md")
# Item collections of the document, in output order, with the kind name jsonl/csv rows carry.
_COLLECTIONS = (("sections", "section"), ("tasks", "task"), ("targets", "target"), ("results", "result"),
                ("list_items", "list_item"), ("defects", "defect"), ("warnings", "warning"))
# jsonl also carries the reading of each stretch of text (its paragraphs and signals are lists)
_JSONL_ONLY = (("parts", "part"),)
_CSV_FIELDS = ("type", "id", "start", "end", "quote", "metric", "value", "value_max", "unit", "comparator",
               "kind", "deadline", "period", "task", "section", "list", "number", "text", "lead_department",
               "level", "title", "parent", "message", "suggestion")


def render(doc: dict, fmt: str = "json") -> str:
    if fmt == "json":
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    if fmt == "jsonl":
        lines = [json.dumps({"type": "source", **doc["source"]}, ensure_ascii=False)]
        for key, kind in _COLLECTIONS + _JSONL_ONLY:
            lines += [json.dumps({"type": kind, **item}, ensure_ascii=False) for item in doc.get(key, [])]
        return "\n".join(lines) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=_CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for key, kind in _COLLECTIONS:
            for item in doc.get(key, []):
                writer.writerow({"type": kind, **item})
        return buf.getvalue()
    if fmt == "md":
        return _markdown(doc)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _fmt_value(item: dict) -> str:
    def num(v):
        return f"{v:,.0f}" if v is not None and float(v).is_integer() else f"{v:g}"

    if item.get("value") is None:
        return ""
    text = num(item["value"])
    if item.get("value_max") is not None:
        text += "–" + num(item["value_max"])
    return text


def _cell(s) -> str:
    return str(s if s is not None else "").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _markdown(doc: dict) -> str:
    src = doc["source"]
    out = [f"# {src.get('name')}  (year {src.get('year') or '?'})", ""]
    warnings = doc.get("warnings", [])
    if warnings:
        out += [f"## Warnings ({len(warnings)})", ""]
        out += [f"- {_cell(w.get('kind'))} ({w.get('start')}-{w.get('end')}): {_cell(w.get('message'))}" for w in warnings]
        out.append("")
    for key, title, when in (("targets", "Targets", "deadline"), ("results", "Results", "period")):
        items = doc.get(key, [])
        out += [f"## {title} ({len(items)})", ""]
        if not items:
            continue
        out += [f"| # | metric | value | unit | cmp | kind | {when} | quote |", "|---|---|---:|---|---|---|---|---|"]
        for n, t in enumerate(items, 1):
            out.append("| " + " | ".join(_cell(x) for x in (
                n, t.get("metric"), _fmt_value(t), t.get("unit"), t.get("comparator"), t.get("kind"), t.get(when), t.get("quote"))) + " |")
        out.append("")
    items = doc.get("list_items", [])
    if items:
        out += [f"## List items ({len(items)})", "", "| list | no. | text | lead department |", "|---|---|---|---|"]
        out += ["| " + " | ".join(_cell(x) for x in (i.get("list"), i.get("number"), i.get("text"), i.get("lead_department"))) + " |"
                for i in items]
        out.append("")
    return "\n".join(out)
