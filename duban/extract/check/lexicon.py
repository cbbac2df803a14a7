"""Loads and validates the check's language data (``duban/extract/lexicon/check_*.yaml``).

Word lists live in those data files, never in rule code. Every file is validated at first
use; a malformed entry fails loudly, naming the file and the entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from duban.extract.departments import department_list
from duban.extract.lexicon_files import LexiconError, mappings, need, read_yaml, regex, words
from duban.extract.pattern_facts import required_text

__all__ = ["CheckLexicon", "LexiconError", "check_lexicon"]

DEFECT_KINDS = frozenset(
    {
        "numbering_gap",
        "numbering_duplicate",
        "duplicate_item",
        "repeated_word",
        "wrong_char",
        "contradiction",
        "notation",
        "broken_line",
        "garbled",
        "other",
    }
)


def _read(name: str) -> dict:
    return read_yaml(name)


def _strings(value, where: str) -> tuple[str, ...]:
    return words(value, where, strip=True)


def _entries(data: dict, key: str, name: str) -> list[dict]:
    return mappings(data.get(key), f"lexicon/{name}: {key}")


_need = need
_regex = regex


@dataclass(frozen=True)
class Confusion:
    wrong: str
    right: str
    not_before: tuple[str, ...] = ()  # the wrong form is legitimate when preceded by one of these
    not_after: tuple[str, ...] = ()  # ... or followed by one of these


@dataclass(frozen=True)
class FixedPhrase:
    phrase: str
    variants: tuple[str, ...]
    fuzzy: bool


@dataclass(frozen=True)
class PlaceGroup:
    region: str
    places: tuple[str, ...]
    misprints: dict  # misprint -> right name
    not_after: tuple[str, ...]


@dataclass(frozen=True)
class UsagePattern:
    name: str
    pattern: re.Pattern
    kind: str
    message: str
    suggestion: str | None  # a re template (\1 ...) or None
    needs: str = ""  # what every match holds (pattern_facts.required_text): a text without it has none


@dataclass(frozen=True)
class DepartmentRemit:
    names: tuple[str, ...]
    keywords: tuple[str, ...]
    label: str


@dataclass(frozen=True)
class CheckLexicon:
    reduplications: frozenset
    reduplication_patterns: tuple[re.Pattern, ...]
    confusions: tuple[Confusion, ...]
    phrases: tuple[FixedPhrase, ...]
    places: tuple[PlaceGroup, ...]
    usage: tuple[UsagePattern, ...]
    parallel_connectors: tuple[str, ...]
    departments: tuple[DepartmentRemit, ...]
    figures: dict  # check_figures.yaml: name -> tuple of words, or (figure_scales) word -> factor


def _load_reduplications():
    name = "check_reduplications.yaml"
    data = _read(name)
    words = _strings(data.get("words"), f"lexicon/{name}: words")
    patterns = tuple(
        _regex(p, f"lexicon/{name}: patterns")
        for p in _strings(data.get("patterns", []), f"lexicon/{name}: patterns")
    )
    return frozenset(words), patterns


def _load_confusions():
    name = "check_confusions.yaml"
    out = []
    seen = set()
    for i, e in enumerate(_entries(_read(name), "confusions", name)):
        where = f"lexicon/{name}: confusions[{i}]"
        wrong, right = _need(e, "wrong", where), _need(e, "right", where)
        if wrong == right:
            raise LexiconError(f"{where}: wrong and right are the same ({wrong})")
        if wrong in seen:
            raise LexiconError(f"{where}: {wrong} listed twice")
        seen.add(wrong)
        out.append(
            Confusion(
                wrong,
                right,
                _strings(e.get("not_before", []), f"{where}.not_before"),
                _strings(e.get("not_after", []), f"{where}.not_after"),
            )
        )
    return tuple(out)


def _load_phrases():
    name = "check_fixed_phrases.yaml"
    out = []
    for i, e in enumerate(_entries(_read(name), "phrases", name)):
        where = f"lexicon/{name}: phrases[{i}]"
        phrase = _need(e, "phrase", where)
        variants = _strings(e.get("variants", []), f"{where}.variants")
        fuzzy = e.get("fuzzy", len(phrase) >= 7)
        if not isinstance(fuzzy, bool):
            raise LexiconError(f"{where}: fuzzy must be true or false")
        out.append(FixedPhrase(phrase, variants, fuzzy))
    return tuple(out)


def _load_places():
    name = "check_places.yaml"
    out = []
    for i, e in enumerate(_entries(_read(name), "groups", name)):
        where = f"lexicon/{name}: groups[{i}]"
        places = _strings(e.get("places"), f"{where}.places")
        misprints = e.get("misprints", {})
        if not isinstance(misprints, dict):
            raise LexiconError(f"{where}: misprints must map a place to its misprints")
        flat = {}
        for right, wrongs in misprints.items():
            if right not in places:
                raise LexiconError(f"{where}: misprints of {right}, which is not in places")
            for w in _strings(wrongs, f"{where}.misprints.{right}"):
                flat[w] = right
        out.append(
            PlaceGroup(_need(e, "region", where), places, flat, _strings(e.get("not_after", []), where))
        )
    return tuple(out)


def _load_usage():
    name = "check_usage.yaml"
    out = []
    for i, e in enumerate(_entries(_read(name), "patterns", name)):
        where = f"lexicon/{name}: patterns[{i}]"
        kind = _need(e, "kind", where)
        if kind not in DEFECT_KINDS:
            raise LexiconError(f"{where}: unknown kind {kind!r}")
        sugg = e.get("suggestion")
        if sugg is not None and not isinstance(sugg, str):
            raise LexiconError(f"{where}: suggestion must be a string")
        out.append(
            UsagePattern(
                _need(e, "name", where),
                rx := _regex(_need(e, "pattern", where), where),
                kind,
                _need(e, "message", where),
                sugg,
                required_text(rx),
            )
        )
    return tuple(out)


def _load_departments():
    return tuple(DepartmentRemit(d.remit_names, d.keywords, d.remit) for d in department_list().with_remit())


def _load_figures() -> dict:
    name = "check_figures.yaml"
    data = _read(name)
    out: dict = {}
    for key in ("figure_verbs", "figure_units", "figure_bounds", "metric_lead_words", "year_prefixes", "year_ends",
                "multi_year_words", "multi_year_deadline", "review_titles", "announced_units", "announced_notes",
                "announced_noun_prefixes"):
        out[key] = _strings(data.get(key), f"lexicon/{name}: {key}")
    scales = data.get("figure_scales")
    if not isinstance(scales, dict) or not all(isinstance(k, str) and k and isinstance(v, int) and v > 1
                                               for k, v in scales.items()):
        raise LexiconError(f"lexicon/{name}: figure_scales must map scale words to integers > 1")
    out["figure_scales"] = dict(scales)
    return out


@cache
def check_lexicon() -> CheckLexicon:
    words, patterns = _load_reduplications()
    return CheckLexicon(
        reduplications=words,
        reduplication_patterns=patterns,
        confusions=_load_confusions(),
        phrases=_load_phrases(),
        places=_load_places(),
        usage=_load_usage(),
        parallel_connectors=_strings(
            _read("check_usage.yaml").get("parallel_connectors", []),
            "lexicon/check_usage.yaml: parallel_connectors",
        ),
        departments=_load_departments(),
        figures=_load_figures(),
    )
