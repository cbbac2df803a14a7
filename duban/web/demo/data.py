"""The demo's words and mappings (``data/*.yaml``), loaded once and checked against the departments."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

__all__ = ["DemoDataError", "Rule", "assignments", "story"]

DATA = Path(__file__).with_name("data")


class DemoDataError(ValueError):
    """A demo data file is malformed or names a department that does not exist."""


@dataclass(frozen=True)
class Rule:
    words: tuple[str, ...]
    lead: str
    cooperating: tuple[str, ...]

    def matches(self, text: str) -> bool:
        return any(w in text for w in self.words)


def _load(name: str) -> dict:
    path = DATA / name
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise DemoDataError(f"{path}: expected a mapping at the top")
    return data


def _known_departments() -> set[str]:
    from duban.web.ledger.departments import _seed_rows

    return {name for name, _aliases in _seed_rows()}


def _rule(entry, where: str, known: set[str]) -> Rule:
    if not isinstance(entry, dict) or "lead" not in entry:
        raise DemoDataError(f"assignments.yaml {where}: each entry needs a lead (and words, cooperating)")
    names = [entry["lead"], *(entry.get("cooperating") or [])]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise DemoDataError(f"assignments.yaml {where}: unknown department(s) {'、'.join(unknown)}")
    return Rule(tuple(entry.get("words") or ()), entry["lead"], tuple(entry.get("cooperating") or ()))


@cache
def assignments() -> tuple[tuple[Rule, ...], tuple[Rule, ...], Rule]:
    """(rules by words, rules by chapter, default)."""
    data = _load("assignments.yaml")
    known = _known_departments()
    rules = tuple(_rule(e, f"rules[{i}]", known) for i, e in enumerate(data.get("rules") or []))
    chapters = tuple(_rule(e, f"chapters[{i}]", known) for i, e in enumerate(data.get("chapters") or []))
    return rules, chapters, _rule(data.get("default"), "default", known)


@cache
def story() -> dict:
    data = _load("story.yaml")
    for key in ("people", "stages", "narratives", "returns"):
        if key not in data:
            raise DemoDataError(f"story.yaml: missing section {key!r}")
    known = _known_departments()
    unknown = [n for n in data["people"]["reporters"] if n not in known]
    if unknown:
        raise DemoDataError(f"story.yaml people.reporters: unknown department(s) {'、'.join(unknown)}")
    for kind, entry in data["stages"].items():
        if sum(s["weight"] for s in entry["steps"]) <= 0:
            raise DemoDataError(f"story.yaml stages.{kind}: weights must add up to more than 0")
    return data
