"""wrong_char: known wrong-character confusions, misprinted fixed phrases and place names.

Three data files drive it: check_confusions.yaml (大平洋 -> 太平洋, 布署 -> 部署 ...),
check_fixed_phrases.yaml (筑牢中华民族共同体意识 -> 铸牢..., plus a one-character
fuzzy match for long phrases) and check_places.yaml (在平 -> 茌平 in a 聊城 report).
"""

from __future__ import annotations

import re
from functools import cache

from duban.extract.check._halves import phrase_halves
from duban.extract.check._text import Defect, is_cjk
from duban.extract.check.lexicon import check_lexicon
from duban.extract.language import Literals

__all__ = ["RULES", "check_confusions", "check_fixed_phrases", "check_places"]

_CLAUSE_START = set("，,。；;、：:！!？?\r\n ")
_SENTENCE_END = re.compile(r"[。！？!?\r\n]")


@cache
def _confusion_index():
    """Every known wrong surface, and each one's (right form, message template, entry)."""
    lex = check_lexicon()
    table = {c.wrong: (c.right, "错别字：“{wrong}”应为“{right}”", c) for c in lex.confusions}
    for fp in lex.phrases:
        for v in fp.variants:
            table.setdefault(v, (fp.phrase, "固定提法有误：应为“{right}”", None))
    return Literals(table), table


def check_confusions(text: str, doc: dict | None = None) -> list[Defect]:
    surfaces, table = _confusion_index()
    out = []
    for start, wrong in surfaces.finditer(text):
        end = start + len(wrong)
        right, template, entry = table[wrong]
        if entry is not None and (
            any(text.endswith(w, 0, start) for w in entry.not_before)
            or any(text.startswith(w, end) for w in entry.not_after)
        ):
            continue
        out.append(
            Defect(
                "wrong_char",
                start,
                end,
                template.format(wrong=wrong, right=right),
                right,
                "wrong_char.confusion",
            )
        )
    return out


def check_fixed_phrases(text: str, doc: dict | None = None) -> list[Defect]:
    """Long fixed phrases printed with exactly one character changed."""
    out = []
    seen = set()
    starts_of = _half_starts(text)
    for idx, fp in enumerate(check_lexicon().phrases):
        p = fp.phrase
        n = len(p)
        if not fp.fuzzy:
            continue
        for a in sorted(starts_of.get(idx, ())):
            window = text[a : a + n] if a >= 0 else ""
            if len(window) != n or window == p or (a, a + n) in seen:
                continue
            diff = [k for k in range(n) if window[k] != p[k]]
            if len(diff) != 1 or not is_cjk(window[diff[0]]):
                continue
            seen.add((a, a + n))
            out.append(
                Defect(
                    "wrong_char",
                    a,
                    a + n,
                    f"固定提法有误：“{window[diff[0]]}”应为“{p[diff[0]]}”（{p}）",
                    p,
                    "wrong_char.fixed_phrase",
                )
            )
    return out


def _half_starts(text: str) -> dict[int, set[int]]:
    """Phrase index -> the starts of windows in which one half of the fuzzy phrase is intact."""
    halves = phrase_halves(fuzzy_only=True)
    starts = halves.windows(text)
    for idx, offset in halves.empty:  # an empty half is found everywhere
        starts.setdefault(idx, set()).update(i - offset for i in range(len(text) + 1))
    return starts


def check_places(text: str, doc: dict | None = None) -> list[Defect]:
    out = []
    for group in check_lexicon().places:
        for wrong, right in group.misprints.items():
            i = text.find(wrong)
            while i >= 0:
                j = i + len(wrong)
                before = text[i - 1] if i else "\n"
                after = text[j : j + 1]
                if (
                    before in _CLAUSE_START
                    and after not in group.not_after
                    and _among_siblings(text, i, j, group)
                ):
                    out.append(
                        Defect(
                            "wrong_char",
                            i,
                            j,
                            f"地名有误：“{wrong}”应为{group.region}的“{right}”",
                            right,
                            "wrong_char.place",
                        )
                    )
                i = text.find(wrong, j)
    return out


def _among_siblings(text: str, i: int, j: int, group) -> bool:
    """True when the sentence around text[i:j] names at least two places of the group."""
    s = max(text.rfind(c, 0, i) for c in "。！？!?\r\n") + 1
    m = _SENTENCE_END.search(text, j)
    e = m.start() if m else len(text)
    sentence = text[s:i] + text[j:e]
    return sum(1 for p in group.places if p in sentence) >= 2


RULES = [
    ("wrong_char.confusion", check_confusions),
    ("wrong_char.fixed_phrase", check_fixed_phrases),
    ("wrong_char.place", check_places),
]
