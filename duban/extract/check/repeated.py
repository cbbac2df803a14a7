"""repeated_word: a word or phrase printed twice by accident (智慧智慧, 对标对标, “非粮化”“非粮化”).

Legitimate reduplications (人人, 研究研究, 一步一步 ...) come from check_reduplications.yaml
and are never flagged. A doubled single character is ordinary Chinese far too often to
flag on sight, so it is flagged only with evidence: removing one copy yields a known fixed
phrase (真真抓实干 -> 真抓实干) or a phrase the report itself uses elsewhere (无证证明城市
when the report also says 无证明城市).
"""

from __future__ import annotations

import re
from functools import cache

from duban.extract.check._halves import phrase_halves
from duban.extract.check._text import Defect, is_cjk
from duban.extract.check.lexicon import check_lexicon

__all__ = ["RULES", "check_repeated_words"]

_H = "\u4e00-\u9fff"
_QUOTED = re.compile(r"“([^“”\r\n]{1,20})”[ \u3000]*“\1”")
_WORD = re.compile(rf"([{_H}]{{2,4}})\1")
_DOUBLE = re.compile(rf"([{_H}])\1")
# Either of the two: a unit of one to four Chinese characters printed twice, the longest
# unit first, as _WORD tries them.
_REPEAT = re.compile(rf"([{_H}]{{1,4}})\1")


def _legit(surface: str) -> bool:
    lex = check_lexicon()
    if surface in lex.reduplications:
        return True
    return any(p.search(surface) for p in lex.reduplication_patterns)


def check_repeated_words(text: str, doc: dict | None = None) -> list[Defect]:
    out: list[Defect] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in _QUOTED.finditer(text):
        out.append(
            Defect(
                "repeated_word",
                m.start(),
                m.end(),
                f"短语重复：“{m.group(1)}”连续出现两次（删去重复，或核对是否应为另一词）",
                f"“{m.group(1)}”",
                "repeated.quoted",
            )
        )
        taken.append((m.start(), m.end()))

    doubles, words = _doubles_and_words(text)
    for s, e, tripled, ch in _triples(text, doubles):
        if _legit(tripled):
            continue
        fix = _phrase_fix(text, s, e)
        if fix:
            s, e, suggestion = fix
        else:
            suggestion = ch
        out.append(Defect("repeated_word", s, e, f"字重复：“{tripled}”", suggestion, "repeated.triple"))
        taken.append((s, e))

    for m in words:
        unit = m.group(1)
        if len(set(unit)) == 1 or _legit(m.group(0)) or _legit(unit) or not free(m.start(), m.end()):
            continue
        if _chained_compounds(text, m.start(), len(unit)) or _misaligned(text, m.start()):
            continue
        out.append(
            Defect("repeated_word", m.start(), m.end(), f"词语重复：“{unit}{unit}”", unit, "repeated.word")
        )
        taken.append((m.start(), m.end()))

    for m in doubles:
        s, e = m.start(), m.end()
        if not free(s, e):
            continue
        found = _fixed_phrase_evidence(text, s)
        rule = "repeated.char_phrase"
        if not found and not _legit(m.group(0)) and not _word_boundary(text, s):
            found = _document_evidence(text, s)
            rule = "repeated.char_document"
        if found:
            fs, fe, fixed = found
            out.append(
                Defect(
                    "repeated_word",
                    fs,
                    fe,
                    f"字重复：“{m.group(0)}”，{'固定提法为' if rule.endswith('phrase') else '报告别处写作'}“{fixed}”",
                    fixed,
                    rule,
                )
            )
            taken.append((fs, fe))
    return out


def _doubles_and_words(text: str):
    """The matches of _DOUBLE.finditer and of _WORD.finditer, from one scan of the text.

    _REPEAT matches wherever one of them does, but not inside a match of its own: the
    few positions a match covers are tried with each pattern.
    """
    double_at, word_at = [], []
    for m in _REPEAT.finditer(text):
        s, e = m.span()
        for q in range(s, e):
            if _DOUBLE.match(text, q):
                double_at.append(q)
            if e - s > 2 if q == s else _WORD.match(text, q):  # at s: the longest unit is a word's
                word_at.append(q)
    return _leftmost(text, _DOUBLE, double_at), _leftmost(text, _WORD, word_at)


def _leftmost(text: str, rx: re.Pattern, starts: list[int]) -> list[re.Match]:
    """The matches finditer gives from the ``starts`` where ``rx`` matches: in order, each
    after the end of the one before."""
    out = []
    done = 0
    for q in starts:
        if q >= done:
            m = rx.match(text, q)
            out.append(m)
            done = m.end()
    return out


def _triples(text: str, doubles):
    """(start, end, surface, character) of each run of one character three or more long.

    These are exactly the matches a pattern for a Chinese character and two or more copies
    of it would give. Such a run is matched by _DOUBLE at its first character, so the text
    need not be scanned a second time.
    """
    for m in doubles:
        s = m.start()
        ch = text[s]
        if text.startswith(ch, s + 2) and (s == 0 or text[s - 1] != ch):
            e = s + 3
            while text.startswith(ch, e):
                e += 1
            yield s, e, text[s:e], ch


def _misaligned(text: str, s: int) -> bool:
    """深化文化文艺: the repeated unit 化文 starts inside a word (深化) the report uses often."""
    if s == 0 or not is_cjk(text[s - 1]):
        return False
    return _occurs(text, text[s - 1 : s + 1], 3)


def _chained_compounds(text: str, s: int, n: int) -> bool:
    """绿色建筑建筑面积: the first copy ends a compound the report uses on its own elsewhere."""
    left = text[max(0, s - 2) : s + n]
    if len(left) < n + 2 or not all(is_cjk(c) for c in left):
        return False
    i = text.find(left)
    while i >= 0:
        if i != s - 2 and text[i + len(left) : i + len(left) + n] != text[s : s + n]:
            return True
        i = text.find(left, i + 1)
    return False


@cache
def _phrases_with() -> dict[str, list[tuple[str, list[int]]]]:
    """Character -> the fixed phrases of four or more characters holding it, in the data
    file's order, each with the offsets of the character in it."""
    index: dict[str, list[tuple[str, list[int]]]] = {}
    for fp in check_lexicon().phrases:
        p = fp.phrase
        if len(p) >= 4:
            for ch in dict.fromkeys(p):
                index.setdefault(ch, []).append((p, [k for k, c in enumerate(p) if c == ch]))
    return index


def _fixed_phrase_evidence(text: str, s: int):
    """(start, end, phrase) when dropping text[s+1] completes a known fixed phrase."""
    for p, offsets in _phrases_with().get(text[s], ()):
        for k in offsets:
            # the phrase would start at s - k in the text without the doubled character
            a = s - k
            if a < 0:
                continue
            surface = text[a : s + 1] + text[s + 2 : s + 2 + len(p) - k - 1]
            if surface == p and text[a : a + len(p)] != p:
                return a, s + 2 + len(p) - k - 1, p
    return None


def _word_boundary(text: str, s: int) -> bool:
    """聊城城市: the first copy ends one word and the second starts another, both in common use."""
    left, right = text[s - 1 : s + 1], text[s + 1 : s + 3]
    return s > 0 and len(right) == 2 and _occurs(text, left, 3) and _occurs(text, right, 3)


def _document_evidence(text: str, s: int):
    """(start, end, phrase) when the text without one copy is a phrase used elsewhere."""
    # Every candidate below holds the character before the pair, one copy and the
    # character after it: one search for those three rules out the three candidates (the
    # usual case) at once.
    if s < 1 or text[s - 1] + text[s] + text[s + 2 : s + 3] not in text:
        return None
    for left, right in ((1, 3), (2, 2), (3, 1)):
        a, b = s - left, s + 2 + right
        if a < 0 or b > len(text):
            continue
        window = text[a:b]
        if not all(is_cjk(c) for c in window):
            continue
        candidate = text[a : s + 1] + text[s + 2 : b]
        # The doubled form found again outside [a, b) is a consistent usage, not a slip.
        if candidate in text and text.find(window, 0, a) < 0 and text.find(window, b) < 0:
            return a, b, candidate
    return None


def _occurs(text: str, word: str, times: int) -> bool:
    """``text.count(word) >= times``, stopping at the ``times``-th occurrence."""
    if times <= 0 or not word:
        return text.count(word) >= times
    i = text.find(word)
    while i >= 0:
        times -= 1
        if times <= 0:
            return True
        i = text.find(word, i + len(word))
    return False


def _phrase_fix(text: str, s: int, e: int):
    """For a tripled character, the fixed phrase that the surrounding characters misprint."""
    phrases = check_lexicon().phrases
    starts = _window_starts(text, s, e)
    # In the data file's order, the phrases that have a window near the run: those with a
    # half found there, and those of one character, which fit anywhere.
    for idx in sorted(starts.keys() | {idx for idx, _ in phrase_halves(fuzzy_only=False).empty}):
        p = phrases[idx].phrase
        n = len(p)
        lo = max(0, s - n + 1)
        for a in range(lo, e) if n == 1 else sorted(a for a in starts[idx] if lo <= a < e):
            window = text[a : a + n]
            if len(window) != n or not (a < e and a + n > s):
                continue
            if sum(x != y for x, y in zip(window, p, strict=True)) == 1:
                return a, a + n, p
    return None


@cache
def _longest_phrase() -> int:
    return max((len(fp.phrase) for fp in check_lexicon().phrases), default=0)


def _window_starts(text: str, s: int, e: int) -> dict[int, set[int]]:
    """Phrase index -> the starts near the run text[s:e] where the phrase could be printed
    with one character changed: one scan for the halves of every phrase, over the few
    characters a window around the run can reach."""
    longest = _longest_phrase()
    lo = max(0, s - longest + 1)
    return phrase_halves(fuzzy_only=False).windows(text[lo : e - 1 + longest], lo)


RULES = [("repeated_word", check_repeated_words)]
