"""The property every fuzz engine checks: bytes -> InputError, or a document with sound offsets."""

from __future__ import annotations

import logging

from duban.extract import InputError, extract_text, read_bytes

# pypdf logs every oddity of a damaged file; the sandbox child silences it the same way.
logging.disable(logging.CRITICAL)

KEYS = ("sections", "tasks", "targets", "results", "list_items", "defects")


def check(data: bytes) -> None:
    try:
        src = read_bytes(data, "fuzz", sandbox=False, max_seconds=10)
    except InputError:
        return
    doc = extract_text(src.text)
    for key in KEYS:
        for item in doc[key]:
            if not 0 <= item["start"] <= item["end"] <= len(src.text):
                raise AssertionError(f"{key} offsets out of range: {item}")
            if "quote" in item and item["quote"] != src.text[item["start"]:item["end"]]:
                raise AssertionError(f"{key} quote is not text[start:end]: {item}")
