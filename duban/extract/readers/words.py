"""Loads ``reader_words.yaml``: the table-header and page-chrome vocabulary of the readers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from duban.extract.lexicon_files import LexiconError, read_yaml

__all__ = ["ReaderWords", "reader_words"]


@dataclass(frozen=True)
class ReaderWords:
    number_headers: frozenset[str]
    content_headers: frozenset[str]
    department_header_suffixes: tuple[str, ...]
    department_header_words: tuple[str, ...]
    drop_tags: tuple[str, ...]
    body_selectors: tuple[str, ...]
    body_hints: tuple[str, ...]
    title_selectors: tuple[str, ...]
    chrome_line: re.Pattern
    metadata_line: re.Pattern
    chrome_max_chars: int
    radicals: dict[str, str]
    shared_glyphs: dict[str, str]


def _strings(section: dict, key: str) -> list[str]:
    value = section.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise LexiconError(f"reader_words.yaml: {key} must be a non-empty list of strings")
    return value


def _char_map(section: dict, key: str) -> dict[str, str]:
    value = section.get(key)
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) and len(k) == len(v) == 1 for k, v in value.items()):
        raise LexiconError(f"reader_words.yaml: {key} must map single characters to single characters")
    return dict(value)


@cache
def reader_words() -> ReaderWords:
    raw = read_yaml("reader_words.yaml", "duban.extract.readers")
    tables, html = raw["tables"], raw["html"]
    phrases = sorted(_strings(html, "chrome_phrases"), key=len, reverse=True)
    chrome = re.compile("(?:" + "|".join(re.escape(p) for p in phrases) + ")+")
    labels = "|".join(re.escape(x) for x in _strings(html, "metadata_labels"))
    max_chars = html.get("chrome_max_chars")
    if not isinstance(max_chars, int) or max_chars <= 0:
        raise LexiconError("reader_words.yaml: chrome_max_chars must be a positive integer")
    radicals = raw["pdf"]["radicals"]
    if not isinstance(radicals, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(k) == 1 and len(v) == 1 and 0x2E80 <= ord(k) <= 0x2EFF
        for k, v in radicals.items()
    ):
        raise LexiconError("reader_words.yaml: pdf.radicals must map single U+2E80-U+2EFF characters to single characters")
    return ReaderWords(
        number_headers=frozenset(_strings(tables, "number_headers")),
        content_headers=frozenset(_strings(tables, "content_headers")),
        department_header_suffixes=tuple(_strings(tables, "department_header_suffixes")),
        department_header_words=tuple(_strings(tables, "department_header_words")),
        drop_tags=tuple(_strings(html, "drop_tags")),
        body_selectors=tuple(_strings(html, "body_selectors")),
        body_hints=tuple(_strings(html, "body_hints")),
        title_selectors=tuple(_strings(html, "title_selectors")),
        chrome_line=re.compile(rf"^(?:{chrome.pattern})$"),
        metadata_line=re.compile(rf"^[\[【(（\s]*(?:{labels})\s*[:：]"),
        chrome_max_chars=max_chars,
        radicals=dict(radicals),
        shared_glyphs=_char_map(raw["pdf"], "shared_glyphs"),
    )
