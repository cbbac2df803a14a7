"""Write every extraction of a folder of reports to one JSON file, to compare two versions of
the extractor byte for byte (a speed change must change nothing):

    .venv/bin/python scripts/extract_snapshot.py before.json     # on the old version
    .venv/bin/python scripts/extract_snapshot.py after.json      # on the new one
    cmp before.json after.json

Each report is extracted twice, plainly and with ``explain`` (the names of the rules that
decided, and the quantities dropped). Default folder: tests/fixtures/corpus (46 reports).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from duban.extract import extract_text  # noqa: E402
from duban.extract.readers import read_path  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="the JSON file to write")
    ap.add_argument("folder", nargs="?", default=str(ROOT / "tests" / "fixtures" / "corpus"))
    args = ap.parse_args(argv)
    files = sorted(p for p in Path(args.folder).iterdir() if p.suffix in (".txt", ".docx", ".pdf", ".html"))
    if not files:
        print(f"no reports in {args.folder}", file=sys.stderr)
        return 1
    snapshot = {}
    for path in files:
        text = read_path(path).text
        snapshot[path.name] = {"plain": extract_text(text, name=path.name),
                               "explain": extract_text(text, name=path.name, explain=True)}
    Path(args.out).write_text(json.dumps(snapshot, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    print(f"{len(files)} reports -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
