"""``duban extract FILE``: print the extraction document of a report."""

from __future__ import annotations

import sys

from duban.extract.readers import DEFAULT_MAX_BYTES


def register(sub) -> None:
    p = sub.add_parser(
        "extract",
        help="extract sections, tasks, targets, results and list items from a report",
        description="Read a report (format detected from its content) and print the duban.extract/1 document.",
    )
    p.add_argument("file", metavar="FILE", help="report file (txt in UTF-8 or GB18030)")
    p.add_argument("--year", type=int, default=None, help="report year, when the text does not say it")
    p.add_argument("--format", choices=("json", "jsonl", "csv", "md"), default="json", help="output format (default json)")
    p.add_argument("-o", "--output", metavar="OUT", default=None, help="write to OUT instead of standard output")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="refuse files larger than this (default 20 MB)")
    p.set_defaults(handler=run)


def run(args) -> int:
    from duban.extract import extract_file
    from duban.extract.output import render

    doc = extract_file(args.file, year=args.year, max_bytes=args.max_bytes)
    out = render(doc, args.format)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as fh:
            fh.write(out)
    else:
        sys.stdout.write(out)
    return 0
