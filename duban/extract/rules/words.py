"""The lexicon's word lists as the rules read them: literal sets, longest-first lookups and
the regexes compiled from them, built once from ``lexicon/*.yaml`` by name. Rule modules
hold no Chinese word list of their own; they ask :func:`words` for these."""

from __future__ import annotations

import re
from functools import cache

from duban.extract.language import Literals, alternation, lexicon
from duban.extract.pattern_facts import required_chars

__all__ = ["RuleWords", "any_of", "words"]


def any_of(names) -> str:
    """A non-capturing regex group matching any of ``names`` (longest first)."""
    return f"(?:{alternation(names)})"


class RuleWords:
    """Compiled once; attribute names say which list of the lexicon each comes from."""

    def __init__(self):
        lex = lexicon()
        self.lex = lex
        c, r = lex.cues, lex.rule_words
        self.w = r
        # comparator
        self.prefix = Literals(lex.comparator_prefix)
        self.held = frozenset(r["held_prefixes"])
        # kind
        self.growth = re.compile(any_of(c["growth_before"]))
        self.level_after = Literals(c["level_after"])
        self.share = re.compile(any_of(c["share_metric"]))
        # reading
        self.count_verb = Literals(c["count_verbs"])
        self.count_verb_any = re.compile(any_of(c["count_verbs"]))
        self.joiners = frozenset(r["list_joiners"])
        self.list_joiners = tuple(r["list_joiners"])  # for str.startswith
        self.joiner_chars = "".join(w for w in r["list_joiners"] if len(w) == 1)
        self.breakers = r["list_breakers"]
        le_not = "".join(r["done_not_after_le"])
        self.done_clause = re.compile(
            rf"{re.escape(r['done_le'])}(?![{re.escape(le_not)}])|{any_of(r['done_words'])}"
            rf"|{re.escape(r['done_already'])}(?=[^\s，,。；;]{{0,3}}{any_of(r['already_verbs'])})")
        self.baseline_year = re.compile(rf"{any_of(r['baseline_words'])}(?:\s*)(?:20\d\d|19\d\d)年")
        self.towards = frozenset(r["towards_words"])
        self.one_units = frozenset(r["one_count_units"])
        self.count_list_joiners = tuple(r["count_list_joiners"])
        self.count_scales = tuple(r["count_scales"])
        self.generic_count_units = frozenset(r["generic_count_units"])
        self.count_adverbs = re.compile(any_of(r["count_verb_adverbs"]) + "$")
        self.modifier = re.compile(rf"{any_of(r['modifier_links'])}?[\u4e00-\u9fff]")
        self.ratio_after = re.compile(rf"的?{any_of(r['ratio_nouns'])}")
        self.property_units = frozenset(r["property_units"])
        self.bound_end = re.compile(any_of(r["bound_words"]) + "$")
        self.age_units = frozenset(r["age_units"])
        self.age_bound = re.compile(rf"{any_of(r['age_bounds'])}?的?[\u4e00-\u9fff]")
        self.ordinal_before = frozenset(r["ordinal_before"])
        self.per_before = frozenset(r["per_before"])
        self.size_class_after = tuple(r["size_class_after"])
        self.extent_after = tuple(r["extent_after"])
        self.policy_units = frozenset(r["policy_units"])
        self.policy_noun = re.compile(f"{any_of(r['policy_prefixes'])}?{any_of(c['policy_nouns'])}")
        self.clause_year = re.compile(rf"\s*(20\d\d|19\d\d)年(?!{any_of(r['year_not_period_after'])})")
        self.implied_units = [(row["unit"], re.compile(row["regex"])) for row in c["implied_units"]]
        # metric
        self.lead = Literals(lex.hedges_leading)
        self.trail = Literals(lex.hedges_trailing + lex.neutral_prefix)
        self.generic_metric = frozenset(c["generic_metrics"])
        self.rank_tail = re.compile(f"{any_of(r['rank_verbs'])}{any_of(r['rank_scopes'])}?{any_of(r['rank_peers'])}?$")
        self.growth_tail = re.compile(f"{any_of(r['growth_qualifiers'])}?{any_of(r['growth_words'])}$")
        self.growth_only = re.compile(f"{any_of(r['growth_only_qualifiers'])}?{any_of(r['growth_only_words'])}")
        self.change_base = re.compile(rf"{any_of(r['change_against'])}(?:{alternation(r['change_bases'])}|\d{{4}}年)")
        self.change_from = re.compile(rf"{any_of(r['change_from'])}(?:\d{{4}}年)?(?:的)?$")
        self.lead_time = re.compile(
            rf"^{any_of(r['deadline_hedges'])}?{any_of(r['deadline_preps'])}?"
            rf"(?:20\d\d年{any_of(r['deadline_year_ends'])}?|[0-9一二两三四五]年内)(?:前)?")
        self.naming_verbs = frozenset(r["naming_verbs"])
        self.bound_suffix = frozenset(r["bound_suffixes"])
        self.leading_bound = re.compile(f"^{any_of(r['leading_bounds'])}?")
        # deadline
        by_name: dict[str, list[str]] = {}
        for row in c["deadline_patterns"]:
            by_name.setdefault(row["name"], []).append(row["regex"])
        self.by_year = re.compile("|".join(f"(?:{rx})" for rx in by_name["by_year"]))
        self.within = [re.compile(rx) for rx in by_name["within_years"]]
        # most sentences name no year: the characters every match needs rule them out at once
        self.by_year_needs = required_chars(self.by_year)
        self.within_needs = [required_chars(rx) for rx in self.within]
        self.deadline_needs = "".join(c for c in self.by_year_needs if all(c in n for n in self.within_needs))


@cache
def words() -> RuleWords:
    return RuleWords()
