"""other: an appendix item led by a department whose remit it does not touch.

"关于轴承产业高质量发展的意见(市地方金融监管局)": a bearing-industry policy led by the
financial regulator is almost certainly a misprinted department. Only departments with a
narrow remit (the remits of lexicon/departments.yaml) are judged.
"""

from __future__ import annotations

import re
from functools import cache

from duban.extract.check._lists import numbered_lists
from duban.extract.check._text import Defect
from duban.extract.check.lexicon import check_lexicon
from duban.extract.language import Literals

__all__ = ["RULES", "check_departments"]

_LEAD = re.compile(r"[（(]([^（）()]{2,30})[）)]\s*[；;。]?\s*$")


def check_departments(text: str, doc: dict | None = None) -> list[Defect]:
    remits = check_lexicon().departments
    names, first_remit = _remit_names()
    remit_of: dict[str, object] = {}  # department -> its first remit in the data file, or None
    out = []
    for lst in numbered_lists(text):
        for m in lst.items:
            body_start = m.start + len(m.marker)
            body = text[body_start : m.end]
            if not _ends_in_bracket(body):
                continue  # most items: no lead department, and no search for one
            lead = _LEAD.search(body)
            if not lead:
                continue
            dept = lead.group(1)
            subject = body[: lead.start()]
            if dept not in remit_of:
                # The first remit that names a part of dept: the least of the names found.
                found = min((first_remit[name] for _, name in names.starts(dept)), default=None)
                remit_of[dept] = None if found is None else remits[found]
            remit = remit_of[dept]
            if remit is not None and not any(k in subject for k in remit.keywords):
                start = body_start + len(body) - len(body.lstrip())
                out.append(
                    Defect(
                        "other",
                        start,
                        body_start + lead.end(1) + 1,
                        f"牵头单位存疑：“{subject.strip()}”与{dept}的职能（{remit.label}）无关",
                        "核对牵头单位",
                        "departments.remit",
                    )
                )
    return out


@cache
def _remit_names():
    """The remits' department names as Literals, and each name's first remit (its index)."""
    first: dict[str, int] = {}
    for k, remit in enumerate(check_lexicon().departments):
        for name in remit.names:
            first.setdefault(name, k)
    return Literals(first), first


def _ends_in_bracket(body: str) -> bool:
    r"""Whether ``body`` ends as a _LEAD match must: a closing bracket, then at most one
    ；;。 among spaces (rstrip strips what \s matches)."""
    tail = body.rstrip()
    if tail[-1:] in ("；", ";", "。"):
        tail = tail[:-1].rstrip()
    return tail[-1:] in ("）", ")")


RULES = [("departments", check_departments)]
