"""What the assessment stores: manual adjustments (加减分) and closed years.

Scores themselves are never stored: they are recomputed from the ledger's facts every time
(:mod:`duban.web.assessment.scoring`). Both tables are written through
:mod:`duban.web.assessment.services`, which records each write in the audit trail.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from duban.web.ledger.models import Department


class Adjustment(models.Model):
    """A manual bonus (positive points) or penalty (negative) for one department and year.
    Never edited: a mistake is undone by an opposite adjustment, with its own reason."""

    year = models.PositiveIntegerField("年度")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="assessment_adjustments")
    points = models.DecimalField("分值", max_digits=5, decimal_places=2)
    reason = models.TextField("理由")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["year", "department", "at", "id"]
        indexes = [models.Index(fields=["year", "department"], name="adjustment_year_dept")]
        constraints = [
            models.CheckConstraint(condition=~Q(points=0), name="adjustment_not_zero"),
            models.CheckConstraint(condition=~Q(reason=""), name="adjustment_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.department} {self.points:+}"


class ClosedYear(models.Model):
    """A year whose assessment is final: the rubric version it is scored with and that
    version's fingerprint (the version may not change afterwards)."""

    year = models.PositiveIntegerField("年度", unique=True)
    rubric_version = models.CharField(max_length=40)
    rubric_sha256 = models.CharField(max_length=64)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField()

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} · {self.rubric_version}"
