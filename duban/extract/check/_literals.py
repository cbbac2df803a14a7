"""Finding many literal words in a text at once, without a regex alternation of them.

re tries an alternation of a few hundred words one word after another at every position
whose character opens one of them, and in a report that is one character in ten. Here
one character-class scan finds the places where a word's first (up to three) characters
may stand, and only those few places are compared with the words, looked up by those
characters.
"""

from __future__ import annotations

import re

__all__ = ["Literals"]

_HEAD = 3  # at most this many leading characters select the places


def _char_class(chars) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


class Literals:
    """The non-empty ``words``, found as the alternation of them, longest first, would find them."""

    def __init__(self, words):
        words = sorted(set(words), key=len, reverse=True)
        if "" in words:
            raise ValueError("an empty word is found everywhere")
        # Every word is at least k long, so the words at a place all begin with the k
        # characters there.
        self._k = k = min(_HEAD, *map(len, words)) if words else 0
        self._by_head: dict[str, list[str]] = {}  # first k characters -> words, longest first
        for w in words:
            self._by_head.setdefault(w[:k], []).append(w)
        # A superset of the places where a word starts: each character in the class of the
        # words' characters at that offset. It consumes one character, so finditer visits
        # overlapping places too.
        classes = [_char_class({h[i] for h in self._by_head}) for i in range(k)]
        ahead = f"(?={''.join(classes[1:])})" if k > 1 else ""
        self._places = re.compile(classes[0] + ahead) if words else None

    def finditer(self, text: str):
        """(start, word) of each match, in order and not overlapping, as re.finditer gives them."""
        if self._places is None:
            return
        by_head, k = self._by_head, self._k
        done = 0
        for place in self._places.finditer(text):
            p = place.start()
            if p < done:
                continue
            for w in by_head.get(text[p : p + k], ()):
                if text.startswith(w, p):
                    yield p, w
                    done = p + len(w)
                    break

    def starts(self, text: str):
        """(start, word) of every word at every place, overlapping ones included, in order."""
        if self._places is None:
            return
        by_head, k = self._by_head, self._k
        for place in self._places.finditer(text):
            p = place.start()
            for w in by_head.get(text[p : p + k], ()):
                if text.startswith(w, p):
                    yield p, w
