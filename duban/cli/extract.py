"""``duban extract FILE``: print the extraction document of a report."""

from __future__ import annotations

import argparse
import sys

from duban.extract.readers import DEFAULT_MAX_BYTES


def register(sub) -> None:
    p = sub.add_parser(
        "extract",
        help="extract sections, tasks, targets, results and list items from a report",
        description="Read a report (format detected from its content) and print the duban.extract/1 document.",
    )
    p.add_argument(
        "file", metavar="FILE",
        help="report file: text (UTF-8 or GB18030), Word .docx, PDF with a text layer, or an HTML page; "
        "the format is detected from the content, not the name",
    )
    p.add_argument("--year", type=int, default=None, help="report year, when the text does not say it")
    p.add_argument(
        "--read-as", action="append", type=_override, default=[], metavar="PART:START-END",
        help="read the paragraphs that start between character offsets START and END as PART "
        "(review: numbers are results; plan: numbers are targets), whatever the text suggests; repeatable",
    )
    p.add_argument("--format", choices=("json", "jsonl", "csv", "md"), default="json", help="output format (default json)")
    p.add_argument("-o", "--output", metavar="OUT", default=None, help="write to OUT instead of standard output")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="refuse files larger than this (default 20 MB)")
    p.add_argument("--max-pages", type=_positive(int), default=None, help="refuse PDFs with more pages (default 2000)")
    p.add_argument(
        "--max-seconds", type=_positive(float), default=None, help="stop reading a .docx/PDF/HTML file after this long (default 60)"
    )
    p.add_argument(
        "--explain", action="store_true",
        help="instead of the document, print for every quantity read which named rule decided each of its "
        "dimensions (reading, comparator, kind, metric, deadline or period), and which rule dropped "
        "the quantities read as nothing",
    )
    p.add_argument(
        "--emit-text", nargs="?", const="-", default=None, metavar="PATH",
        help="write the plain text read from FILE (the text that start/end offsets index) to PATH; "
        "without PATH, print it instead of the document",
    )
    p.set_defaults(handler=run)


def _positive(kind):
    def parse(value: str):
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
        if number <= 0:
            raise argparse.ArgumentTypeError(f"must be positive: {value!r}")
        return number

    return parse


def _override(value: str) -> dict:
    part, _, span = value.partition(":")
    start, _, end = span.partition("-")
    if part not in ("review", "plan") or not start.isdigit() or not end.isdigit():
        raise argparse.ArgumentTypeError(f"expected review:START-END or plan:START-END, got {value!r}")
    return {"part": part, "start": int(start), "end": int(end)}


def run(args) -> int:
    from duban.cli import CommandError
    from duban.extract import extract_text, read_path
    from duban.extract.output import render

    src = read_path(args.file, max_bytes=args.max_bytes, max_pages=args.max_pages, max_seconds=args.max_seconds)
    for warning in src.warnings:
        print(f"duban: warning: {src.name}: {warning}", file=sys.stderr)
    if args.emit_text == "-":
        sys.stdout.write(src.text)
        return 0
    if args.emit_text:
        with open(args.emit_text, "w", encoding="utf-8", newline="") as fh:
            fh.write(src.text)
    # Same as extract_file(), with the reader limits of the command line.
    try:
        doc = extract_text(src.text, year=args.year, name=src.name, source=src.source_info(), overrides=args.read_as,
                           explain=args.explain)
    except ValueError as exc:
        raise CommandError(f"--read-as: {exc}") from None
    for warning in doc["warnings"]:
        print(f"duban: warning: {src.name}: {warning['kind']} at {warning['start']}-{warning['end']}: "
              f"{warning['message']}", file=sys.stderr)
    out = explanation(doc) if args.explain else render(doc, args.format)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as fh:
            fh.write(out)
    else:
        sys.stdout.write(out)
    return 0


def explanation(doc: dict) -> str:
    """One line per quantity read, in text order: the item (or "-" when dropped), its quote,
    and the rule that decided each dimension."""
    rows = []
    for key in ("targets", "results"):
        for item in doc[key]:
            when = item.get("deadline") if key == "targets" else item.get("period")
            rules = " ".join(f"{dim}={name}" for dim, name in item["explain"].items())
            rows.append((item["start"], f"{item['id']}\t{item['start']}-{item['end']}\t{item['quote']}\t"
                         f"{item['metric']} {item['comparator']} {item['value']:.15g}{item['unit']} {item['kind']} "
                         f"{when}\t{rules}"))
    for d in doc["dropped"]:
        rows.append((d["start"], f"-\t{d['start']}-{d['end']}\t{d['quote']}\tdropped\t"
                     f"quantity={d['quantity']} reading={d['rule']}"))
    return "".join(line + "\n" for _, line in sorted(rows, key=lambda r: r[0]))
