"""A year's assessment: every department with tasks, scored by the year's rubric, ranked.

Weights: the manual adjustments keep a fixed weight of 2·cap/100 (so one point of bonus or
penalty is one point of the total); the weighted components that apply to a department share
the rest in proportion to their rubric weights. A department's score is exactly the weighted
sum of its component scores (each 0–100), so it is itself in 0–100. Components that do not
apply (nothing to judge, module not installed, no next-year report) are listed as inactive
with the reason. Nothing is stored: the same facts give the same scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from duban.web.assessment import components as comp
from duban.web.assessment.facts import gather
from duban.web.assessment.rubric import Rubric, rubric_for
from duban.web.ledger.models import Department

__all__ = ["Assessment", "DepartmentScore", "ComponentScore", "assess", "INACTIVE_REASONS"]

INACTIVE_REASONS = {
    "unavailable": _("相关模块未安装"),
    "no_facts": _("本年度没有可评价的事项"),
    "zero_weight": _("权重为0"),
}


@dataclass
class ComponentScore:
    key: str
    score: float  # 0–100, rounded to 2 places
    weight: float  # share of the total, rounded to 6 places
    nominal: float  # the rubric's weight (adjustments: their cap)
    result: comp.Result

    @property
    def label(self) -> str:
        return str(comp.LABELS[self.key])

    @property
    def points(self) -> float:
        return round(self.score * self.weight, 2)

    @property
    def summary(self) -> str:
        return self.result.summary

    def as_json(self) -> dict:
        tasks = sorted({r["task"].pk for r in self.result.rows if r.get("task") is not None})
        return {"score": self.score, "weight": self.weight, "points": self.points, "label": self.label,
                "rubric_weight": self.nominal, "summary": self.summary, "inputs": self.result.inputs, "tasks": tasks}


@dataclass
class DepartmentScore:
    department: Department
    score: float
    rank: int = 0
    components: list[ComponentScore] = field(default_factory=list)
    inactive: dict[str, str] = field(default_factory=dict)  # component -> reason
    tasks: int = 0

    def component(self, key: str) -> ComponentScore | None:
        return next((c for c in self.components if c.key == key), None)

    @property
    def explanation(self) -> str:
        """The 说明 column: each component's score and why, then what was not counted."""
        parts = [f"{c.label} {c.score:g}（{c.summary}）" for c in self.components]
        if self.inactive:
            parts.append(gettext("未计入：") + "、".join(f"{comp.LABELS[k]}（{v}）" for k, v in self.inactive.items()))
        return "；".join(parts)

    def as_json(self) -> dict:
        return {"department": self.department.name, "department_id": self.department.pk, "score": self.score,
                "rank": self.rank, "tasks": self.tasks,
                "components": {c.key: c.as_json() for c in self.components},
                "inactive": dict(self.inactive)}


@dataclass
class Assessment:
    year: int
    rubric: Rubric
    as_of: str
    closed: bool
    departments: list[DepartmentScore]
    unavailable: list[str]  # components of the rubric that cannot run here

    def for_department(self, dept_id: int) -> DepartmentScore | None:
        return next((d for d in self.departments if d.department.pk == dept_id), None)

    @property
    def component_keys(self) -> list[str]:
        return list(self.rubric.components)

    def as_json(self) -> dict:
        return {"year": self.year, "rubric_version": self.rubric.version, "as_of": self.as_of, "closed": self.closed,
                "departments": [d.as_json() for d in self.departments]}


def _score_department(ctx: comp.Context, rubric: Rubric, dept: Department, unavailable: set[str]) -> DepartmentScore:
    results: dict[str, comp.Result] = {}
    inactive: dict[str, str] = {}
    for key, params in rubric.components.items():
        if key in unavailable:
            inactive[key] = str(INACTIVE_REASONS["unavailable"])
            continue
        if key != "adjustments" and not params.get("weight"):
            inactive[key] = str(INACTIVE_REASONS["zero_weight"])
            continue
        res = comp.REGISTRY[key](ctx, dept.pk, params)
        if res is None:
            if key != "adjustments":
                inactive[key] = str(INACTIVE_REASONS["no_facts"])
            continue
        results[key] = res
    cap = rubric.adjustment_cap if "adjustments" in results else 0.0
    adj_weight = 2 * cap / 100
    weighted = {k: rubric.components[k]["weight"] for k in results if k != "adjustments"}
    total_nominal = sum(weighted.values())
    scores = []
    for key, res in results.items():
        if key == "adjustments":
            weight, nominal = adj_weight, cap
        else:
            # With no weighted component at all, the adjustments alone cannot make a score.
            weight, nominal = (1 - adj_weight) * weighted[key] / total_nominal, weighted[key]
        scores.append(ComponentScore(key, round(max(0.0, min(100.0, res.score)), 2), round(weight, 6), nominal, res))
    if not weighted:
        scores = []
    total = round(sum(c.score * c.weight for c in scores), 2)
    return DepartmentScore(dept, total, components=scores, inactive=inactive, tasks=len(ctx.facts.tasks.get(dept.pk, [])))


def _rank(rows) -> None:
    """Competition ranking of rows sorted by score: equal scores share a rank, the next skips (1, 2, 2, 4)."""
    for i, r in enumerate(rows):
        r.rank = rows[i - 1].rank if i and r.score == rows[i - 1].score else i + 1


def assess(year: int) -> Assessment:
    """Score every department that leads a task of ``year``. Raises ``RubricError`` (no usable
    rubric, or a closed year's rubric changed) and ``YearNotStarted``."""
    from duban.web.assessment.models import ClosedYear

    rubric = rubric_for(year)
    facts = gather(year)
    ctx = comp.Context(facts, rubric)
    unavailable = {k for k in rubric.components if not comp.available(k)}
    rows = [_score_department(ctx, rubric, dept, unavailable)
            for dept in sorted(facts.departments.values(), key=lambda d: d.name)]
    rows = [r for r in rows if r.components]
    rows.sort(key=lambda r: (-r.score, r.department.name))
    _rank(rows)
    return Assessment(year, rubric, facts.last_day.isoformat(), ClosedYear.objects.filter(year=year).exists(), rows,
                      sorted(unavailable))


def task_url(task) -> str:
    return reverse("ledger:task_detail", args=[task.pk])
