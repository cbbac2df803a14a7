"""contradiction: one figure stated two different ways in the same report.

Two rules: a count announced in the text against the list it announces ("梳理了30项民生
事项(附后)" with 29 items in 附件1), and the same target metric given two different
figures for the same year in two places (营收突破1000亿元 in the text, 突破100亿元 in an
appendix). Review parts (工作回顾) report past results and are left out of the second.
"""

from __future__ import annotations

import re
from functools import cache

from rapidfuzz import fuzz

from duban.extract.check._lists import markers, numbered_lists
from duban.extract.check._text import Defect, line_col, occurrences
from duban.extract.check.broken_line import hard_wrapped
from duban.extract.check.lexicon import check_lexicon
from duban.extract.language import alternation
from duban.extract.markers import marker_number

__all__ = ["RULES", "check_announced_counts", "check_metric_figures"]

_ANNOUNCED_LEAD = 4 + 1 + 12  # the longest numeral, the measure word, the longest noun
# Clause and sentence ends (clauses and sentences are the runs between them); in a
# hard-wrapped text a line break says nothing about sentences.
_CLAUSE_END = re.compile(r"[，,。；;：:！!？?\r\n、]")
_SENTENCE_END = re.compile(r"[。！？!?\r\n]")
_WRAPPED_CLAUSE_END = re.compile(r"[，,。；;：:！!？?、]")
_WRAPPED_SENTENCE_END = re.compile(r"[。！？!?]")
_YEAR = re.compile(r"\d{4}年")


class _Patterns:
    """The rule's patterns, compiled once from lexicon/check_figures.yaml."""

    def __init__(self):
        fw = check_lexicon().figures
        self.noun_prefixes = fw["announced_noun_prefixes"]
        self.notes = fw["announced_notes"]
        self.announced = re.compile(
            rf"(\d{{1,3}}|[一二三四五六七八九十百]{{1,4}})({_any(fw['announced_units'])})([\u4e00-\u9fff“”]{{2,12}}?)"
            rf"[（(](?:{_any(fw['announced_notes'])})\s*\d*[）)]"
        )
        verbs = _any(fw["figure_verbs"])
        # A figure: an optional verb (at most three characters), then the number and its unit.
        # The number opens with a digit (\d\d*, not \d+, so that re sees the class and jumps
        # from digit to digit): one pass finds the clauses that hold a figure.
        number = r"(\d\d*(?:\.\d+)?)"
        unit = rf"({_any(fw['figure_scales'])})?({_any(fw['figure_units'])})({_any(fw['figure_bounds'])})?"
        self.figure = re.compile(rf"({verbs})?{number}{unit}")
        self.verb_before = re.compile(rf"(?:{verbs})\Z")  # searched up to a number: a verb right before it
        # In the scan, digits or decimals given back by the number (or decimals left out)
        # put a digit or "." where a scale or unit must begin, so such a retry succeeds only
        # if one begins with either. When none does, a number that gives nothing back finds
        # the same matches with fewer tries.
        if not any(w[:1].isdecimal() or w[:1] == "." for w in (*fw["figure_scales"], *fw["figure_units"])):
            number = r"(\d\d*+(?:\.\d++)?+)"
        self.figure_core = re.compile(number + unit)
        self.lead_time = re.compile(
            rf"^(?:(?:{_any(fw['year_prefixes'])})?\d{{4}}年(?:{_any(fw['year_ends'])})?|{_any(fw['metric_lead_words'])})+")
        self.multi_year = re.compile(
            rf"[十]?[一二三四五六七八九十]五|{_any(fw['multi_year_words'])}|\d{{4}}[—\-–～~至到]\d{{4}}"
            rf"|(?:{_any(fw['multi_year_deadline'])})\d{{4}}年")
        self.review = re.compile(_any(fw["review_titles"]))
        self.scale = {k: float(v) for k, v in fw["figure_scales"].items()} | {None: 1, "": 1}


def _any(words) -> str:
    return alternation(words)


@cache
def _patterns() -> _Patterns:
    return _Patterns()


def check_announced_counts(text: str, doc: dict | None = None) -> list[Defect]:
    lists = None
    out = []
    for m in _announcements(text):
        if lists is None:
            lists = numbered_lists(text)
        n = marker_number(m.group(1))
        noun = m.group(3).strip("“”")
        for prefix in _patterns().noun_prefixes:
            noun = noun.removeprefix(prefix)
        if not n or len(noun) < 2:
            continue
        best = None
        for lst in lists:
            if lst.title_start < m.end():
                continue
            score = fuzz.partial_ratio(noun, lst.title)
            if score >= 80 and (best is None or score > best[0]):
                best = (score, lst)
        if best is None:
            continue
        lst = best[1]
        count = len(lst.items)
        if count == n:
            continue
        nums = lst.numbers()
        if max(nums) != n and abs(count - n) > 2:
            # 10 件实事 over a list of 30 numbered sub-items: the list counts something else.
            continue
        missing = sorted(set(range(1, max(nums) + 1)) - set(nums))
        detail = f"（缺第{'、'.join(map(str, missing))}项）" if missing else ""
        out.append(
            Defect(
                "contradiction",
                m.start(),
                m.start() + len(m.group(1)) + len(m.group(2)) + len(m.group(3)),
                f"数量前后矛盾：正文说{n}{m.group(2)}{noun}，“{lst.title}”实际列出{count}项{detail}",
                f"核对清单，补齐所缺事项或把正文改为{count}{m.group(2)}",
                "contradiction.announced_count",
            )
        )
    return out


def _announcements(text: str):
    """The matches of the announcement pattern, in order, found from their notes (附后) / (见附件…).

    It opens with a numeral, which re would try at every character; a note is rare,
    and an announcement starts at most _ANNOUNCED_LEAD characters before its note.
    """
    done = 0
    notes = sorted(i - 1 for word in _patterns().notes for i in occurrences(text, word) if i and text[i - 1] in "（(")
    for paren in notes:
        for p in range(max(done, paren - _ANNOUNCED_LEAD), paren):
            m = _patterns().announced.match(text, p)
            if m:
                yield m
                done = m.end()
                break


def _plan_ranges(text: str) -> list[tuple[int, int]]:
    """Offsets of the parts that are not a review of past work (by their 一、 headings)."""
    pars, marks, _ = markers(text)
    heads = [m for m in marks if m.level == "cn"]
    if not heads:
        return [(0, len(text))]
    ranges = [(0, heads[0].start)]
    for h, nxt in zip(heads, heads[1:] + [None], strict=False):
        title = text[h.start : h.end]
        if not _patterns().review.search(title):
            ranges.append((h.start, nxt.start if nxt else len(text)))
    return ranges


def _figures(text: str, year: int | None = None):
    """The first figure of each clause in the plan parts, in text order.

    Found from the figures' numbers rather than clause by clause: a clause holds a figure
    when a number with its unit lies in it, and the figure itself starts at most three
    characters (a verb such as 提高到) before the first such number.
    """
    default_years = (f"{year}年",) if year else ()
    pt = _patterns()
    wrapped = hard_wrapped(text)
    clause_end = _WRAPPED_CLAUSE_END if wrapped else _CLAUSE_END
    sentence_end = _WRAPPED_SENTENCE_END if wrapped else _SENTENCE_END
    backwards = None  # the text reversed: a forward search in it looks back from a figure
    for a, b in _plan_ranges(text):
        clause_stop = -1  # the end of the clause of the last figure
        last_sentence = -1
        for core in pt.figure_core.finditer(text, a, b):
            x = core.start()
            if x < clause_stop:
                continue  # only the first figure of a clause counts
            stop = clause_end.search(text, x, b)
            clause_stop = stop.start() if stop else b
            # The clause's figure is built on this number, and it counts only with a verb
            # right before the number (达到) or a bound after the unit (以上): without
            # either, as in most clauses, the clause is passed over unread.
            if core.group(4) is None and not pt.verb_before.search(text, max(a, x - 3), x):
                continue
            if backwards is None:
                backwards = text[::-1]
            cs, ce = _run_around(text, backwards, x, a, clause_stop, clause_end)
            clause = text[cs:ce]
            f = pt.figure.search(clause, max(0, x - cs - 3))
            if not f:
                continue
            head = clause[: f.start()]
            metric = pt.lead_time.sub("", head.strip())
            if len(metric) < 6 or not f.group(1) and not f.group(5):
                continue
            # The sentence is read only for the few clauses that state a figure.
            ss, se = _run_around(text, backwards, x, a, b, sentence_end)
            if ss != last_sentence:
                last_sentence = ss
                sentence = text[ss:se]
                multi = bool(pt.multi_year.search(sentence))
                sent_years = tuple(sorted(set(_YEAR.findall(sentence))))
            years = tuple(_YEAR.findall(head)) or sent_years or default_years
            value = float(f.group(2)) * pt.scale[f.group(3)]
            yield {
                "metric": metric,
                "value": value,
                "unit": f.group(4),
                "years": years,
                "multi": multi,
                "start": cs + len(head) - len(head.lstrip()),
                "end": cs + f.end(),
                "quote": clause[len(head) - len(head.lstrip()) : f.end()],
            }


def _run_around(text: str, backwards: str, x: int, a: int, b: int, ends: re.Pattern) -> tuple[int, int]:
    """Bounds of the run of text between two of ``ends``' characters that holds ``x``,
    kept inside [a, b): the clause or sentence that a finditer over [a, b) would give."""
    n = len(text)
    before = ends.search(backwards, n - x, n - a)  # backwards[n - x] is text[x - 1]
    after = ends.search(text, x, b)
    return (n - before.start() if before else a), (after.start() if after else b)


def check_metric_figures(text: str, doc: dict | None = None) -> list[Defect]:
    year = ((doc or {}).get("source") or {}).get("year")
    figs = list(_figures(text, year if isinstance(year, int) else None))
    out = []
    for j, b in enumerate(figs):
        for a in figs[:j]:
            if a["unit"] != b["unit"] or a["value"] == b["value"]:
                continue
            if a["multi"] != b["multi"] or (a["years"] and b["years"] and a["years"] != b["years"]):
                continue
            if fuzz.ratio(a["metric"], b["metric"]) < 90:
                continue
            out.append(
                Defect(
                    "contradiction",
                    b["start"],
                    b["end"],
                    f"数字前后矛盾：“{b['quote']}”与第{line_col(text, a['start'])[0]}行“{a['quote']}”说的是同一指标",
                    f"核对后统一（前文为“{a['quote']}”）",
                    "contradiction.metric",
                )
            )
            break
    return out


RULES = [
    ("contradiction.announced_count", check_announced_counts),
    ("contradiction.metric", check_metric_figures),
]
