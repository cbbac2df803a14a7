"""``duban lint FILE``: the report check (体检), printed like compiler diagnostics.

Exit status: 0 when the report is clean, 1 when defects are found, 2 on bad input.
"""

from __future__ import annotations

import json
import sys

from duban.extract.readers import DEFAULT_MAX_BYTES


def register(sub) -> None:
    p = sub.add_parser(
        "lint",
        help="check a report for printing and consistency errors (体检)",
        description=(
            "Check a report for numbering gaps and duplicates, duplicate items, repeated words, "
            "wrong characters, contradicting figures, mixed notation, broken lines, unbalanced "
            "quotes and brackets. Prints FILE:LINE:COL: KIND: message (suggestion). "
            "Exit 0 when clean, 1 when defects are found, 2 on bad input."
        ),
    )
    p.add_argument("file", metavar="FILE", help="report file (format detected from its content)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    p.add_argument(
        "--year",
        type=int,
        default=None,
        help="report year: a figure with no year of its own counts for this year when figures are compared",
    )
    p.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        help="refuse files larger than this (default 20 MB)",
    )
    p.set_defaults(handler=run)


def run(args) -> int:
    from duban.extract.check import LineIndex, find_defect_objects
    from duban.extract.readers import read_path

    if args.max_bytes is not None and args.max_bytes <= 0:
        from duban.cli import CommandError

        raise CommandError("--max-bytes must be a positive number of bytes")
    src = read_path(args.file, max_bytes=args.max_bytes)
    found = find_defect_objects(src.text, {"source": {"year": args.year}} if args.year else None)
    # The rule name says which check fired: useful when a flag needs explaining.
    defects = [{**d.as_dict(src.text), "rule": d.rule} for d in found]
    line_col = LineIndex(src.text)
    if args.format == "json":
        rows = []
        for d in defects:
            line, col = line_col(d["start"])
            rows.append({"file": args.file, "line": line, "col": col, **d})  # includes "rule"
        sys.stdout.write(
            json.dumps(
                {"file": args.file, "chars": len(src.text), "defects": rows}, ensure_ascii=False, indent=1
            )
            + "\n"
        )
    else:
        for d in defects:
            line, col = line_col(d["start"])
            suggestion = f" ({d['suggestion']})" if d["suggestion"] else ""
            sys.stdout.write(f"{args.file}:{line}:{col}: {d['kind']}: {d['message']}{suggestion}\n")
    return 1 if defects else 0
