"""Lead and co-operating departments of a demo task (``data/assignments.yaml``).

The report's own assignment comes first (附件2 names a department after each policy and
the importer has resolved it); otherwise the first rule whose words occur in the task,
then the task's chapter, then the default.
"""

from __future__ import annotations

from .data import Rule, assignments

__all__ = ["rule_for"]


def rule_for(title: str, text: str, chapter: str) -> Rule:
    """The assignment rule for a task, from its words, else its chapter's title, else the default."""
    rules, chapters, default = assignments()
    body = f"{title}\n{text}"
    for rule in rules:
        if rule.matches(body):
            return rule
    for rule in chapters:
        if rule.matches(chapter):
            return rule
    return default
