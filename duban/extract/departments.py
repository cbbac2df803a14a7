"""The department list (``lexicon/departments.yaml``): canonical names and aliases (seeded into
the ledger), the words that mark a department in a list item (suffixes, lead and cooperating
labels), and the narrow remits that the report check judges. One file, one loader, read by
the list-item rule, the report check and the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from duban.extract.lexicon_files import LexiconError, mappings, need, read_yaml, words

__all__ = ["Department", "DepartmentList", "department_list"]

_NAME = "departments.yaml"


@dataclass(frozen=True)
class Department:
    name: str
    aliases: tuple[str, ...]
    remit: str | None = None  # a narrow remit the report check judges (外事, 金融 ...)
    remit_names: tuple[str, ...] = ()  # words that identify the department in a lead parenthetical
    keywords: tuple[str, ...] = ()  # an item it leads is expected to contain one of these


@dataclass(frozen=True)
class DepartmentList:
    suffixes: tuple[str, ...]
    lead_labels: tuple[str, ...]
    cooperating_labels: tuple[str, ...]
    departments: tuple[Department, ...]

    def with_remit(self) -> tuple[Department, ...]:
        return tuple(d for d in self.departments if d.remit)


@cache
def department_list() -> DepartmentList:
    data = read_yaml(_NAME)
    out, seen = [], set()
    for i, e in enumerate(mappings(data.get("departments"), f"lexicon/{_NAME}: departments")):
        where = f"lexicon/{_NAME}: departments[{i}]"
        name = need(e, "name", where)
        if name in seen:
            raise LexiconError(f"{where}: {name} listed twice")
        seen.add(name)
        remit = e.get("remit")
        if remit is not None:
            remit = need(e, "remit", where)
            names = words(e.get("remit_names"), f"{where}.remit_names", strip=True)
            keywords = words(e.get("keywords"), f"{where}.keywords", strip=True)
        else:
            if "keywords" in e or "remit_names" in e:
                raise LexiconError(f"{where}: keywords and remit_names need a remit")
            names = keywords = ()
        aliases = words(e.get("aliases", []), f"{where}.aliases", strip=True)
        out.append(Department(name, aliases, remit, names, keywords))
    return DepartmentList(
        suffixes=words(data.get("suffixes"), f"lexicon/{_NAME}: suffixes"),
        lead_labels=words(data.get("lead_labels"), f"lexicon/{_NAME}: lead_labels"),
        cooperating_labels=words(data.get("cooperating_labels"), f"lexicon/{_NAME}: cooperating_labels"),
        departments=tuple(out),
    )
