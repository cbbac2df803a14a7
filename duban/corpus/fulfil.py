"""Year-over-year fulfilment: did the next report's review say last year's targets were met?

Public API (the corpus commands and the ledger's assessment call it; keep it stable):

``match_fulfilment(targets, results, *, year=None, text_y=None, text_y1=None, tasks_y=None, tasks_y1=None) -> list[dict]``
    One row per target of the year-``year`` report (in text order; a target whose one 均 serves
    several listed names, 城镇…、农村…均增长8%, gives one row per name), judged against the
    ``results`` of the next report. Targets and results are dicts in the shape of the
    ``duban.extract/1`` document (``start``, ``end``, ``quote``, ``metric``, ``value``,
    ``value_max``, ``unit``, ``comparator``, ``kind``, and ``deadline`` for a target, ``period``
    for a result; a target may carry ``task``). Results of another period than ``year`` are left
    out. ``text_y``/``text_y1`` (the reports' texts, which the offsets index) or
    ``tasks_y``/``tasks_y1`` (task id -> task text) give the wording around each figure; without
    them only the quotes are compared. Each row holds ``target_start``, ``target_end``,
    ``target_quote``, ``target_metric`` (the metric the match used: the extracted one, or the one
    taken from the context), ``target_value``, ``target_unit``, ``target_comparator``,
    ``target_deadline``, ``verdict`` (one of :data:`VERDICTS`), ``rule`` (one of :data:`RULES`:
    why), ``score`` (strength of the pairing, null without one) and ``result_start``,
    ``result_end``, ``result_quote``, ``result_metric``, ``result_value``, ``result_unit`` (null
    when no result was paired).
``VERDICTS``: ``met``, ``not_met``, ``not_mentioned``, ``unclear``.
``RULES``: the reasons a row can give (see below).
``context_name(text, start, word="") -> str``: the metric a figure takes from its context.
``aliases_of(name) -> list[str]``: other names of an indicator.

How a pair is found. For each target of year Y, the results that the year-Y+1 report gives for
year Y are scored on four kinds of evidence, because the same indicator is often named
differently in the two years (公共财政预算收入 / 一般公共财政预算收入, 旅游接待人数 / 接待游客):

* metric names, compared after stripping measurement words (增速, 人数 …) and mapping
  aliases from ``data/metrics.yaml``, with a fuzzy ratio (rapidfuzz) for the rest. A figure
  whose clause names no metric (努力完成4000户) or only a vague one (8008户改造任务) takes it from
  its context, as the extractor does for tasks: the clause before it, the paragraph's lead
  sentence, or a heading line just before the paragraph (实施棚户区改造 -> 棚户区改造);
* the wording around both figures (shared two-character words of the sentence);
* the unit, and the kind of figure (a growth rate is only compared with a growth rate);
* how close the two values are: two levels in one unit a hundredfold apart are never paired;
* for money, what it pays for (the metric without the payer's words, else its sentence): two
  sums for different purposes are never paired.

Pairs are taken best first, one result per target. A pair whose figures count or measure
different things (17个片区 / 12个项目, 农牧业项目 / 工业项目, 燃气管道 / 农村道路) is
``unclear`` (``different_objects``), never ``not_met`` or ``met``. A target whose best partner is
only a related measure (绿化 / 造林) or in another unit is ``unclear``; one without any partner
is ``not_mentioned``. A result the review states as missed (没有实现…目标) is ``not_met``.
Otherwise the verdict follows from the comparator and the direction of the indicator (lower is
better for 能耗, 失业率 …).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["RULES", "VERDICTS", "Item", "aliases_of", "context_name", "match_fulfilment"]

VERDICTS = ("met", "not_met", "not_mentioned", "unclear")
# Why a row got its verdict.
RULES = (
    "value_reached",  # met: the value reached the target (>=, >, ~ within 2 %)
    "value_at_or_under_target",  # met: lower is better (a ceiling, 能耗, a decrease) and it stayed at or under
    "value_short",  # not_met: the value fell short
    "value_over_target",  # not_met: lower is better and it went over
    "stated_not_met",  # not_met: the review says the target was missed (没有实现…目标)
    "different_objects",  # unclear: the two figures count or measure different things
    "unit_mismatch",  # unclear: the review gives the figure in another unit
    "related_measure",  # unclear: a related but different measure (绿化 / 造林)
    "mixed_scope",  # unclear: the result counts two kinds of work together (改造新建)
    "due_later",  # unclear: short, but the target is due after year Y
    "no_value",  # unclear: a figure without a value
    "no_result",  # not_mentioned: no result pairs with the target
)

_BOUNDARY = re.compile(r"[。；;！？!?\n]")
_CLAUSE = re.compile(r"[。；;！？!?\n，,：:]")
_TAIL = re.compile(r"[。；;！？!?\n，,：:、\d]")
# 城镇居民人均可支配收入、农村居民人均可支配收入均增长8%: one figure for each name listed.
_SHARED = re.compile(r"^(?P<names>[^，,。；;]+?、[^，,。；;]+?)均(?=增长|提高|达到|不低于|超过|保持|控制|在|为)")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|[一二三四五六七八九十]+、)")
_YEAR = re.compile(r"(?:19|20)\d{2}")


@dataclass(frozen=True)
class _Lexicon:
    strip_suffixes: tuple
    strip_prefixes: tuple
    strip_words: tuple
    alias_of: dict  # normalised name -> group index
    aliases: tuple  # (normalised alias, group) longest first, for containment
    related: tuple  # tuple of word tuples
    combined_scope: tuple
    lower_better: tuple
    generic: frozenset
    context_stop: frozenset
    figure: re.Pattern  # a number with its scale word and unit
    vague: frozenset
    decrease: tuple
    lead_verbs: tuple  # longest first
    counters: frozenset
    object_stop: tuple  # longest first
    missed: tuple
    money_words: tuple  # longest first


def _strip(name: str, lex: _Lexicon | None = None, raw: dict | None = None) -> str:
    prefixes = lex.strip_prefixes if lex else tuple(raw["strip_prefixes"])
    suffixes = lex.strip_suffixes if lex else tuple(raw["strip_suffixes"])
    words = lex.strip_words if lex else tuple(raw["strip_words"])
    s = _BRACKETS.sub("", name or "").strip()
    for w in words:
        s = s.replace(w, "")
    changed = True
    while changed and s:
        changed = False
        for p in prefixes:
            if s.startswith(p) and len(s) > len(p):
                s, changed = s[len(p) :], True
        for x in suffixes:
            if s.endswith(x) and len(s) > len(x):
                s, changed = s[: -len(x)], True
    return s


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    raw = yaml.safe_load(resources.files("duban.corpus").joinpath("data/metrics.yaml").read_text(encoding="utf-8"))
    alias_of: dict = {}
    aliases = []
    for i, group in enumerate(raw["aliases"]):
        for name in group:
            key = _strip(str(name), raw=raw)
            alias_of.setdefault(key, i)
            aliases.append((key, i))
    aliases.sort(key=lambda kv: -len(kv[0]))
    stop = set()
    for w in raw["context_stop"]:
        stop.update(w[i : i + 2] for i in range(len(w) - 1))
    return _Lexicon(
        strip_suffixes=tuple(raw["strip_suffixes"]),
        strip_prefixes=tuple(raw["strip_prefixes"]),
        strip_words=tuple(raw["strip_words"]),
        alias_of=alias_of,
        aliases=tuple(aliases),
        related=tuple(tuple(g) for g in raw["related"]),
        combined_scope=tuple(raw["combined_scope"]),
        lower_better=tuple(raw["lower_better"]),
        generic=frozenset(raw["generic"]),
        context_stop=frozenset(stop),
        vague=frozenset(raw["vague_names"]),
        decrease=tuple(raw["decrease_words"]),
        lead_verbs=tuple(sorted(raw["lead_verbs"], key=len, reverse=True)),
        counters=frozenset(raw["counters"]),
        object_stop=tuple(sorted(raw["object_stop"], key=len, reverse=True)),
        missed=tuple(raw["missed_words"]),
        money_words=tuple(sorted(raw["money_words"], key=len, reverse=True)),
        figure=re.compile(
            r"\d[\d.,，]*\s*[万亿千百十]*\s*(?:"
            + "|".join(re.escape(u) for u in sorted(raw["units"], key=len, reverse=True))
            + ")?"
        ),
    )


@dataclass
class Item:
    """A target or a result, with what matching needs: its normalised name and its context."""

    start: int
    end: int
    quote: str
    metric: str
    value: float | None
    value_max: float | None
    unit: str | None
    comparator: str | None
    kind: str | None
    when: str | None  # deadline of a target, period of a result
    context: str = ""
    name: str = ""  # normalised metric
    group: int | None = None  # alias group
    bigrams: frozenset = field(default_factory=frozenset)  # the sentence around the figure
    near: frozenset = field(default_factory=frozenset)  # the comma clause around the figure
    topic: frozenset = field(default_factory=frozenset)  # the lead sentence of its paragraph
    near_text: str = ""
    tail: str = ""  # words right after the figure: the noun of 7个现代牧场 follows its number
    decrease: bool = False  # 下降3%: the value is the size of a fall
    counted: frozenset = field(default_factory=frozenset)  # what the figure counts or measures, as word pairs
    purpose: frozenset = field(default_factory=frozenset)  # what a sum of money is for, as word pairs
    raw: dict = field(default_factory=dict)

    @property
    def signed(self) -> float | None:
        return None if self.value is None else (-self.value if self.decrease else self.value)

    @property
    def family(self) -> str:
        if self.kind == "growth":
            return "growth"
        if self.kind == "rank":
            return "rank"
        if self.kind == "share" or self.unit == "%":
            return "share"
        return "level"


def _alias_group(name: str, lex: _Lexicon) -> int | None:
    if name in lex.alias_of:
        return lex.alias_of[name]
    for alias, group in lex.aliases:
        # A longer name that contains a known alias (区本级固定资产投资), or ends with one:
        # Chinese noun phrases end with their head (注重功能、布局和景观相协调公厕 is a 公厕).
        if (len(alias) >= 4 and alias in name) or (len(alias) >= 2 and name.endswith(alias)):
            return group
    return None


def _bigrams(text: str, lex: _Lexicon) -> frozenset:
    grams = set()
    for run in _CJK.findall(lex.figure.sub(" ", text)):
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(grams - lex.context_stop)


def _window(text: str, start: int, end: int, before: int = 40, after: int = 20, boundary: re.Pattern = _BOUNDARY) -> str:
    """The text around an item: back to the previous boundary (at most ``before`` chars) and
    on to the next (at most ``after`` chars)."""
    lo = max(0, start - before)
    seg = text[lo:start]
    cut = max((m.end() for m in boundary.finditer(seg)), default=0)
    hi = min(len(text), end + after)
    tail = text[end:hi]
    m = boundary.search(tail)
    return text[lo + cut : end + (m.start() if m else len(tail))]


def _topic(text: str, start: int) -> str:
    """The lead sentence of the item's paragraph when it is short, as headings-in-text are
    (四是全力推进棚户区改造工程。): it names what the whole paragraph is about."""
    para = text.rfind("\n", 0, start) + 1
    m = _BOUNDARY.search(text, para, min(len(text), para + 40))
    if not m or m.start() >= start:
        return ""
    return _ENUMERATOR.sub("", text[para : m.start()].strip())


def _names_nothing(name: str, lex: _Lexicon) -> bool:
    """A stripped metric that cannot identify a figure: none (努力完成4000户), a generic
    measure (同比增长), or a vague word alone (改造任务 -> 改造, 投资)."""
    return len(name) < 2 or name in lex.generic or name in lex.vague


def _work_name(clause: str, lex: _Lexicon) -> str:
    """The piece of work a clause names (实施棚户区改造 -> 棚户区改造), or "" when it names none
    or holds a figure of its own (whose metric it is)."""
    s = _BRACKETS.sub("", _ENUMERATOR.sub("", clause.strip())).strip(" \u3000\t\r\n“”\"")
    if re.search(r"\d", s):
        return ""
    changed = True
    while changed:
        changed = False
        for verb in lex.lead_verbs:
            if s.startswith(verb):
                s, changed = s[len(verb) :], True
    s = s[-14:]
    return s if len("".join(_CJK.findall(s))) >= 2 and not _names_nothing(_strip(s, lex), lex) else ""


# A line this short between paragraphs is a heading (（三）实施棚户区改造): it names the work
# of the paragraph under it.
_HEADING_LINE = 30


def context_name(text: str, start: int, word: str = "") -> str:
    """The metric a figure at ``start`` takes from its context when its own clause names none,
    as the extractor does for tasks: the clause before it in its paragraph (实施棚户区改造，努力
    完成4000户), else the paragraph's lead sentence (四是全力推进棚户区改造工程。…), else a heading
    line just before the paragraph. With ``word`` (the vague name the figure has: 改造 of
    8008户改造任务), only a piece of work that contains it. "" when none names one."""
    lex = lexicon()
    para = text.rfind("\n", 0, start) + 1
    clauses = _CLAUSE.split(text[para:start])[:-1]  # the last piece is the figure's own clause
    before = text[: max(0, para - 1)].rstrip("\r\n \u3000\t")
    line = before[before.rfind("\n") + 1 :].strip()
    heading = line.rstrip("。；;：:") if 0 < len(line) <= _HEADING_LINE and not _BOUNDARY.search(line[:-1]) else ""
    for clause in [*reversed(clauses[-2:]), _topic(text, start), heading]:
        name = _work_name(clause, lex)
        if name and word in name:
            return name
    return ""


def _counted(metric: str, tail: str, unit: str | None, lex: _Lexicon) -> frozenset:
    """What a figure counts or measures, as word pairs: for a count (17个片区) the noun after the
    measure word, else the metric; words that name no thing (项目, 建设, 投资) left out; a noun of
    one character stands for itself (县), and when nothing else is left, the thing's last word
    (项目). Money, shares and counts of people or households name what they count elsewhere:
    empty."""
    if unit is None or unit in ("%", "‰", "人", "户", "人次", "倍", "个百分点") or "元" in unit:
        return frozenset()
    phrase = tail if unit in lex.counters and tail else metric
    phrase = _BRACKETS.sub("", phrase)
    for verb in lex.lead_verbs:
        if phrase.startswith(verb):
            phrase = phrase[len(verb) :]
            break
    last = "".join(_CJK.findall(phrase))[-2:]
    for word in lex.object_stop:
        phrase = phrase.replace(word, " ")
    runs = _CJK.findall(lex.figure.sub(" ", phrase))
    grams = {run[i : i + 2] for run in runs for i in range(len(run) - 1)} - lex.context_stop
    if grams:
        return frozenset(grams)
    if runs:  # a noun of one character: 592个县, 28个省
        return frozenset([runs[-1]])
    return frozenset([last]) if len(last) == 2 else frozenset()  # only a word such as 项目


def _distribute(items: list[dict]) -> list[dict]:
    """Split a target that one 均 gives to several listed names into one target per name; each
    starts where its name does, so its offsets still point into the report."""
    out = []
    for raw in items:
        quote = raw.get("quote") or ""
        m = _SHARED.match(quote)
        if not m or raw.get("start") is None:
            out.append(raw)
            continue
        offset = 0
        for name in m.group("names").split("、"):
            part = dict(raw, metric=name.strip(), start=int(raw["start"]) + offset)
            part["quote"] = quote[offset:]
            out.append(part)
            offset += len(name) + 1
    return out


def prepare(items: list[dict], *, text: str | None = None, tasks: dict | None = None, when_key: str) -> list[Item]:
    """Items sorted by position, generic names (同比增长) inherited from the figure before them
    in the same clause, and a context string from the report text (or the item's task)."""
    lex = lexicon()
    out: list[Item] = []
    for raw in sorted(items, key=lambda d: (d.get("start") or 0, d.get("end") or 0)):
        start, end = int(raw.get("start") or 0), int(raw.get("end") or 0)
        quote = raw.get("quote") or (text[start:end] if text else "")
        metric = (raw.get("metric") or "").strip()
        if _strip(metric, lex) in lex.generic or metric in lex.generic:
            prev = out[-1] if out else None
            gap = text[prev.end : start] if (prev and text is not None) else None
            if prev and prev.end <= start and (
                (gap is not None and len(gap) <= 12 and not _BOUNDARY.search(gap)) or (gap is None and start - prev.end <= 6)
            ):
                metric = prev.metric
        topic = tail = ""
        around, at = None, -1  # a text the figure stands in, and where
        if text is not None:
            tail = _TAIL.split(text[end : end + 12], maxsplit=1)[0]
            context = _window(text, start, end)
            near = _window(text, start, end, 30, 20, _CLAUSE)
            topic = _topic(text, start)
            if not quote or text.startswith(quote, start):  # a target written by hand has no place in the text
                around, at = text, start
        elif tasks and raw.get("task") is not None and str(raw.get("task")) in tasks:
            context = near = tasks[str(raw["task"])]
            around, at = context, context.find(quote) if quote else -1
        else:
            context = near = quote
        name = _strip(metric, lex)
        if _names_nothing(name, lex) and around is not None and at >= 0:
            # 实施棚户区改造，努力完成4000户: the work named before the figure is its metric; a
            # vague name (改造任务) takes only a piece of work that names it (棚户区改造工程)
            lent = context_name(around, at, "" if name in lex.generic else name)
            if lent:
                metric, name = lent, _strip(lent, lex)
        head = quote[: lex.figure.search(quote).start()] if lex.figure.search(quote) else quote
        out.append(
            Item(
                start=start,
                end=end,
                quote=quote,
                metric=metric,
                value=_float(raw.get("value")),
                value_max=_float(raw.get("value_max")),
                unit=raw.get("unit") or None,
                comparator=raw.get("comparator") or None,
                kind=raw.get("kind") or None,
                when=None if raw.get(when_key) is None else str(raw.get(when_key)),
                context=context,
                name=name,
                group=_alias_group(name, lex),
                bigrams=_bigrams(context + " " + metric, lex),
                near=_bigrams(near + " " + metric, lex),
                topic=_bigrams(topic, lex),
                near_text=near,
                tail=tail,
                decrease=any(w in metric or w in head for w in lex.decrease),
                counted=_counted(metric, tail, raw.get("unit") or None, lex),
                purpose=_purpose_of(metric, raw.get("unit") or "", around, at, end - start, lex),
                raw=raw,
            )
        )
    return out


def _float(v) -> float | None:
    try:
        return None if v is None else float(v)
    except (TypeError, ValueError):
        return None


def _name_similarity(a: Item, b: Item) -> float:
    from rapidfuzz import fuzz

    if a.group is not None and a.group == b.group:
        return 1.0
    if not a.name or not b.name:
        return 0.0
    vague = lexicon().vague
    if a.name == b.name:
        return 0.5 if a.name in vague else 1.0  # 投资 = 投资 says little
    short, long_ = sorted((a.name, b.name), key=len)
    if len(short) >= 2 and short in long_:  # 改造 in 棚户区改造 says less than 旅游收入 in 旅游总收入
        return 0.5 if short in vague else 0.65 + 0.3 * len(short) / len(long_)
    score = fuzz.ratio(a.name, b.name) / 100
    if len(short) >= 3:
        score = max(score, 0.9 * fuzz.partial_ratio(short, long_) / 100)
    return score


def _context_similarity(a: Item, b: Item) -> float:
    """How much the wording around two figures agrees: the best of the comma clauses' overlap,
    the sentences' cosine, and how much of the target paragraph's lead sentence the result's
    sentence repeats."""
    scores = [0.0]
    shared = len(a.near & b.near)
    if shared >= 2:  # one shared word (投资) is chance
        scores.append(shared / max(3, min(len(a.near), len(b.near))))
    common = len(a.bigrams & b.bigrams)
    if common >= 2:
        scores.append(common / math.sqrt(len(a.bigrams) * len(b.bigrams)))
    if a.topic and b.bigrams:
        scores.append(0.8 * len(a.topic & b.bigrams) / len(a.topic))
    return min(1.0, max(scores))


def _topic_words(item: Item, lex: _Lexicon) -> set:
    text = item.metric + item.quote + item.near_text
    return {w for group in lex.related for w in group if w in text}


def _related(a: Item, b: Item, lex: _Lexicon) -> bool:
    ta, tb = a.metric + a.quote + a.tail, b.metric + b.quote + b.tail
    for group in lex.related:
        if any(w in ta for w in group) and any(w in tb for w in group):
            return True
    return False


# Two levels in one unit this many times apart are not one measure a year apart.
_APART = 100


def _apart(t: Item, r: Item) -> bool:
    if not t.value or not r.value or t.value <= 0 or r.value <= 0:
        return False
    return max(t.value, r.value) / min(t.value, r.value) >= _APART


def _value_closeness(t: Item, r: Item) -> float:
    if t.unit != r.unit or not t.value or not r.value or t.value <= 0 or r.value <= 0:
        return 0.0
    return max(0.0, 1.0 - abs(math.log10(r.value / t.value)))


@dataclass
class _Candidate:
    score: float
    t: int
    r: int
    how: str  # a key of _TIERS
    name_sim: float
    context_sim: float


# Weights of the evidence; a pair is a match when its names agree well enough, or when the
# wording around it agrees and the unit is the same.
_W_NAME, _W_CONTEXT, _W_UNIT, _W_VALUE = 0.5, 0.25, 0.2, 0.1
_MIN_NAME = 0.65
_MIN_SCORE = 0.45
# Pairs are taken by tier, then by score: a match of the same thing before a figure that counts
# other things (17个片区 / 12个项目), before a related measure (绿化 / 造林).
_TIERS = {"match": 0, "different": 1, "related": 2}


def _candidates(targets: list[Item], results: list[Item]) -> list[_Candidate]:
    lex = lexicon()
    cands = []
    for i, t in enumerate(targets):
        for j, r in enumerate(results):
            if t.family != r.family:
                continue
            ns = _name_similarity(t, r)
            if ns < 0.7 and _topic_words(t, lex) & _topic_words(r, lex):
                ns = 0.7  # both speak of 道路 (or another field word) even if their names differ
            cs = _context_similarity(t, r)
            same_unit = t.unit is not None and t.unit == r.unit
            if same_unit and t.family == "level" and (t.group is None or t.group != r.group):
                if _apart(t, r):
                    continue  # 20元 a head against 136亿元 in all: no measure moves a hundredfold in a year
                if _other_purposes(t, r):
                    continue  # 中央财政安排…赤字 / …用于“三农”的支出: the payer's words pair nothing
            vc = _value_closeness(t, r)
            # Equal values are evidence only when the value is telling: every 全覆盖 is 100 %.
            exact = same_unit and t.value is not None and t.value == r.value and not (t.unit == "%" and t.value in (0, 100))
            score = _W_NAME * ns + _W_CONTEXT * cs + _W_UNIT * same_unit + _W_VALUE * vc + 0.1 * exact
            by_name = ns >= _MIN_NAME and (score >= _MIN_SCORE or ns >= 0.8)
            by_context = same_unit and (cs >= 0.35 or (cs >= 0.2 and (exact or ns >= 0.3)))
            if by_name or by_context:
                how = "different" if same_unit and _counts_other_things(t, r) else "match"
                cands.append(_Candidate(score, i, j, how, ns, cs))
            elif _related(t, r, lex) and (cs >= 0.1 or same_unit):
                cands.append(_Candidate(score, i, j, "related", ns, cs))
    return cands


def _purpose(metric: str, lex: _Lexicon) -> frozenset:
    """What a sum of money is for, as word pairs: its metric without the words of who pays and
    how (中央财政拟安排再就业补助资金 -> 再就业补助)."""
    s = _BRACKETS.sub("", metric)
    for word in lex.money_words:
        s = s.replace(word, " ")
    return frozenset({run[i : i + 2] for run in _CJK.findall(s) for i in range(len(run) - 1)} - lex.context_stop)


def _purpose_of(metric: str, unit: str, around: str | None, at: int, end: int, lex: _Lexicon) -> frozenset:
    """The purpose of a sum of money, from its metric, else from the words of its sentence on
    both sides (投资1亿元，启动实施黑羊站水厂改扩建工程: the purpose follows the sum)."""
    if "元" not in unit:
        return frozenset()
    own = _purpose(metric, lex)
    if own or around is None or at < 0:
        return own
    return _purpose(_window(around, at, at + max(0, end), 40, 40), lex)


def _other_purposes(t: Item, r: Item) -> bool:
    return bool(t.purpose) and bool(r.purpose) and not (t.purpose & r.purpose)


def _counts_other_things(t: Item, r: Item) -> bool:
    """The two figures count or measure different things (17个片区 / 12个项目, 农牧业项目 /
    工业项目, 燃气管道 / 农村道路), though their wording agrees: no pair of words in common."""
    if t.group is not None and t.group == r.group or not t.counted or not r.counted:
        return False
    if t.counted & r.counted:
        return False
    # a noun of one character (县) agrees with a pair of words that holds it (县市)
    singles = [(w, other) for own, other in ((t.counted, r.counted), (r.counted, t.counted)) for w in own if len(w) == 1]
    return not any(w in pair for w, other in singles for pair in other)


def _combined(text: str, lex: _Lexicon) -> bool:
    return any(w in text for w in lex.combined_scope)


def _lower_better(t: Item, lex: _Lexicon) -> bool:
    """Lower is better for a ceiling (控制在…以内), for indicators such as 失业率 and 能耗, and
    for a target phrased as a decrease (its signed value is negative: a larger fall is lower)."""
    return t.comparator == "<=" or t.decrease or any(w in (t.metric or t.quote) for w in lex.lower_better)


def _due_later(t: Item, year: int | None) -> bool:
    if year is None or not t.when:
        return False
    if re.fullmatch(r"\d+y", t.when):  # 3年内: a span that runs beyond the year under review
        return True
    years = [int(y) for y in _YEAR.findall(t.when)]
    return bool(years) and max(years) > year


def _verdict(t: Item, r: Item, how: str, year: int | None) -> tuple[str, str]:
    lex = lexicon()
    if how == "related":
        same_field = _topic_words(t, lex) & _topic_words(r, lex)
        return "unclear", "unit_mismatch" if (same_field and t.unit != r.unit) else "related_measure"
    if how == "different":
        return "unclear", "different_objects"
    if t.unit != r.unit:
        return "unclear", "unit_mismatch"
    said = r.near_text[: max(0, r.near_text.find(r.quote))] + r.quote
    if any(w in said for w in lex.missed) and _name_similarity(t, r) >= _MIN_NAME:
        return "not_met", "stated_not_met"  # only for the same indicator, named: not for a figure paired by its wording
    if t.value is None or r.value is None:
        return "unclear", "no_value"
    lower = _lower_better(t, lex)
    goal = t.signed
    if lower and t.value_max is not None and not t.decrease:
        goal = t.value_max  # a range 3—3.5% as a ceiling: anything up to its top
    got = r.signed
    slack = 0.02 * abs(goal) if t.comparator == "~" else 0.0
    if lower:
        ok = got <= goal + slack
    elif t.comparator == ">":
        ok = got > goal
    else:
        ok = got >= goal - slack
    if ok:
        if _combined(r.quote + r.metric, lex) and not _combined(t.quote + t.metric, lex):
            return "unclear", "mixed_scope"
        return "met", "value_at_or_under_target" if lower else "value_reached"
    if _due_later(t, year):
        return "unclear", "due_later"
    return "not_met", "value_over_target" if lower else "value_short"


def _in_period(r: Item, year: int | None) -> bool:
    if year is None or not r.when:
        return True
    return r.when == str(year)


def match_fulfilment(
    targets: list[dict],
    results: list[dict],
    *,
    year: int | None = None,
    text_y: str | None = None,
    text_y1: str | None = None,
    tasks_y: dict | None = None,
    tasks_y1: dict | None = None,
) -> list[dict]:
    """One verdict per target of year ``year``, judged against the next report's ``results``.

    ``text_y``/``text_y1`` (the reports' texts) or ``tasks_y``/``tasks_y1`` (task id -> text)
    give the wording around each figure; without them only the quotes are compared.
    """
    ts = prepare(_distribute(targets), text=text_y, tasks=tasks_y, when_key="deadline")
    rs = [r for r in prepare(results, text=text_y1, tasks=tasks_y1, when_key="period") if _in_period(r, year)]
    # Matches in the target's unit first: a figure in another unit only stands in when the
    # review gives none in the same unit (400亩大棚 / 大棚320个).
    cands = sorted(
        _candidates(ts, rs), key=lambda c: (_TIERS[c.how], ts[c.t].unit != rs[c.r].unit, -c.score, c.t, c.r)
    )
    chosen: dict[int, _Candidate] = {}
    used: set[int] = set()
    for c in cands:
        if c.how == "related" or c.t in chosen or c.r in used:
            continue
        chosen[c.t] = c
        used.add(c.r)
    # A related measure may inform several targets (and never confirms one): no exclusivity.
    for c in cands:
        if c.t not in chosen and c.how == "related":
            chosen[c.t] = c
    out = []
    for i, t in enumerate(ts):
        c = chosen.get(i)
        row = {
            "target_start": t.start,
            "target_end": t.end,
            "target_quote": t.quote,
            "target_metric": t.metric,
            "target_value": t.value,
            "target_unit": t.unit,
            "target_comparator": t.comparator,
            "target_deadline": t.when,
        }
        if c is None:
            row.update(verdict="not_mentioned", rule="no_result", score=None, result_start=None, result_end=None,
                       result_quote=None, result_metric=None, result_value=None, result_unit=None)
        else:
            r = rs[c.r]
            verdict, rule = _verdict(t, r, c.how, year)
            row.update(
                verdict=verdict,
                rule=rule,
                score=round(c.score, 3),
                result_start=r.start,
                result_end=r.end,
                result_quote=r.quote,
                result_metric=r.metric,
                result_value=r.value,
                result_unit=r.unit,
            )
        out.append(row)
    return out


def aliases_of(name: str) -> list[str]:
    """Other names of the same indicator (地区生产总值 → 生产总值, GDP …), from ``data/metrics.yaml``."""
    raw = yaml.safe_load(resources.files("duban.corpus").joinpath("data/metrics.yaml").read_text(encoding="utf-8"))
    for group in raw["aliases"]:
        if name in group:
            return [str(n) for n in group if n != name]
    return []
