"""duplicate_item: the same, or nearly the same, item twice in a list or across lists.

"Nearly the same" means the two items differ only by inserted or dropped characters
(聊城城市科学绿化实施方案 / 聊城市科学绿化实施方案) or by punctuation; two items that
differ by a substituted word (钢管产业 / 轴承产业) are different items, however similar
their template.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from rapidfuzz.distance import Indel, Levenshtein

from duban.extract.check._lists import numbered_lists
from duban.extract.check._text import Defect

__all__ = ["RULES", "check_duplicate_items"]

# What a key keeps: word characters other than "_" (everything but spaces, punctuation and
# underscores, as \s lies within \W).
_KEPT = re.compile(r"[^\W_]+")
_MIN_CHARS = 6
_WINDOW = 400


def check_duplicate_items(text: str, doc: dict | None = None) -> list[Defect]:
    items = []
    kept = _KEPT.findall
    for li, lst in enumerate(numbered_lists(text)):
        for m in lst.items:
            # The key: the item's body without spaces, punctuation and underscores. Joining
            # what is kept is quicker than deleting the rest with re.sub, and reading the
            # body in place quicker than slicing it: _KEPT looks at no character around
            # what it matches, so the bounds give what a slice would.
            items.append((li, m, "".join(kept(text, m.start + len(m.marker), m.end))))
    keys = [k for _, _, k in items]
    # Indexes of the items before j long enough to compare, by key length, in order.
    by_length: dict[int, list[int]] = {}
    out = []
    first_of: dict[str, int] = {}
    for j, (lj, mj, kj) in enumerate(items):
        if len(kj) < _MIN_CHARS:
            continue
        # Exact repeats anywhere; near repeats among the items just before (a report has a
        # few hundred list items; the window keeps a huge input linear).
        i = first_of.setdefault(kj, j)
        if i == j:
            i = _first_near(keys, by_length, j)
        by_length.setdefault(len(kj), []).append(j)
        if i is not None:
            li, mi, ki = items[i]
            where = "同一清单" if li == lj else "另一清单"
            out.append(
                Defect(
                    "duplicate_item",
                    mj.start,
                    mj.end,
                    f"重复事项：与{where}第{mi.number}项“{text[mi.start + len(mi.marker) : mi.end].strip()}”相同或几乎相同",
                    f"删去重复的一项（第{mi.number}项或第{mj.number}项）",
                    "duplicate_item.near" if ki != kj else "duplicate_item.same",
                )
            )
    return out


def _first_near(keys: list[str], by_length: dict[int, list[int]], j: int) -> int | None:
    """Index of the first item of the window before ``j`` that is near ``keys[j]``, or None.

    ``by_length`` holds the items before ``j``."""
    kj = keys[j]
    lo = max(0, j - _WINDOW)
    # _near accepts at most max(1, min-length // 12) inserted or dropped characters, so a
    # near item's length differs by at most, and its indel distance is at most, that many
    # (bounded by max(1, len(kj) // 12)): the length index and one C call per candidate
    # leave only those few for the exact test, which then runs in order.
    cutoff = max(1, len(kj) // 12)
    found = []
    for n in range(len(kj) - cutoff, len(kj) + cutoff + 1):
        if n == len(kj) and cutoff < 2:
            continue  # two different keys of one length are at least two edits apart
        ks = by_length.get(n)
        if ks:
            for k in ks[bisect_left(ks, lo) :] if lo else ks:
                if Indel.distance(keys[k], kj, score_cutoff=cutoff) <= cutoff:
                    found.append(k)
    for k in sorted(found):
        if _near(keys[k], kj):
            return k
    return None


def _near(a: str, b: str) -> bool:
    if a == b:
        return True
    # Cheap length filter first: only a few inserted or dropped characters are allowed.
    budget = max(1, min(len(a), len(b)) // 12)
    if abs(len(a) - len(b)) > budget:
        return False
    ops = Levenshtein.editops(a, b)
    return len(ops) <= budget and all(op.tag != "replace" for op in ops)


RULES = [("duplicate_item", check_duplicate_items)]
