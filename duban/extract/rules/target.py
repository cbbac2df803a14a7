"""Quantities become targets (commitments) or results (past outcomes), with metric,
comparator, kind and deadline or period.

A quantity is read inside its clause (the text between two of ，；。：). What decides:
- where it stands: a review passage gives results, a plan passage targets
  (``structure.analyse`` tells which), a sentence in the plan that speaks of an earlier
  year gives a result;
- what is around it: a number inside quotes or a title (“三百”工程, 《…》) is a name, 第N is
  an ordinal, a quantity followed by 的/a noun while another quantity closes the clause is
  a threshold inside the metric (过亿元项目230个, 3岁以下婴幼儿托位3000个);
- the words before it: comparators (不低于, 突破, 近), growth cues (增长, 年均), share cues
  (率, 占比), deadlines (到2025年, 3年内).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from duban.extract.language import Literals, alternation, lexicon
from duban.extract.markers import ARABIC, CIRCLED, PAREN_ARABIC
from duban.extract.rules.quantity import Quantity, find_quantities
from duban.extract.structure import Block, Layout

__all__ = ["Mention", "read_block"]

_CLAUSE_DELIMS = "，,；;。：:！!？?\n（()）"
_SENTENCE_DELIMS = "。；;！!？?\n"
_LIST_JOINERS = ("、", "和", "及", "与", "以及")
# Chinese 一 makes a count only with units of physical things (建设一座公园), never in 一批/一项.
_ONE_UNITS = {"座", "条", "所", "处", "栋", "幢", "家", "台", "个"}
_QUOTES = re.compile(r"“[^“”\n]{1,40}”|《[^《》\n]{1,80}》|\"[^\"\n]{1,40}\"|「[^「」\n]{1,40}」")
_PAST_CLAUSE = re.compile(r"了(?![解结却])|已经|已(?=[^\s，,。；;]{0,3}(?:完成|建成|达到|实现|开工|启动))")
_ITEM_MARK = re.compile(rf"\s*(?:{ARABIC}|{PAREN_ARABIC}|{CIRCLED})\s*")
_LEAD_TIME = re.compile(r"^(?:力争|确保|争取)?(?:到|至|在)?(?:20\d\d年(?:底|末|前|内)?|[0-9一二两三四五]年内)(?:前)?")
_BASELINE_YEAR = re.compile(r"(?:比|较|与|同|从|相比|对比)(?:\s*)(?:20\d\d|19\d\d)年")


@dataclass
class Mention:
    """A quantity read in context: a target when ``is_result`` is False."""

    q: Quantity
    start: int
    end: int
    metric: str
    comparator: str
    kind: str
    when: str | None  # deadline of a target / period of a result
    is_result: bool
    sentence: tuple[int, int]
    rule: str


class _Words:
    def __init__(self):
        lex = lexicon()
        self.lex = lex
        c = lex.cues
        self.prefix = Literals(lex.comparator_prefix)
        self.growth = re.compile(f"(?:{alternation(c['growth_before'])})")
        self.level_after = Literals(c["level_after"])
        self.share = re.compile(f"(?:{alternation(c['share_metric'])})")
        self.count_verb = Literals(c["count_verbs"])
        self.count_verb_any = re.compile(f"(?:{alternation(c['count_verbs'])})")
        self.lead = Literals(lex.hedges_leading)
        self.trail = Literals(lex.hedges_trailing + lex.neutral_prefix)
        self.generic_metric = frozenset(lex.cues["generic_metrics"])
        self.rank_tail = re.compile(r"(?:稳居|位居|居于|位列|排名|排在|居|列)(?:全国|全省|全市|全球|世界|中部|西部|东部)?"
                                    r"(?:各城市|城市|同类城市|各省)?$")
        self.implied_units = [(row["unit"], re.compile(row["regex"])) for row in c["implied_units"]]
        self.policy_noun = re.compile(f"(?:配套)?(?:{alternation(c['policy_nouns'])})")
        self.change = self.level_after
        by_name: dict[str, list[str]] = {}
        for row in c["deadline_patterns"]:
            by_name.setdefault(row["name"], []).append(row["regex"])
        self.by_year = re.compile("|".join(f"(?:{r})" for r in by_name["by_year"]))
        self.within = [re.compile(r) for r in by_name["within_years"]]


_W: _Words | None = None


def _words() -> _Words:
    global _W
    if _W is None:
        _W = _Words()
    return _W


class _Marks:
    """Positions of delimiter characters in one paragraph, for quick clause/sentence bounds."""

    _classes: dict[str, re.Pattern] = {}

    def __init__(self, norm: str, lo: int, hi: int, delims: str):
        self.lo, self.hi = lo, hi
        rx = self._classes.get(delims)
        if rx is None:
            rx = self._classes[delims] = re.compile(f"[{re.escape(delims)}]")
        self.pos = [m.start() for m in rx.finditer(norm, lo, hi)]

    def last(self, at: int) -> int:
        """Index just after the last delimiter before ``at``, or the paragraph start."""
        i = bisect_left(self.pos, at)
        return self.pos[i - 1] + 1 if i else self.lo

    def next(self, at: int) -> int:
        """Index of the first delimiter at or after ``at``, or the paragraph end."""
        i = bisect_left(self.pos, at)
        return self.pos[i] if i < len(self.pos) else self.hi


def _last_delim(norm: str, lo: int, hi: int, delims: str) -> int:
    """Index just after the last delimiter in norm[lo:hi], or lo."""
    return max(lo, max(norm.rfind(d, lo, hi) for d in delims) + 1)


def _next_delim(norm: str, lo: int, hi: int, delims: str) -> int:
    """Index of the first delimiter in norm[lo:hi], or hi."""
    found = [i for i in (norm.find(d, lo, hi) for d in delims) if i >= 0]
    return min(found) if found else hi


def _clean_metric(s: str) -> str:
    w = _words()
    s = re.sub(r"\s+", "", s)
    for _ in range(4):
        before = s
        s = w.lead.strip_start(s)
        s = s.lstrip("，,、；;：:")
        if s == before:
            break
    for _ in range(4):
        before = s
        s = w.trail.strip_end(s)
        if s == before:
            break
    s = s.strip("，,、；;：: ")
    if s.count("“") != s.count("”"):
        s = s.strip("“”")
    return s[-24:] if len(s) > 24 else s


def _strip_growth(metric: str) -> str:
    return re.sub(r"(?:年均|同比|比上年|较上年)?(?:增长|增速|增幅|下降|提高|减少)$", "", metric)


def _deadline(norm: str, sent_start: int, q_start: int, year: int | None, default: str | None) -> str | None:
    w = _words()
    head = norm[sent_start:q_start]
    found: str | None = None
    for m in w.by_year.finditer(head):
        y = int(next(g for g in m.groups() if g))
        if _BASELINE_YEAR.search(head[max(0, m.start() - 3):m.end()]):
            continue
        if year is None or y >= year:
            found = str(y)
    spans = sorted((m.start(), m.group(1)) for rx in w.within for m in rx.finditer(head))
    if spans:
        n = spans[-1][1]
        found = f"{int(n) if n.isdigit() else _cn_count(n)}y"
    return found or default


def _cn_count(n: str) -> int:
    return {"两": 2}.get(n, "一二三四五六七八九十".index(n) + 1 if n in "一二三四五六七八九十" else 0)


def _past_year(norm: str, sent_start: int, q_start: int, year: int | None) -> str | None:
    """An earlier year that the plan sentence speaks of (then the number is a result)."""
    if not year:
        return None
    head = norm[sent_start:q_start]
    for m in re.finditer(r"(20\d\d)年", head):
        y = int(m.group(1))
        if y < year and not _BASELINE_YEAR.search(head[max(0, m.start() - 3):m.end()]) \
                and head[max(0, m.start() - 1):m.start()] not in ("到", "至"):
            return str(y)
    return None


def read_block(layout: Layout, block: Block, quants: list[Quantity] | None = None) -> list[Mention]:
    """Targets and results of one logical paragraph (``quants``: its quantities, when the
    caller found them for the whole text at once)."""
    norm = layout.view.norm
    w = _words()
    b0, b1 = block.start, block.end
    if quants is None:
        quants = find_quantities(norm, b0, b1)
    out: list[Mention] = []
    if not quants:
        return out
    kept: list[Quantity] = []
    quotes = [m.span() for m in _QUOTES.finditer(norm, b0, b1)]
    head_end = 0
    sec = layout.section(block.section)
    if sec is not None and sec.start == b0 and sec.level <= 2:
        head_end = sec.head_end
    item_end = b0
    if block.list_section:
        im = _ITEM_MARK.match(norm, b0, b1)
        if im:
            item_end = im.end()
    clauses = _Marks(norm, b0, b1, _CLAUSE_DELIMS)
    sentences = _Marks(norm, b0, b1, _SENTENCE_DELIMS)
    clause_of = {id(q): (clauses.last(q.start), clauses.next(q.end)) for q in quants}
    drop = _thresholds(norm, quants, clause_of)
    for q in quants:
        if id(q) in drop or q.start < max(head_end, item_end) or _names_something(norm, q, quotes, b0):
            continue
        raw_cs, ce = clause_of[id(q)]
        cs = max(raw_cs, item_end)
        before = norm[max(cs, q.start - 6):q.start]
        prefix_m = w.prefix.ending(before)
        prev_q = kept[-1] if kept and clause_of[id(kept[-1])][0] == raw_cs else None
        gap = norm[prev_q.end:q.start] if prev_q is not None else ""
        if prev_q is None and kept and not norm[cs:q.start].strip() and \
                sentences.last(kept[-1].start) == sentences.last(q.start):
            # 建设一座公园——…，一条景观环路: the verb of the sentence carries on to this clause
            prev_q, gap = kept[-1], "、"
        listed = prev_q is not None and gap.strip() in ("、", "和", "及", "与", "以及")  # 95%、30%、60%
        if q.chinese and q.rule == "number_unit" and not _chinese_count_ok(norm, q, cs, prev_q, gap, prefix_m):
            continue
        if q.needs_verb and not w.count_verb.ending(norm[max(cs, q.start - 6):q.start]):
            continue
        is_result = block.part == "review"
        clause = norm[cs:ce]
        when = block.period if is_result else None
        sent_start = sentences.last(q.start)
        if not is_result:
            if _PAST_CLAUSE.search(clause):
                continue  # a plan sentence telling what was done is neither
            past = _past_year(norm, sent_start, q.start, layout.year)
            if past:
                is_result, when = True, past
        kept.append(q)
        # the span: from the clause start, or after the previous quantity listed in the clause
        span_start = cs
        if prev_q is not None and prev_q.end > cs:
            sep = _next_delim(norm, prev_q.end, q.start, "、和及与")
            span_start = sep + 1 if sep < q.start else prev_q.end
        while span_start < q.start and norm[span_start] in " \t\r\n　":
            span_start += 1
        comparator = q.comparator
        pre = norm[span_start:q.start]
        if prefix_m and not comparator:
            comparator = w.lex.comparator_prefix[prefix_m.group()]
            if is_result and prefix_m.group() == "控制在":
                comparator = "="  # an outcome held at a level is reported, not bounded
        metric_pre = pre[: len(pre) - len(prefix_m.group())] if prefix_m and pre.endswith(prefix_m.group()) else pre
        if not comparator and listed and prev_q is not None and out and not metric_pre.strip("、和及与 "):
            comparator = out[-1].comparator
        comparator = comparator or "="
        kind = _kind(q, metric_pre, out[-1] if (prev_q is not None and out and out[-1].q is prev_q) else None)
        later = [o for o in quants if q.end <= o.start < ce]
        metric = _metric(norm, q, metric_pre, ce, later,
                         out[-1] if out and out[-1].sentence[0] == sent_start else None, kind,
                         _topic(norm, sent_start, raw_cs))
        if not q.unit:
            q.unit = _implied_unit(metric)
            if not q.unit:
                kept.pop()
                continue
        if re.match(r"(?:比|较)(?:去年|上年|上一年|年初|\d{4}年)", metric) and out and out[-1].sentence[0] == sent_start:
            metric = (_strip_growth(out[-1].metric) + metric)[-24:]  # 专项债券2.15万亿元，比去年增加8000亿元
        if is_result:
            when = _clause_year(norm, raw_cs, q.start, layout.year) or when or (
                str(layout.year - 1) if layout.year else None)
        else:
            when = _deadline(norm, sent_start, q.start, layout.year, block.horizon)
        out.append(Mention(q=q, start=span_start, end=q.end, metric=metric, comparator=comparator, kind=kind,
                           when=when, is_result=is_result,
                           sentence=(sent_start, sentences.next(q.end)), rule=q.rule))
    return out


def _thresholds(norm: str, quants: list[Quantity], clause_of: dict) -> set[int]:
    """Quantities that qualify a noun while another quantity of the clause counts it
    (过亿元项目230个, 3岁以下婴幼儿托位3000个); with 25%以上的行政村年收入超50万元 the share is
    the target and the other figure defines it."""
    drop: set[int] = set()
    for q in quants:
        others = [o for o in quants if o is not q and clause_of[id(o)] == clause_of[id(q)]]
        if not others:
            continue
        after = norm[q.end:q.end + 2]
        modifies = bool(re.match(r"(?:内|的)?[\u4e00-\u9fff]", after)) and not after.startswith(_LIST_JOINERS) \
            and not re.match(r"的?(?:比例|比重|占比)", after)
        if not modifies:
            continue
        if q.unit in ("%", "‰") and norm[q.end:q.end + 1] == "的":
            drop.update(id(o) for o in others if o.start > q.start)
            continue
        entity_count = q.comparator is None and q.kind == "absolute" and q.unit not in ("元", "岁", "米", "公里", "吨")
        bounded = [o for o in others if o.start > q.start and _qualifies(norm[q.end:o.start])
                   and re.search(r"(?:超过|超|过|达到|达|突破|以上)$", norm[q.end:o.start])]
        if entity_count and bounded:
            # 191家工业企业营业收入超百亿元: the count is the result, the bound defines the firms
            drop.update(id(o) for o in bounded)
            continue
        if any(o.start > q.start and _qualifies(norm[q.end:o.start]) for o in others) or \
                any(o.start < q.start and re.fullmatch(r"\s*", norm[o.end:q.start]) for o in others):
            drop.add(id(q))
    return drop


def _names_something(norm: str, q: Quantity, quotes: list[tuple[int, int]], block_start: int) -> bool:
    """A number that is part of a name, an ordinal, a size class or a bound, not a count."""
    w = _words()
    if q.unit == "岁" and re.match(r"(?:以上|以下|及以上)?的?[\u4e00-\u9fff]", norm[q.end:q.end + 3]) \
            and not w.change.match(norm, q.end):
        return True  # 60岁以上老年人: an age that defines who is counted
    if any(s <= q.start < e and not (s + 1 == q.start and q.end == e - 1) for s, e in quotes):
        return True  # “三百”工程, 《…》 are names; “六连冠” alone in quotes is still the count
    prev_char = norm[q.start - 1] if q.start > block_start else ""
    if prev_char == "第" or (q.rule == "number_unit" and prev_char and prev_char in "每逐"):
        return True  # 第三届, 每人
    if norm[q.end:q.end + 1] == "级" and q.rule != "rank_position":
        return True  # 30万吨级航道, 百亿级产业: a size class
    if norm.startswith(("范围", "半径", "以内的", "内的", "周年"), q.end):
        return True  # 长江沿线1公里范围内: a distance that delimits the work; 30周年
    if q.unit == "条" and w.policy_noun.match(norm, q.end):
        return True  # 28条配套规定: the size of a policy package, not a count of work
    return q.rule == "bare_scale" and re.match(r"[\u4e00-\u9fff]", norm[q.end:q.end + 1]) is not None  # 过亿元项目


def _clause_year(norm: str, clause_start: int, q_start: int, year: int | None) -> str | None:
    """An earlier year named in the clause of a result (五年来…，2017年达到3.8万亿元)."""
    m = re.match(r"\s*(20\d\d|19\d\d)年(?!底前|以来)", norm[clause_start:q_start])
    if m and (year is None or int(m.group(1)) < year):
        return m.group(1)
    return None


def _implied_unit(metric: str) -> str:
    """The unit a bare 1000万 leaves to its metric (贫困人口减少1000万 -> 人), or ""."""
    for unit, pattern in _words().implied_units:
        if pattern.search(metric):
            return unit
    return ""


def _counted_noun(norm: str, q: Quantity, clause_end: int, later: list[Quantity]) -> str:
    """The noun a quantity counts when it stands after the number.

    Its own words run to the clause end, or to the 、 before the next quantity of the
    clause (36个小区的节能改造、45个…); a 、 inside a modifier stays (100个业态先进、拉动效应强的
    服务业项目). A count with no words of its own shares the noun that ends the list
    (8条、12.3公里道路改造; 65条、总长度57.9公里的城市道路改造)."""
    if later:
        gap = norm[q.end:later[0].start]
        own = gap[:gap.rindex("、")] if "、" in gap else gap
    else:
        own = norm[q.end:clause_end]
    own = own.strip()
    if not own.strip("和及与、 ") and later:
        own = norm[later[-1].end:clause_end].strip()
    if "的" in own:
        head, tail = own[:own.rindex("的")], own[own.rindex("的") + 1:]
        # a short head is part of the name (老旧小区的节能改造); a long one is a modifier
        own = head + tail if len(head) <= 6 and "、" not in head else tail
    return own


def _topic(norm: str, sent_start: int, clause_start: int) -> str:
    """The clause before this one in the sentence, as a subject for a generic measure."""
    if clause_start <= sent_start + 1:
        return ""
    prev_start = _last_delim(norm, sent_start, clause_start - 1, _CLAUSE_DELIMS)
    topic = _clean_metric(norm[prev_start:clause_start - 1])
    return "" if re.search(r"\d", topic) else topic[-14:]


def _qualifies(between: str) -> bool:
    """True when the text between two quantities is one noun phrase (a threshold qualifies
    the noun that the second quantity counts), not a list or a change from one to the other."""
    if any(j in between for j in ("、", "和", "及", "与", "并", "从")):
        return False
    return not _words().change.match(between.strip())


def _chinese_count_ok(norm: str, q: Quantity, cs: int, prev_q: Quantity | None, gap: str, prefix_m) -> bool:
    """A count in Chinese numerals (两条风情滨河路) is a commitment only next to a verb of
    building or doing, in a list after another such count, or with a comparator; never the
    idioms 一批, 一项, 两个维护."""
    w = _words()
    if w.lex.units[q.unit].bare_ok:
        return True
    near = re.sub(r"(?:重点|全面|加快)$", "", norm[max(cs, q.start - 6):q.start])
    verb = w.count_verb.ending(near) is not None
    in_list = prev_q is not None and prev_q.chinese and gap.rstrip().endswith(("、", "和", "及"))
    scaled = any(c in norm[q.start:q.end] for c in "万亿")
    if norm[q.start] == "一" and not scaled:
        return q.unit in _ONE_UNITS and q.unit != "个" and (verb or in_list)
    if q.unit in ("个", "项", "件", "次", "批", "种", "类"):
        return verb or in_list or prefix_m is not None or scaled
    return verb or in_list or prefix_m is not None or scaled or w.count_verb_any.search(norm[cs:q.start]) is not None


def _kind(q: Quantity, metric_pre: str, listed_prev: Mention | None) -> str:
    w = _words()
    if q.fixed_kind:
        return q.kind or "other"
    if q.unit in ("%", "‰"):
        text = re.sub(r"\s+", "", metric_pre)
        text = w.level_after.strip_end(text)
        g = [m.end() for m in w.growth.finditer(text)]
        s = [m.end() for m in w.share.finditer(text)]
        if not g and not s and listed_prev is not None and listed_prev.q.unit == q.unit:
            return listed_prev.kind  # 平均压减时间58%、材料52%: the cue carries on
        if g and (not s or max(g) > max(s)):
            return "growth"
        return "share"
    return q.kind or "absolute"


def _metric(norm: str, q: Quantity, metric_pre: str, clause_end: int, later: list[Quantity], prev: Mention | None,
            kind: str, topic: str) -> str:
    """Short name of what is measured: the words before the number, the noun it counts when
    the number stands before it (新建20个城市书房 -> 新建城市书房), and the subject of the
    sentence when the clause names only a generic measure (…景区基础设施建设，投资6.6亿元)."""
    w = _words()
    pre = re.sub(r"(?:由|从)(?:\d{4}年)?(?:的)?$", "", re.sub(r"\s+", "", metric_pre))
    pre = _clean_metric(_LEAD_TIME.sub("", pre))
    if q.fixed_kind and q.kind == "rank":
        pre = _clean_metric(w.rank_tail.sub("", pre))
    verb_only = pre in w.count_verb.words
    growth_only = re.fullmatch(r"(?:年均|同比|比上年)?(?:增长|增速|下降|提高|增加|减少)", pre) is not None
    post = _counted_noun(norm, q, clause_end, later)
    post = _clean_metric(re.sub(r"^(?:以上|以下|左右)?", "", post).strip("和及与、"))
    if verb_only:
        pre = pre if pre.startswith("新") or pre in ("培育", "引进", "招引") else ""
    if growth_only:
        base = _strip_growth(prev.metric) if prev is not None else (post or topic)
        return (base + pre) if base else pre
    if post and not re.fullmatch(r"(?:左右|以上|以下|以内)", post):
        metric = (pre + post)[-24:]
    elif pre:
        metric = pre
    elif prev is not None:
        return _strip_growth(prev.metric) + ("增长" if kind == "growth" and prev.kind != "growth" else "")
    else:
        metric = ""
    if len(metric) <= 2 or metric in w.generic_metric:
        subject = _strip_growth(prev.metric) if prev is not None else topic
        if subject and subject != metric:
            metric = (subject + metric)[-24:]
    return metric
