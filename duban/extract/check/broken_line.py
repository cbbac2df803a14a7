"""broken_line: a word or sentence split by a line or page break (美在古 / 今交融).

A paragraph that is not a heading, has clause punctuation inside and ends on a Chinese
character (or an opening quote or bracket) continues on the next paragraph when that one
starts with a Chinese character or with punctuation that cannot open a paragraph. Breaks
that follow one another (a phrase split over several short lines, as text copied from a
web page with links) form one defect. A text hard-wrapped throughout is a layout choice
and is not flagged.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from duban.extract.check._lists import markers
from duban.extract.check._text import Defect, is_cjk
from duban.extract.language import alternation, lexicon
from duban.extract.markers import ARABIC, CN_COMMA, PAREN_ARABIC, PAREN_CN, SPACE

__all__ = ["RULES", "breaks", "check_broken_lines", "hard_wrapped"]

_INNER_PUNCT = re.compile(r"[，,。；;：:、]")
# A numbered heading or item: one of the markers of duban/extract/markers.py.
_MARK = f"(?:{CN_COMMA}|{PAREN_CN}|{ARABIC}|{PAREN_ARABIC})"


@cache
def _heading() -> re.Pattern:
    """A line that opens on its own: the speech's opening (各位代表), an appendix, a marker, a dash."""
    return re.compile(rf"{SPACE}(?:{alternation(lexicon().speech_openings)}|附[件录表]|{_MARK}|——)")


_TITLE = re.compile(rf"{SPACE}{_MARK}[^。；;！!？?]*$")
_OPENERS = set("《“（(「")
_CONTINUERS = set("，,、。；;：:）)》”」") | _OPENERS
_MIN_LINE = 12
# Above this share of paragraphs ending mid-sentence, the file is hard-wrapped on purpose.
_WRAPPED_SHARE = 0.25


def breaks(text: str) -> tuple[int, ...]:
    """Indexes i of paragraphs that continue, mid-sentence, in paragraph i + 1."""
    found, wrapped = _breaks(text)
    return () if wrapped else found


def hard_wrapped(text: str) -> bool:
    """True when the text is broken into lines of a fixed width (a PDF, a mail)."""
    return _breaks(text)[1]


@lru_cache(maxsize=8)
def _breaks(text: str) -> tuple[tuple[int, ...], bool]:
    pars, _, _ = markers(text)
    loose = []  # the paragraph ends mid-sentence and the next one goes on
    for i, (prev, nxt) in enumerate(zip(pars, pars[1:], strict=False)):
        body = prev.text.rstrip()
        head = nxt.text.lstrip(" \t\u3000")
        if (
            body
            and head
            and (is_cjk(body[-1]) or body[-1] in _OPENERS)
            and (is_cjk(head[0]) or head[0] in _CONTINUERS)
            and not _heading().match(nxt.text)
            and not _TITLE.match(prev.text)
        ):
            loose.append(i)
    wrapped = len(loose) > max(3, _WRAPPED_SHARE * len(pars))
    # A sentence cut in two: the first part reads as running text (a full stop, or two
    # clause marks: a headline has at most one), and the second part ends the sentence
    # (it has punctuation) or is itself cut again (a phrase spread over short lines).
    candidates = set(loose)
    accepted: set[int] = set()
    for i in sorted(candidates, reverse=True):
        nxt = pars[i + 1].text
        if _INNER_PUNCT.search(nxt) or (i + 1) in accepted:
            accepted.add(i)
    out = []
    for i in sorted(accepted):
        body = pars[i].text.strip()
        running = len(body) >= _MIN_LINE and ("。" in body or len(_INNER_PUNCT.findall(body)) >= 2)
        if running or (i - 1) in out:
            out.append(i)
    return tuple(out), wrapped


def check_broken_lines(text: str, doc: dict | None = None) -> list[Defect]:
    pars, _, _ = markers(text)
    found = []
    idx = list(breaks(text))
    k = 0
    while k < len(idx):
        first = idx[k]
        last = first
        while k + 1 < len(idx) and idx[k + 1] == last + 1:
            k += 1
            last = idx[k]
        k += 1
        prev, nxt = pars[first], pars[last + 1]
        body = prev.text.rstrip()
        head = nxt.text.lstrip(" \t\u3000")
        a = prev.start + len(body) - 1
        b = nxt.start + (len(nxt.text) - len(head)) + 1
        pieces = [body[-1]] + [pars[j].text.strip() for j in range(first + 1, last + 1)] + [head[0]]
        joined = "".join(pieces)
        found.append(
            Defect(
                "broken_line",
                a,
                b,
                f"断行：句子在“{body[-1]}”与“{pars[first + 1].text.strip()[:1]}”之间被换行或分页打断，应删去换行"
                + (f"（连续{last - first + 1}处）" if last > first else ""),
                joined,
                "broken_line.mid_sentence",
            )
        )
    return found


RULES = [("broken_line", check_broken_lines)]
