"""Finding many literal words in a text at once, without a regex alternation of them.

re tries an alternation of a few hundred words one word after another at every position
whose character opens one of them, and in a report that is one character in ten. Here
one character-class scan finds the places where a word's first two characters stand
(a word and the two characters after it are rarely both present), and only those few
places are compared with the words, looked up by their first two characters.
"""

from __future__ import annotations

import re

__all__ = ["Literals"]


def _char_class(chars) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


class Literals:
    """The non-empty ``words``, found as the alternation of them, longest first, would find them."""

    def __init__(self, words):
        words = sorted(set(words), key=len, reverse=True)
        if "" in words:
            raise ValueError("an empty word is found everywhere")
        self._by_pair: dict[str, list[str]] = {}  # first two characters -> words, longest first
        self._single: set[str] = set()  # the words of one character
        for w in words:
            if len(w) == 1:
                self._single.add(w)
            else:
                self._by_pair.setdefault(w[:2], []).append(w)
        alternatives = []
        if self._by_pair:
            firsts = _char_class({p[0] for p in self._by_pair})
            seconds = _char_class({p[1] for p in self._by_pair})
            alternatives.append(f"{firsts}(?={seconds})")
        if self._single:
            alternatives.append(_char_class(self._single))
        # A superset of the places where a word starts; it consumes one character, so
        # finditer visits overlapping places too.
        self._places = re.compile("|".join(alternatives)) if alternatives else None

    def finditer(self, text: str):
        """(start, word) of each match, in order and not overlapping, as re.finditer gives them."""
        if self._places is None:
            return
        by_pair, single = self._by_pair, self._single
        done = 0
        for place in self._places.finditer(text):
            p = place.start()
            if p < done:
                continue
            # The longest word at p: a pair's words come longest first, and any of them
            # is longer than a word of one character.
            for w in by_pair.get(text[p : p + 2], ()):
                if text.startswith(w, p):
                    yield p, w
                    done = p + len(w)
                    break
            else:
                if text[p] in single:
                    yield p, text[p]
                    done = p + 1

    def starts(self, text: str):
        """(start, word) of every word at every place, overlapping ones included, in order."""
        if self._places is None:
            return
        for place in self._places.finditer(text):
            p = place.start()
            for w in self._by_pair.get(text[p : p + 2], ()):
                if text.startswith(w, p):
                    yield p, w
            if text[p] in self._single:
                yield p, text[p]
