"""The assessment's two writes, each in one transaction with its audit event:
a manual adjustment (加减分, reason required) and closing a year under its rubric version."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duban.web.assessment.models import Adjustment, ClosedYear
from duban.web.assessment.rubric import RubricError, rubric_for, version
from duban.web.audit.events import Action
from duban.web.audit.record import record

__all__ = ["AssessmentError", "add_adjustment", "close_year"]

MAX_POINTS = Decimal("100")


class AssessmentError(ValueError):
    """A refused write; the message is for the user."""


def add_adjustment(user, *, year: int, department, points, reason: str) -> Adjustment:
    reason = (reason or "").strip()
    if not reason:
        raise AssessmentError(_("加减分必须填写理由"))
    if len(reason) > 2000:
        raise AssessmentError(_("理由过长（最多2000字）"))
    try:
        value = Decimal(str(points).strip())
    except (InvalidOperation, ValueError):
        raise AssessmentError(_("分值“{points}”不是数字").format(points=points)) from None
    if not value.is_finite() or value == 0 or abs(value) > MAX_POINTS or value != value.quantize(Decimal("0.01")):
        raise AssessmentError(_("分值应为非零数字，绝对值不超过100，最多两位小数"))
    if ClosedYear.objects.filter(year=year).exists():
        raise AssessmentError(_("{year} 年考核已关账，不能再加减分").format(year=year))
    with transaction.atomic():
        adj = Adjustment.objects.create(year=year, department=department, points=value, reason=reason, by=user,
                                        at=timezone.now())
        record(user, Action.ASSESSMENT_ADJUSTED, adj, {"year": year, "department": department.name,
                                                       "points": str(value), "reason": reason})
    return adj


def close_year(user, *, year: int, rubric_version: str | None = None) -> ClosedYear:
    """Close ``year`` under ``rubric_version`` (default: the version that scores it now). A
    closed year may be closed again only under another version (a change needs a new version)."""
    try:
        rubric = version(rubric_version) if rubric_version else None
        if rubric is not None and not rubric.covers(year):
            raise AssessmentError(_("考核细则 {v} 不适用于 {year} 年").format(v=rubric.version, year=year))
    except RubricError as exc:
        raise AssessmentError(str(exc)) from None
    with transaction.atomic():
        existing = ClosedYear.objects.select_for_update().filter(year=year).first()
        if rubric is None:
            if existing is not None:
                raise AssessmentError(_("{year} 年已按考核细则 {v} 关账").format(year=year, v=existing.rubric_version))
            try:
                rubric = rubric_for(year)
            except RubricError as exc:
                raise AssessmentError(str(exc)) from None
        if existing is not None and existing.rubric_version == rubric.version:
            raise AssessmentError(_("{year} 年已按考核细则 {v} 关账；改变细则须新建版本").format(year=year, v=rubric.version))
        before = {"version": existing.rubric_version, "sha256": existing.rubric_sha256} if existing else None
        if existing is not None:
            existing.delete()
        try:
            closed = ClosedYear.objects.create(year=year, rubric_version=rubric.version, rubric_sha256=rubric.fingerprint,
                                               closed_by=user, closed_at=timezone.now())
        except IntegrityError:
            raise AssessmentError(_("{year} 年正在被关账，请刷新后重试").format(year=year)) from None
        record(user, Action.ASSESSMENT_CLOSED, closed, {"year": year, "version": rubric.version,
                                                        "sha256": rubric.fingerprint, "before": before})
    return closed
