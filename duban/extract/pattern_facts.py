"""What a compiled regular expression says about its matches, read off the pattern by the
re module's own parser (so the answers are exact, never guessed from the pattern's text):
the characters and the longest run every match holds (a text without them need not be
searched), and the characters a match may start with (several patterns can share one scan
that skips to those). See docs/extraction.md, "Speed".
"""

from __future__ import annotations

import re

__all__ = ["first_chars", "holds", "required_chars", "required_text"]


def _required_runs(pattern: re.Pattern) -> list[str]:
    """The runs of characters that every match of ``pattern`` contains as written (its
    literals outside any repeat, alternative or assertion, next to each other)."""
    from re import _parser  # the parser of the re module itself, so the answer is exact

    if pattern.flags & re.IGNORECASE:
        return []
    runs: list[str] = [""]

    def walk(seq) -> None:
        for op, av in seq:
            if op is _parser.LITERAL:
                runs[-1] += chr(av)
            elif op is _parser.SUBPATTERN and not av[1] & re.IGNORECASE:
                walk(av[-1])  # a group's content stands where the group stands
            elif runs[-1]:
                runs.append("")

    walk(_parser.parse(pattern.pattern, pattern.flags))
    return [r for r in runs if r]


def required_chars(pattern: re.Pattern) -> str:
    """Characters that every match of ``pattern`` contains: a text lacking one of them
    need not be searched. "" when nothing is certain (or the pattern ignores case)."""
    return "".join(dict.fromkeys("".join(_required_runs(pattern))))


def holds(text: str, chars: str) -> bool:
    """Whether ``text`` holds every one of ``chars`` (what :func:`required_chars` gives):
    where it does not, the pattern need not be searched."""
    for c in chars:  # a plain loop: all() over a generator costs more than the searches it saves
        if c not in text:
            return False
    return True


def required_text(pattern: re.Pattern) -> str:
    """The longest string that every match of ``pattern`` contains ("" if none): one
    substring test rules out a text, or a paragraph, before the search."""
    return max(_required_runs(pattern), key=len, default="")


def first_chars(pattern: re.Pattern) -> frozenset[str] | None:
    """The characters a match of ``pattern`` may start with, or None unless its first
    element is a literal, a class of literals, or a group or alternation of such."""
    from re import _parser  # the parser of the re module itself, so the answer is exact

    if pattern.flags & re.IGNORECASE:
        return None

    def first(seq) -> frozenset[str] | None:
        if not seq:
            return None
        op, av = seq[0]
        if op is _parser.LITERAL:
            return frozenset(chr(av))
        if op is _parser.IN:
            if not all(o is _parser.LITERAL for o, _ in av):
                return None  # a range, a category (\d) or a negated class
            return frozenset(chr(a) for _, a in av)
        if op is _parser.SUBPATTERN:
            _, add_flags, _, sub = av
            return None if add_flags & re.IGNORECASE else first(sub)
        if op is _parser.BRANCH:
            sets = [first(alt) for alt in av[1]]
            return None if any(s is None for s in sets) else frozenset().union(*sets)
        return None

    return first(_parser.parse(pattern.pattern, pattern.flags))
