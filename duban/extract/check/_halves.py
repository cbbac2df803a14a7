"""The halves of the fixed phrases (check_fixed_phrases.yaml), for finding a phrase printed
with one character changed: such a misprint keeps one half of the phrase intact, so only
the windows around the places where a half occurs are worth comparing with the phrase."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from duban.extract.check.lexicon import check_lexicon
from duban.extract.language import Literals

__all__ = ["PhraseHalves", "phrase_halves"]


@dataclass(frozen=True)
class PhraseHalves:
    where: dict[str, list[tuple[int, int]]]  # a non-empty half -> (phrase index, offset in the phrase)
    literals: Literals  # the non-empty halves, found in a text at once
    empty: tuple[tuple[int, int], ...]  # (phrase index, offset) of the empty halves (phrases of one character)

    def windows(self, text: str, shift: int = 0) -> dict[int, set[int]]:
        """Phrase index -> the starts (plus ``shift``) of the windows of ``text`` in which a
        non-empty half of the phrase is intact."""
        starts: dict[int, set[int]] = {}
        for i, half in self.literals.starts(text):
            for idx, offset in self.where[half]:
                starts.setdefault(idx, set()).add(shift + i - offset)
        return starts


@cache
def phrase_halves(fuzzy_only: bool) -> PhraseHalves:
    """The halves of every fixed phrase, or of the fuzzy ones only; indexes are those of
    ``check_lexicon().phrases``."""
    where: dict[str, list[tuple[int, int]]] = {}
    empty = []
    for idx, fp in enumerate(check_lexicon().phrases):
        if fuzzy_only and not fp.fuzzy:
            continue
        half = len(fp.phrase) // 2
        for piece, offset in ((fp.phrase[:half], 0), (fp.phrase[half:], half)):
            if piece:
                where.setdefault(piece, []).append((idx, offset))
            else:
                empty.append((idx, offset))
    return PhraseHalves(where, Literals(where), tuple(empty))
