"""Loads the language data of ``duban/extract/lexicon`` once, validates it, and compiles it.

Rule code refers to entries by name (``LEX.units``, ``LEX.comparator_suffix`` ...); no word
list lives in a ``.py`` file. A malformed data file fails loudly at first use with the
file and key at fault.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from duban.extract.lexicon_files import LexiconError, read_yaml
from duban.extract.lexicon_files import words as _word_list

__all__ = ["Lexicon", "LexiconError", "Literals", "alternation", "lexicon"]

_COMPARATORS = {">=", ">", "=", "~", "<=", "<"}
_KINDS = {"absolute", "growth", "share", "rank", "other"}


def _load(name: str) -> dict:
    return read_yaml(name)


def _words(data: dict, key: str, name: str) -> tuple[str, ...]:
    return _word_list(data.get(key), f"lexicon/{name}: {key}")


def _longest_first(word: str) -> tuple[int, str]:
    # words of one length in a fixed order, so a pattern reads the same in every process
    return -len(word), word


def alternation(words) -> str:
    """A regex alternation of literal words, longest first so the longest always wins."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=_longest_first))


_HEAD = 3  # Literals.finditer: at most this many leading characters select the places


def _char_class(chars) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


class _Hit:
    """What a regex match would say about a literal found at ``pos``."""

    __slots__ = ("word", "pos")

    def __init__(self, word: str, pos: int):
        self.word, self.pos = word, pos

    def group(self) -> str:
        return self.word

    def start(self) -> int:
        return self.pos

    def end(self) -> int:
        return self.pos + len(self.word)


class Literals:
    """Longest-first lookup of literal words: the answers of a regex alternation of them,
    without trying every alternative at every position (the hot path of the extractor).

    ``match``/``ending`` look at one place; ``finditer``/``starts`` search a whole text:
    re tries an alternation of a few hundred words one after another at every position
    whose character opens one of them (in a report, one character in ten), while here one
    character-class scan finds the places where a word's first (up to three) characters
    may stand, and only those few places are compared with the words they open.
    """

    def __init__(self, words):
        self.words = frozenset(words)
        if "" in self.words:
            raise ValueError("an empty word is found everywhere")
        self._first: dict[str, list[str]] = {}
        self._last: dict[str, list[str]] = {}
        for w in sorted(self.words, key=_longest_first):
            self._first.setdefault(w[0], []).append(w)
            self._last.setdefault(w[-1], []).append(w)
        # the characters that open, and that end, a word: a set test spares a lookup
        self.firsts, self.lasts = self._first.keys(), self._last.keys()
        self._scan: tuple[re.Pattern, int, dict[str, list[str]]] | None = None

    def match(self, s: str, pos: int = 0) -> _Hit | None:
        """The longest word that starts at ``pos``."""
        w = self.word_at(s, pos)
        return _Hit(w, pos) if w else None

    def word_at(self, s: str, pos: int = 0) -> str:
        """The longest word that starts at ``pos``, or "": ``match`` without a hit object,
        for the hot paths that look up several words per number."""
        for w in self._first.get(s[pos:pos + 1], ()):
            if s.startswith(w, pos):
                return w
        return ""

    def ending(self, s: str) -> _Hit | None:
        """The longest word that ``s`` ends with."""
        if not s:
            return None
        for w in self._last.get(s[-1], ()):
            if s.endswith(w):
                return _Hit(w, len(s) - len(w))
        return None

    def finditer(self, text: str):
        """(start, word) of each match, in order and not overlapping, as re.finditer gives them."""
        if not self.words:
            return
        places, k, by_head = self._scanner()
        done = 0
        for place in places.finditer(text):
            p = place.start()
            if p < done:
                continue
            for w in by_head.get(text[p:p + k], ()):
                if text.startswith(w, p):
                    yield p, w
                    done = p + len(w)
                    break

    def starts(self, text: str):
        """(start, word) of every word at every place, overlapping ones included, in order."""
        if not self.words:
            return
        places, k, by_head = self._scanner()
        for place in places.finditer(text):
            p = place.start()
            for w in by_head.get(text[p:p + k], ()):
                if text.startswith(w, p):
                    yield p, w

    def _scanner(self) -> tuple[re.Pattern, int, dict[str, list[str]]]:
        if self._scan is None:
            # Every word is at least k long, so the words at a place all begin with the k
            # characters there; the pattern consumes one character, so finditer visits
            # overlapping places too.
            k = min(_HEAD, *map(len, self.words))
            by_head: dict[str, list[str]] = {}
            for w in sorted(self.words, key=_longest_first):
                by_head.setdefault(w[:k], []).append(w)
            classes = [_char_class({h[i] for h in by_head}) for i in range(k)]
            ahead = f"(?={''.join(classes[1:])})" if k > 1 else ""
            self._scan = (re.compile(classes[0] + ahead), k, by_head)
        return self._scan

    # The two below make no hit object: metrics are cleaned on every quantity.
    def strip_start(self, s: str) -> str:
        """``s`` without the longest word it starts with."""
        if s:
            for w in self._first.get(s[0], ()):
                if s.startswith(w):
                    return s[len(w):]
        return s

    def strip_end(self, s: str) -> str:
        """``s`` without the longest word it ends with."""
        if s:
            for w in self._last.get(s[-1], ()):
                if s.endswith(w):
                    return s[:len(s) - len(w)]
        return s


@dataclass(frozen=True)
class Unit:
    unit: str
    kind: str
    scalable: bool = True
    needs_verb: bool = False
    bare_ok: bool = False


@dataclass(frozen=True)
class Lexicon:
    units: dict[str, Unit]
    per_units: tuple[str, ...]
    rate_kind: str
    scales: dict[str, int]
    comparator_prefix: dict[str, str]
    comparator_suffix: dict[str, str]
    neutral_prefix: tuple[str, ...]
    cues: dict
    hedges_leading: tuple[str, ...]
    hedges_trailing: tuple[str, ...]
    chrome_lines: frozenset[str]
    chrome_prefixes: tuple[str, ...]
    inline_clutter: tuple[re.Pattern, ...]
    speech_openings: tuple[str, ...]
    boilerplate_openings: tuple[str, ...]
    tail_prefixes: tuple[str, ...]
    rule_words: dict  # rule_words.yaml: name -> tuple of words, mapping of word -> value, or word

    def words(self, key: str) -> tuple[str, ...]:
        return tuple(self.cues[key])


@cache
def lexicon() -> Lexicon:
    u = _load("units.yaml")
    units: dict[str, Unit] = {}
    for i, row in enumerate(u.get("units") or []):
        if not isinstance(row, dict) or not row.get("unit") or row.get("kind") not in _KINDS:
            raise LexiconError(f"lexicon/units.yaml: units[{i}] needs a unit and a kind in {sorted(_KINDS)}")
        units[row["unit"]] = Unit(row["unit"], row["kind"], bool(row.get("scalable", True)),
                                  bool(row.get("needs_verb", False)), bool(row.get("bare_ok", False)))
    s = _load("scales.yaml").get("scales") or {}
    if not all(isinstance(k, str) and isinstance(v, int) and v > 1 for k, v in s.items()):
        raise LexiconError("lexicon/scales.yaml: scales must map words to integers > 1")
    c = _load("comparators.yaml")
    for key in ("prefix", "suffix"):
        bad = {k: v for k, v in (c.get(key) or {}).items() if v not in _COMPARATORS}
        if bad:
            raise LexiconError(f"lexicon/comparators.yaml: {key}: unknown comparators {bad}")
    cues = _load("cues.yaml")
    for key in ("growth_before", "level_after", "share_metric", "count_verbs",
                "review_heading", "plan_heading", "review_opening", "plan_paragraph", "time_exceptions", "baseline_before_year",
                "past_aspect", "future_aspect", "aspect_exceptions", "list_title_nouns", "year_list_nouns",
                "policy_nouns", "generic_metrics"):
        _words(cues, key, "cues.yaml")
    for word, row in (cues.get("time_words") or {}).items():
        if not (isinstance(row, list) and len(row) == 3 and row[0] in ("review", "plan")
                and all(v is None or isinstance(v, int) for v in row[1:])):
            raise LexiconError(f"lexicon/cues.yaml: time_words: {word}: needs [review|plan, first, last]")
    for row in cues.get("deadline_patterns") or []:
        re.compile(row["regex"])
    rule_words = _rule_words(_load("rule_words.yaml"))
    h = _load("hedges.yaml")
    cl = _load("clutter.yaml")
    return Lexicon(
        units=units,
        per_units=_words(u, "per_units", "units.yaml"),
        rate_kind=u.get("rate_kind", "other"),
        scales=dict(s),
        comparator_prefix=dict(c["prefix"]),
        comparator_suffix=dict(c["suffix"]),
        neutral_prefix=_words(c, "neutral_prefix", "comparators.yaml"),
        cues=cues,
        hedges_leading=_words(h, "leading", "hedges.yaml"),
        hedges_trailing=_words(h, "trailing", "hedges.yaml"),
        chrome_lines=frozenset(_words(cl, "chrome_lines", "clutter.yaml")),
        chrome_prefixes=_words(cl, "chrome_prefixes", "clutter.yaml"),
        inline_clutter=tuple(re.compile(r) for r in _words(cl, "inline_regexes", "clutter.yaml")),
        speech_openings=_words(cl, "speech_openings", "clutter.yaml"),
        boilerplate_openings=_words(cl, "boilerplate_openings", "clutter.yaml"),
        tail_prefixes=_words(cl, "tail_prefixes", "clutter.yaml"),
        rule_words=rule_words,
    )


def _rule_words(data: dict) -> dict:
    """Each entry of rule_words.yaml: a list of words, a mapping of words to values, or a word."""
    out: dict = {}
    for key, value in data.items():
        if isinstance(value, list):
            out[key] = _words(data, key, "rule_words.yaml")
        elif isinstance(value, dict) and value and all(isinstance(k, str) and k and isinstance(v, str) and v
                                                       for k, v in value.items()):
            out[key] = dict(value)
        elif isinstance(value, str) and value:
            out[key] = value
        else:
            raise LexiconError(f"lexicon/rule_words.yaml: {key}: must be a list of words, a mapping of words "
                               "to values, or a word")
    return out
