"""Quantity mentions: a numeral with its scale word, unit, range and comparator suffix.

Each rule has a name, a pattern and a ``produce`` function (duckling style); the names
travel with every extracted item so any result can say which rule made it. Deciding
whether a quantity is a target, a result or nothing happens later (``rules/target.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from duban.extract.language import LexiconError, Literals, alternation, lexicon
from duban.extract.pattern_facts import first_chars
from duban.extract.rules.numeral import number_pattern, parse_numeral
from duban.extract.rules.words import any_of

__all__ = ["Quantity", "RULES", "VARIANTS", "find_quantities", "quantity_rules"]


@dataclass(slots=True)
class Quantity:
    rule: str
    start: int  # first character of the numeral (or of the phrase for word rules)
    end: int  # last character + 1, comparator suffix included
    value: float
    unit: str
    value_max: float | None = None
    kind: str | None = None  # decided by the unit or the rule; cue words may refine it
    comparator: str | None = None  # from a suffix, 余/多, or the rule itself
    fixed_kind: bool = False  # the rule's kind is final (rank, 两位数)
    chinese: bool = False  # numeral written in Chinese characters
    needs_verb: bool = False
    unit_end: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class QuantityRule:
    name: str
    pattern: re.Pattern
    produce: Callable[[re.Match, str], Quantity | None]


class _Grammar:
    """Regexes compiled once from the lexicon."""

    def __init__(self):
        lex = lexicon()
        self.lex = lex
        self.scale = Literals(lex.scales)
        self.unit = Literals(lex.units)
        r = lex.rule_words
        self.words = r
        self.per_scales = r["per_scales"]
        self.per = re.compile(f"/(?:{any_of(r['per_scales'])}(?={any_of(r['per_scale_units'])}))?"
                              f"(?:{alternation(lex.per_units)})")
        self.suffix = Literals(lex.comparator_suffix)
        self.dash = re.compile(rf"\s?(?:[—–~～-]{{1,2}}|{alternation(r['range_words'])})\s?")
        self.dash_first = frozenset(" —–~～-" + "".join(w[0] for w in r["range_words"]))
        self.more_than = tuple(r["more_than_marks"])
        self.dangling = tuple(r["dangling_scales"])
        # first characters that may follow a Chinese numeral in a quantity
        self.after_chinese = frozenset(w[0] for w in (*lex.units, *lex.scales, *self.more_than))
        # A Chinese numeral counts only before one of them: checked in the pattern, so that
        # the many numeral characters of running text cost no call of the produce function.
        self.number = number_pattern("".join(sorted(self.after_chinese)))
        self.rank_exit = tuple(r["rank_exit"])
        self.rank_sides = r["rank_sides"]
        self.tenths_verbs = re.compile(any_of(r["tenths_verbs"]) + "$")
        self.tenths_prefix = _longest_first(r["tenths_prefix"])
        self.half_prefix = _longest_first(r["half_prefix"])
        self.approx_scales = {k: float(v) for k, v in r["approx_scales"].items()}
        self.percent_words = r["percent_words"]
        # what _produce_number looks up, without attribute chains
        self.scales, self.units, self.suffixes, self.rate_kind = lex.scales, lex.units, lex.comparator_suffix, lex.rate_kind
        # first characters of what may follow a numeral in a quantity
        self.number_follower = self.after_chinese | self.dash_first


_G: _Grammar | None = None


def grammar() -> _Grammar:
    global _G
    if _G is None:
        _G = _Grammar()
    return _G




def _numeral_at(norm: str, pos: int):
    m = grammar().number.match(norm, pos)
    if not m:
        return None
    value = parse_numeral(m.group())
    return None if value is None else (m, value)


def _scale_at(norm: str, pos: int) -> tuple[int, int]:
    g = _G or grammar()
    w = g.scale.word_at(norm, pos)
    return (g.scales[w], pos + len(w)) if w else (1, pos)


def _produce_number(m: re.Match, norm: str) -> Quantity | None:
    g = _G or grammar()
    start, pos = m.span()
    follower = norm[pos:pos + 1]
    # Four numbers in ten (years, list numbers) are followed by nothing a quantity goes on
    # with: they are dropped before anything is looked up.
    if follower not in g.number_follower:
        return None
    token = m.group()
    chinese = not token[0].isascii()
    if chinese:
        if follower not in g.after_chinese:
            return None  # 统一, 一体化: a Chinese numeral not followed by a scale, unit or 多/余
        if not token.strip("零〇"):
            return None  # 零部件, 零就业: 零 alone is never a count
    if start:
        prev = norm[start - 1]
        if prev.isascii() and (prev.isalnum() or prev == "."):
            return None  # PM2.5, 6G, G20, M102, 3.0 version numbers
    scale, pos = _scale_at(norm, pos)
    comparator = None
    if norm.startswith(g.more_than, pos):
        comparator = ">="
        pos += 1
        if scale == 1:
            scale, pos = _scale_at(norm, pos)
    unit = g.unit.word_at(norm, pos)
    unit_end = pos + len(unit)
    value_max = None
    # A range continues after a dash: 10—15个, 4.5%-5%, 2—3万人.
    d = g.dash.match(norm, unit_end) if not chinese and norm[unit_end:unit_end + 1] in g.dash_first else None
    if d:
        n2 = _numeral_at(norm, d.end())
        if n2 and n2[0].group()[0].isascii():
            m2, v2 = n2
            scale2, p2 = _scale_at(norm, m2.end())
            unit2 = g.unit.word_at(norm, p2)
            value = parse_numeral(token)
            if unit2 and (not unit or unit == unit2) and v2 * scale2 > value * (scale if unit else scale2):
                if not unit and scale == 1:
                    scale = scale2
                value_max = _scaled(v2, scale2)
                unit, unit_end = unit2, p2 + len(unit2)
    if not unit and (scale == 1 or chinese or norm[pos:pos + 1] in g.dangling):
        return None  # 10.36百亿亿次/秒: a unit that is not in the lexicon
    value = parse_numeral(token)
    if value is None:
        return None
    if not unit:
        # 减少1000万以上, 25万农村贫困人口 (people implied): the metric names the unit
        end = pos
        suffix = g.suffix.word_at(norm, end)
        if suffix:
            comparator, end = g.suffixes[suffix], end + len(suffix)
        return Quantity("number_scale", start, end, _scaled(value, scale), "", kind="absolute",
                        comparator=comparator, unit_end=pos)
    entry = g.units[unit]
    if not entry.scalable and scale != 1:
        return None
    end = unit_end
    kind = entry.kind
    if norm.startswith("/", end):
        per = g.per.match(norm, end)
        if per:
            per_unit = per.group()
            unit += per_unit
            end = per.end()
            if any(w in per_unit for w in g.per_scales):
                kind = g.rate_kind
    unit_end = end
    suffix = g.suffix.word_at(norm, end)
    if suffix:
        comparator = g.suffixes[suffix]
        end += len(suffix)
    # the fields in order: keywords would double the cost of making one
    return Quantity("number_unit" if value_max is None else "number_range", start, end, _scaled(value, scale), unit,
                    value_max, kind, comparator, False, chinese, entry.needs_verb, unit_end)


def _scaled(value: float, scale: int) -> float:
    """value × scale without binary noise (69.1亿 is 6910000000, not 6909999999.999999)."""
    if scale == 1:
        return value
    product = value * scale
    if value.is_integer() and product < _EXACT:
        return product  # whole numbers below 2**53 multiply without rounding
    return float(Decimal(repr(value)) * scale)


_EXACT = 2.0 ** 53


def _fixed(name: str, value: float, unit: str, kind: str, comparator: str, *, fixed_kind: bool = True):
    def produce(m: re.Match, norm: str) -> Quantity | None:
        end = m.end()
        comp = comparator
        suf = grammar().suffix.match(norm, end)
        if suf:
            comp = grammar().lex.comparator_suffix[suf.group()]
            end = suf.end()
        return Quantity(name, m.start(), end, value, unit, kind=kind, comparator=comp, fixed_kind=fixed_kind, unit_end=m.end())

    return produce


def _with_prefix(prefix: str, produce):
    """Start the quantity at an optional word before the match (动态清零)."""

    def wrapped(m: re.Match, norm: str) -> Quantity | None:
        q = produce(m, norm)
        if q is not None and m.start() >= len(prefix) and norm.startswith(prefix, m.start() - len(prefix)):
            q.start -= len(prefix)
        return q

    return wrapped


def _produce_rank_position(m: re.Match, norm: str) -> Quantity | None:
    value = parse_numeral(m.group("n"))
    if value is None:
        return None
    g = grammar()
    comparator = g.rank_sides[m.group("side")]
    if comparator != "<=" and any(w in norm[max(0, m.start() - 8):m.start()] for w in g.rank_exit):
        comparator = ">"  # 退出后10位: leaving the last places is strictly more
    return Quantity("rank_position", m.start(), m.end(), value, "位", kind="rank", comparator=comparator,
                    fixed_kind=True, unit_end=m.end())


def _produce_rank_top(m: re.Match, norm: str) -> Quantity | None:
    s = m.start("top")
    return Quantity("rank_top", s, m.end(), 1.0, "位", kind="rank", comparator="=", fixed_kind=True, unit_end=m.end())


def _longest_first(table: dict) -> dict:
    return dict(sorted(table.items(), key=lambda kv: -len(kv[0])))


def _pre_word(norm: str, start: int, words: dict) -> str:
    """The longest of ``words`` that ends right before ``start`` (超过 before 超)."""
    for w in words:  # longest first
        if start >= len(w) and norm.startswith(w, start - len(w)):
            return w
    return ""


def _produce_tenths(m: re.Match, norm: str) -> Quantity | None:
    value = parse_numeral(m.group("n"))
    if value is None:
        return None
    end = m.end()
    table = grammar().tenths_prefix
    pre = _pre_word(norm, m.start(), table)
    comp = table.get(pre)
    suf = grammar().suffix.match(norm, end)
    if suf:
        comp = grammar().lex.comparator_suffix[suf.group()]
        end = suf.end()
    if comp is None and not pre:
        # 两成 alone is a count only with a verb of change or share before it
        before = norm[max(0, m.start() - 4):m.start()]
        if not grammar().tenths_verbs.search(before):
            return None
    start = m.start("n")
    return Quantity("tenths", start, end, value * 10, "%", kind="share", comparator=comp or "=", chinese=True,
                    unit_end=m.end())


def _produce_bare_scale(m: re.Match, norm: str) -> Quantity | None:
    """超千亿元, 超万亿元: a scale word standing for one of itself."""
    unit_m = grammar().unit.match(norm, m.end())
    if unit_m is None:
        return None
    end = unit_m.end()
    comp = None
    suf = grammar().suffix.match(norm, end)
    if suf:
        comp = grammar().lex.comparator_suffix[suf.group()]
        end = suf.end()
    return Quantity("bare_scale", m.start("scale"), end, float(grammar().lex.scales[m.group("scale")]), unit_m.group(),
                    kind=grammar().lex.units[unit_m.group()].kind, comparator=comp, chinese=True, unit_end=unit_m.end())


def _produce_scale_approx(m: re.Match, norm: str) -> Quantity | None:
    """千余家, 百余家, 万余人: a round scale with 余 (at least that many)."""
    unit_m = grammar().unit.match(norm, m.end())
    if unit_m is None or not grammar().lex.units[unit_m.group()].scalable:
        return None
    value = grammar().approx_scales[m.group("scale")]
    return Quantity("scale_approx", m.start(), unit_m.end(), value, unit_m.group(),
                    kind=grammar().lex.units[unit_m.group()].kind, comparator=">=", chinese=True, unit_end=unit_m.end())


def _produce_percent_words(m: re.Match, norm: str) -> Quantity | None:
    """百分之五 / 千分之三: a percentage written in words."""
    n = m.group("n")
    value = parse_numeral(n.replace("点", ".")) if n[0].isascii() else _words_value(n)
    if value is None:
        return None
    unit = grammar().percent_words[m.group("per")]
    end = m.end()
    comp = None
    suf = grammar().suffix.match(norm, end)
    if suf:
        comp = grammar().lex.comparator_suffix[suf.group()]
        end = suf.end()
    return Quantity("percent_words", m.start(), end, value, unit, kind="share", comparator=comp,
                    chinese=not n[0].isascii(), unit_end=m.end())


def _words_value(n: str) -> float | None:
    if "点" in n:
        whole, _, frac = n.partition("点")
        w = parse_numeral(whole) if whole else 0.0
        digits = "".join(str("零一二三四五六七八九".index(c)) for c in frac if c in "零一二三四五六七八九")
        return None if w is None or not digits else float(f"{int(w)}.{digits}")
    return parse_numeral(n)


def _produce_half(m: re.Match, norm: str) -> Quantity | None:
    table = grammar().half_prefix
    pre = _pre_word(norm, m.start(), table)
    return Quantity("half", m.start() - len(pre), m.end(), 50.0, "%", kind="share", comparator=table.get(pre, "="),
                    chinese=True, unit_end=m.end())


_CN_SMALL = "一二两三四五六七八九十"

RULES: list[QuantityRule] = []


def _chars(words) -> str:
    """A regex class of single characters (for a lookbehind, which needs a fixed width)."""
    if not all(len(w) == 1 for w in words):
        raise LexiconError(f"lexicon/rule_words.yaml: {list(words)} must be single characters")
    return "[" + re.escape("".join(words)) + "]"


# Names a rule gives to what it produces besides its own: number_unit reads ranges
# (10—15个) and figures whose unit the metric names (减少1000万).
VARIANTS = {"number_unit": ("number_range", "number_scale")}


def quantity_rules() -> list[QuantityRule]:
    """The quantity rules, in the order they are tried (compiled from the lexicon once)."""
    if RULES:
        return RULES
    r = lexicon().rule_words
    RULES.extend([
        QuantityRule("number_unit", grammar().number, _produce_number),
        # Both patterns start with a literal class, which the regex engine finds fast; a
        # lookbehind first would be tried at every position of the text.
        QuantityRule("bare_scale", re.compile(rf"{_chars(r['bare_scale_before'])}(?P<scale>{alternation(r['bare_scales'])})"
                                      rf"(?={any_of(r['bare_scale_units'])})"), _produce_bare_scale),
        QuantityRule("scale_approx", re.compile(rf"(?P<scale>{alternation(r['approx_scales'])})"
                                                rf"(?<![\d零〇{_CN_SMALL}百千万亿].)余"), _produce_scale_approx),
        QuantityRule("percent_words", re.compile(rf"(?P<per>{alternation(r['percent_words'])})"
                                         rf"(?P<n>\d+(?:\.\d+)?|[零{_CN_SMALL}百点]+)"), _produce_percent_words),
        QuantityRule("coverage", re.compile(r"全覆盖"), _fixed("coverage", 100.0, "%", "share", "=")),
        QuantityRule("cleared", re.compile(r"清零"), _with_prefix("动态", _fixed("cleared", 0.0, "个", "absolute", "="))),
        QuantityRule("double_digit", re.compile(r"两位数"), _fixed("double_digit", 10.0, "%", "growth", ">=")),
        QuantityRule("doubling", re.compile(r"翻(?:一)?番"), _fixed("doubling", 2.0, "倍", "other", ">=")),
        QuantityRule("rank_position", re.compile(rf"(?P<side>{alternation(r['rank_sides'])})(?P<n>\d+|[{_CN_SMALL}]+)"
                                         rf"{any_of(r['rank_units'])}"), _produce_rank_position),
        QuantityRule("rank_top", re.compile(rf"{any_of(r['rank_verbs'])}[^，。；,;:：\s“”]{{0,12}}?"
                                    rf"(?P<top>{alternation(r['rank_top_words'])})"), _produce_rank_top),
        # the pattern starts at the numeral (a literal class is found fast); the optional
        # comparator before it is read by produce
        QuantityRule("tenths", re.compile(rf"(?P<n>[{_CN_SMALL[:-1]}])成(?!{_chars(r['tenths_not_before'])})"),
             _produce_tenths),
        QuantityRule("half", re.compile(r"一半"), _produce_half),
    ])
    global _SCAN
    _SCAN = _Scan.of(RULES)
    return RULES


@dataclass(frozen=True)
class _Scan:
    """How find_quantities finds the rules' matches in a text.

    Most rules match almost nowhere, yet a scan of the whole text for a pattern that opens
    with a character class costs as much as a scan for a common one (the class is tested
    at every character). So the rules whose first characters are known share one scan,
    which stops only where one of them matches; each is then tried there alone.
    """

    alone: tuple[int, ...]  # rules scanned by their own pattern
    places: re.Pattern | None  # where one of the other rules matches
    by_first: dict[str, tuple[int, ...]]  # first character -> the other rules that may start with it

    @classmethod
    def of(cls, rules: list[QuantityRule]) -> _Scan:
        alone, shared, by_first = [], [], {}
        for i, rule in enumerate(rules):
            first = first_chars(rule.pattern)
            if first is None or _BACKREF.search(rule.pattern.pattern):  # a backreference needs its group
                alone.append(i)
                continue
            # group names may repeat from one rule to the next, not within one pattern
            shared.append("(?:" + re.sub(r"\(\?P<\w+>", "(?:", rule.pattern.pattern) + ")")
            for c in first:
                by_first[c] = (*by_first.get(c, ()), i)
        if not shared:
            return cls(tuple(alone), None, {})
        # One character is read and the rules are tried from the place before it, so the
        # scan skips to the candidates at C speed, and reports every place, overlapping
        # matches of different rules included.
        first_class = _chars(sorted(by_first))
        places = re.compile(rf"{first_class}(?<=(?={'|'.join(shared)})[\s\S])")
        return cls(tuple(alone), places, by_first)


_SCAN: _Scan | None = None
_BACKREF = re.compile(r"\(\?P=|\\[1-9]")


def find_quantities(norm: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """All quantity mentions in ``norm[start:end]``, overlaps resolved (earliest, then longest)."""
    end = len(norm) if end is None else end
    rules = quantity_rules()
    scan = _SCAN
    found_by_rule: list[list[Quantity]] = [[] for _ in rules]
    for i in scan.alone:
        produce, kept = rules[i].produce, found_by_rule[i]
        for m in rules[i].pattern.finditer(norm, start, end):
            q = produce(m, norm)
            if q is not None and q.end <= end:
                kept.append(q)
    if scan.places is not None:
        # Each rule's matches as its own finditer gives them: in order, none starting
        # inside the one before.
        free = [start] * len(rules)
        by_first = scan.by_first
        for place in scan.places.finditer(norm, start, end):
            p = place.start()
            for i in by_first[norm[p]]:
                if p >= free[i]:
                    m = rules[i].pattern.match(norm, p, end)
                    if m:
                        free[i] = m.end()
                        q = rules[i].produce(m, norm)
                        if q is not None and q.end <= end:
                            found_by_rule[i].append(q)
    # in the order of the rules, as the stable sort of resolve_overlaps breaks ties by it
    return resolve_overlaps([q for qs in found_by_rule for q in qs])


def resolve_overlaps(found: list[Quantity]) -> list[Quantity]:
    """Of overlapping quantities (listed in the order of the rules) the earliest, then the
    longest; a rank reading (前10位) wins over the number it holds."""
    found.sort(key=lambda q: (q.start, -(q.end - q.start)))
    out: list[Quantity] = []
    for q in found:
        if out and q.start < out[-1].end:
            if q.rule.startswith("rank") and out[-1].rule == "number_unit" and out[-1].unit == "位":
                out[-1] = q
            continue
        out.append(q)
    return out
