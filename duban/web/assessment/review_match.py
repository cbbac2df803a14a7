"""Closing the loop: next year's report's review against this year's ledger.

When the report of year Y+1 is imported, its review chapter's results (the extraction's
``results`` with period Y) are matched to the targets of year Y's confirmed report with the
corpus fulfilment matcher (:func:`duban.corpus.fulfil.match_fulfilment`), and each target is
set beside the report's claim, the ledger's last verified figure of year Y and a verdict:

* ``consistent``     – the claim is no better than the verified figure (within the tolerance);
* ``claims_more``    – the report claims more than the ledger verified (less, for a ceiling 以内);
* ``no_verified``    – the report claims a result, the ledger has no verified figure for it;
* ``not_mentioned``  – the review gives no comparable result (none, or only a related measure
                       or one in another unit, which the matcher calls unclear).

Nothing is stored: the pairs are recomputed from the two reports and the ledger's figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from duban.corpus.fulfil import match_fulfilment
from duban.web.assessment.facts import verified_figures
from duban.web.ledger.models import Report, Target, Task

__all__ = ["VERDICTS", "Pair", "ReviewCheck", "next_report", "check_year"]

VERDICTS = ("consistent", "claims_more", "no_verified", "not_mentioned")
DISCREPANCIES = ("claims_more", "no_verified")


@dataclass
class Pair:
    target: Target
    metric: str  # the target's metric (one of several when 均 shares a figure between names)
    claim_quote: str | None
    claim_value: float | None
    claim_unit: str | None
    claim_start: int | None
    claim_end: int | None
    verified: float | None
    verdict: str
    rule: str  # the matcher's rule, for the curious

    @property
    def task(self) -> Task:
        return self.target.task

    @property
    def department_id(self) -> int | None:
        return self.target.task.lead_department_id

    @property
    def discrepancy(self) -> bool:
        return self.verdict in DISCREPANCIES


@dataclass
class ReviewCheck:
    year: int
    reports: list[Report]  # year Y's confirmed reports
    next: Report | None  # the year Y+1 report whose review is read
    pairs: list[Pair]

    def for_department(self, dept_id: int) -> list[Pair]:
        return [p for p in self.pairs if p.department_id == dept_id]

    @property
    def discrepancies(self) -> list[Pair]:
        return [p for p in self.pairs if p.discrepancy]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(VERDICTS, 0)
        for p in self.pairs:
            out[p.verdict] += 1
        return out


def next_report(year: int) -> Report | None:
    """The most recently imported report of ``year + 1`` (in review or confirmed): its review
    speaks about ``year``."""
    return Report.objects.filter(year=year + 1).order_by("-imported_at", "-id").first()


def _verdict(row: dict, target: Target, verified: float | None, tolerance: float) -> str:
    if row["verdict"] in ("not_mentioned", "unclear") or row.get("result_value") is None:
        return "not_mentioned"
    if verified is None:
        return "no_verified"
    claim = float(row["result_value"])
    slack = tolerance * max(abs(claim), abs(verified))
    if target.comparator == "<=":  # a ceiling: claiming a lower figure is claiming more
        return "claims_more" if claim < verified - slack else "consistent"
    return "claims_more" if claim > verified + slack else "consistent"


def _target_dict(t: Target, fallback_start: int) -> dict:
    start = t.start if t.start is not None else fallback_start
    end = t.end if t.end is not None else start + len(t.quote)
    return {"start": start, "end": end, "quote": t.quote, "metric": t.metric, "value": t.value, "value_max": t.value_max,
            "unit": t.unit, "comparator": t.comparator, "kind": t.kind, "deadline": t.deadline or None}


def check_year(year: int, *, tolerance: float = 0.01) -> ReviewCheck:
    """Every target of year ``year``'s confirmed reports, matched against the next report."""
    reports = list(Report.objects.filter(year=year, state=Report.State.CONFIRMED).order_by("imported_at", "id"))
    nxt = next_report(year)
    if nxt is None or not reports:
        return ReviewCheck(year, reports, nxt, [])
    results = list(nxt.extraction.get("results") or [])
    pairs: list[Pair] = []
    for report in reports:
        targets = list(Target.objects.filter(task__report=report, task__review=Task.Review.ACTIVE)
                       .select_related("task", "task__lead_department").order_by("start", "id"))
        if not targets:
            continue
        figures = verified_figures([t.pk for t in targets], year)
        # Targets written by hand have no offsets: give them places past the end of the text.
        spans, dicts = [], []
        for n, t in enumerate(targets):
            d = _target_dict(t, len(report.text) + 10 * (n + 1))
            dicts.append(d)
            spans.append((d["start"], max(d["end"], d["start"] + 1), t))
        rows = match_fulfilment(dicts, results, year=year, text_y=report.text, text_y1=nxt.text)
        seen: set[int] = set()
        for row in rows:
            pos = row["target_start"]
            target = next((t for s, e, t in spans if s <= pos < e and t.pk not in seen), None) or \
                next((t for s, e, t in spans if s <= pos < e), None)
            if target is None:
                continue
            seen.add(target.pk)
            verified = figures.get(target.pk)
            pairs.append(Pair(
                target=target, metric=row.get("target_metric") or target.metric,
                claim_quote=row.get("result_quote"), claim_value=row.get("result_value"), claim_unit=row.get("result_unit"),
                claim_start=row.get("result_start"), claim_end=row.get("result_end"), verified=verified,
                verdict=_verdict(row, target, verified, tolerance), rule=row.get("rule") or "",
            ))
    return ReviewCheck(year, reports, nxt, pairs)
