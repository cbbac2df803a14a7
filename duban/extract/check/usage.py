"""Word-order and collocation errors found by patterns (check_usage.yaml), and parallel
series with one member broken.

"四个星级智慧城市" (a star rating written as a count), "推进文风会风" (a verb that does
not take this object). Each pattern names its own kind, message and suggestion.
"向上而攀、向新生、向远方而行": in a series whose members share their first character and
a connector (而), the one member without it lost a character.
"""

from __future__ import annotations

import re

from duban.extract.check._text import Defect
from duban.extract.check.lexicon import check_lexicon

__all__ = ["RULES", "check_usage"]


def check_usage(text: str, doc: dict | None = None) -> list[Defect]:
    out = []
    for up in check_lexicon().usage:
        if up.needs not in text:
            continue  # most patterns hold a phrase that most reports never print
        for m in up.pattern.finditer(text):
            suggestion = m.expand(up.suggestion) if up.suggestion else None
            out.append(Defect(up.kind, m.start(), m.end(), up.message, suggestion, f"usage.{up.name}"))
    return out


_SERIES = re.compile(r"[\u4e00-\u9fff]{2,12}(?:、[\u4e00-\u9fff]{2,7}){2,}")
# A series is made of Chinese characters and 、 only, so it lies inside one run of those
# holding at least two 、, and starts at most 12 characters before the run's first 、.
# _RUN_FROM_COMMA finds each such run from that 、 to its end (it opens with the 、, a
# literal re jumps to); _SERIES, which backtracks at every Chinese character, then runs
# only there.
_RUN_FROM_COMMA = re.compile(r"、[\u4e00-\u9fff]*+、[\u4e00-\u9fff、]*+")
_SERIES_LEAD = 12
# Two members in a row that open with the same character. The rule reads only series whose
# members after the first all open with one character, and those members follow one
# another in a run: a run without such a pair holds no series the rule reads.
_SAME_OPENINGS = re.compile(r"、([\u4e00-\u9fff])[\u4e00-\u9fff]*+、\1")


def _series(text: str):
    """The matches of _SERIES in ``text``, in order, but for those in a run whose members
    never open twice in a row with one character (check_parallel passes those over)."""
    done = 0
    for run in _RUN_FROM_COMMA.finditer(text):
        if _SAME_OPENINGS.search(text, run.start(), run.end()):
            # Never before the end of the last run: its matches are already out.
            yield from _SERIES.finditer(text, max(done, run.start() - _SERIES_LEAD), run.end())
        done = run.end()


def check_parallel(text: str, doc: dict | None = None) -> list[Defect]:
    connectors = check_lexicon().parallel_connectors
    out = []
    for m in _series(text):
        parts = m.group(0).split("、")
        head = parts[1][0]
        if any(p[0] != head for p in parts[1:]) or head not in parts[0]:
            continue
        cut = parts[0].rfind(head)
        items = [parts[0][cut:]] + parts[1:]
        offsets = [m.start() + cut]
        for p in items[:-1]:
            offsets.append(offsets[-1] + len(p) + 1)
        for conn in connectors:
            has = [conn in p[1:-1] for p in items]
            if has.count(False) != 1 or has.count(True) < 2:
                continue
            k = has.index(False)
            item = items[k]
            if len(item) < 2:
                continue
            suggestion = item[:-1] + conn + item[-1]
            out.append(
                Defect(
                    "garbled",
                    offsets[k],
                    offsets[k] + len(item),
                    f"排比残缺：同一组排比的其他各项都有“{conn}”，“{item}”缺字",
                    suggestion,
                    "usage.broken_parallel",
                )
            )
    return out


RULES = [("usage", check_usage), ("usage.parallel", check_parallel)]
