"""The ledger (台账): reports, their sections, tasks and targets, departments,
progress reports (进度报告) and their verification (核实), notifications and status flips.

Status is never typed: :mod:`duban.web.ledger.status` computes it and
:func:`duban.web.ledger.services.refresh_status` stores the result (and a
:class:`StatusChange`) so lists can filter on it.

Rows that change under several hands carry a ``version`` column: every write goes
through a conditional update on the expected version (see ``services.bump``), which
works the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from duban.web.jobs.models import ProgressJob
from duban.web.ledger import clock

User = settings.AUTH_USER_MODEL


class Status(models.TextChoices):
    NORMAL = "normal", _("正常推进")
    BLUE = "blue", _("蓝色（临期）")
    YELLOW = "yellow", _("黄色（滞后）")
    RED = "red", _("红色（严重滞后或逾期）")
    DONE = "done", _("已完成")


class Department(models.Model):
    name = models.CharField("单位名称", max_length=80, unique=True)
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DepartmentAlias(models.Model):
    """Another way of writing a department's name (市发改委, 发展改革委 ...), compared after normalisation."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=80, unique=True)

    def __str__(self) -> str:
        return f"{self.alias} → {self.department}"


class UnknownDepartment(models.Model):
    """A department name found in a report that matches no department: waits for the office."""

    name = models.CharField(max_length=80, unique=True)
    first_report = models.ForeignKey("Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    seen = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_to = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["resolved_at", "name"]

    def __str__(self) -> str:
        return self.name


class Report(models.Model):
    """An imported work report with its text and the extraction kept as produced."""

    class State(models.TextChoices):
        REVIEW = "review", _("待审核")
        CONFIRMED = "confirmed", _("已入账")

    title = models.CharField("标题", max_length=200)
    year = models.PositiveIntegerField("年份")
    source_name = models.CharField(max_length=255)
    source_format = models.CharField(max_length=20, default="text")
    sha256 = models.CharField(max_length=64, unique=True)
    text = models.TextField()
    extraction = models.JSONField()
    state = models.CharField(max_length=12, choices=State.choices, default=State.REVIEW)
    published = models.BooleanField("公开", default=False)
    imported_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(default=clock.now, editable=False)
    confirmed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["text", "extraction"])

    class Meta:
        ordering = ["-year", "-imported_at"]

    def __str__(self) -> str:
        return self.title


class Section(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=40)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    level = models.PositiveSmallIntegerField(default=1)
    number = models.CharField(max_length=20, blank=True)
    title = models.CharField(max_length=300)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        ordering = ["report", "start"]
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="section_key_per_report")]

    def __str__(self) -> str:
        return f"{self.number}{self.title}"


class Task(models.Model):
    """One commitment: a clause of the report or an item of an appendix list."""

    class Review(models.TextChoices):
        PENDING = "pending", _("待确认")
        ACTIVE = "active", _("已入账")
        DROPPED = "dropped", _("已删除")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks")
    key = models.CharField(max_length=40, blank=True)
    list_name = models.CharField("清单", max_length=120, blank=True)
    list_number = models.CharField(max_length=20, blank=True)
    title = models.CharField("标题", max_length=200)
    text = models.TextField("原文")
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.PENDING)
    lead_department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="lead_tasks", verbose_name="牵头单位"
    )
    lead_department_text = models.CharField("原文牵头单位", max_length=120, blank=True)
    cooperating = models.ManyToManyField(Department, blank=True, related_name="cooperating_tasks", verbose_name="配合单位")
    start_date = models.DateField("起始日期")
    deadline = models.DateField("完成时限")
    published = models.BooleanField("公开", default=False)
    # Stored result of status.compute(); written only by duban.web.ledger.services (on every event
    # that can change it, and by the daily job for the calendar). Pages read these, never recompute.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NORMAL, editable=False)
    status_reason = models.CharField(max_length=200, blank=True, editable=False)
    progress = models.FloatField(default=0, editable=False)
    expected = models.FloatField(default=0, editable=False)
    status_date = models.DateField(null=True, blank=True, editable=False)  # the day the status was computed for
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(m2m_fields=[cooperating], excluded_fields=["status_date"])

    class Meta:
        ordering = ["report", "start", "id"]
        indexes = [
            # The ledger list: active tasks of a report filtered by status.
            models.Index(fields=["review", "status"], name="task_review_status"),
            models.Index(fields=["lead_department", "review"], name="task_lead_review"),
            # The list's order (deadline, id) within the active tasks: no sort of every task.
            models.Index(fields=["review", "deadline", "id"], name="task_review_deadline"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def measurable(self) -> bool:
        return self.targets.exists()

    def departments(self) -> list[Department]:
        depts = list(self.cooperating.all())
        return ([self.lead_department] if self.lead_department else []) + depts


class Target(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="targets")
    key = models.CharField(max_length=40, blank=True)
    quote = models.CharField("原文", max_length=300)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    metric = models.CharField("指标", max_length=120)
    value = models.FloatField("目标值", null=True, blank=True)
    value_max = models.FloatField(null=True, blank=True)
    unit = models.CharField("单位", max_length=20, blank=True)
    comparator = models.CharField(max_length=2, default="=")
    kind = models.CharField(max_length=12, default="absolute")
    deadline = models.CharField(max_length=20, blank=True)
    # The figure of the most recent verified period, stored with the task's status.
    latest_value = models.FloatField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["latest_value"])

    class Meta:
        ordering = ["task", "start", "id"]

    def __str__(self) -> str:
        return f"{self.metric} {self.comparator} {self.value}{self.unit}"


class Milestone(models.Model):
    """A stage of a task; progress by stages is the verified share of stage weights."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField("阶段", max_length=200)
    weight = models.PositiveIntegerField("权重", default=1)
    due = models.DateField("计划完成", null=True, blank=True)
    done_on = models.DateField("核实完成", null=True, blank=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["task", "order", "id"]

    def __str__(self) -> str:
        return self.title


class ReportType(models.Model):
    """Kinds of progress report (常规进展, 问题反映, 逾期说明 ...): settings.LEDGER_REPORT_TYPES."""

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=40)
    expects_figures = models.BooleanField(default=True)

    def __str__(self) -> str:
        from django.utils.translation import gettext

        return gettext(self.name)  # the configured names are Chinese; the catalogue has them in English


class ProgressReport(models.Model):
    """进度报告: a department's report on one task for one period (YYYY-MM)."""

    class State(models.TextChoices):
        FILED = "filed", _("待核实")
        RETURNED = "returned", _("已退回")
        VERIFIED = "verified", _("已核实")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress_reports")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="progress_reports")
    report_type = models.ForeignKey(ReportType, on_delete=models.PROTECT)
    period = models.CharField("报告期", max_length=7)
    narrative = models.TextField("进展情况")
    milestones_done = models.ManyToManyField(Milestone, blank=True, related_name="+", verbose_name="完成的阶段")
    state = models.CharField(max_length=10, choices=State.choices, default=State.FILED)
    filed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(m2m_fields=[milestones_done])

    class Meta:
        ordering = ["-period", "-filed_at"]
        constraints = [
            # One report per task, department, period and type: refiling edits it.
            models.UniqueConstraint(
                fields=["task", "department", "period", "report_type"], name="one_report_per_period"
            )
        ]
        indexes = [models.Index(fields=["state", "filed_at"], name="progress_queue")]

    def __str__(self) -> str:
        return f"{self.task} · {self.department} · {self.period}"


class ProgressFigure(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="figures")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="figures")
    value = models.FloatField("完成值")
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "target"], name="one_figure_per_target")]


def evidence_path(instance, filename: str) -> str:
    # Random names: the original name is kept in the row, never used on disk.
    import uuid

    return f"evidence/{instance.report_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=clock.now, editable=False)

    def __str__(self) -> str:
        return self.original_name


class Verification(models.Model):
    """核实: the office's decision on one filing of a progress report."""

    class Decision(models.TextChoices):
        ACCEPT = "accept", _("核实通过")
        RETURN = "return", _("退回")

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="verifications")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField("理由", blank=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-at"]


class StatusChange(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="status_changes")
    old = models.CharField(max_length=10, choices=Status.choices)
    new = models.CharField(max_length=10, choices=Status.choices)
    reason = models.CharField(max_length=200)
    at = models.DateTimeField()
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]
        # A task's timeline and "what turned red this week" both read by time.
        indexes = [models.Index(fields=["task", "at"], name="status_change_task_at"),
                   models.Index(fields=["new", "at"], name="status_change_new_at")]


class Notification(models.Model):
    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("即将到期")
        OVERDUE = "overdue", _("已逾期")
        NO_REPORT = "no_report", _("本期未报送")
        RETURNED = "returned", _("报告被退回")
        FILED = "filed", _("新报告待核实")
        ASSIGNED = "assigned", _("新分派任务")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    message = models.CharField(max_length=300)
    # The same reminder is sent once: (user, kind, task, period) is its key.
    dedupe_key = models.CharField(max_length=120, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]


class LedgerClock(models.Model):
    """The date a demo ledger runs at (one row, pk=1); no row: the wall clock. See :mod:`.clock`."""

    as_of = models.DateField("截至日期")
    note = models.CharField(max_length=200, blank=True)
    set_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.as_of:%Y-%m-%d}"

class LedgerStamp(models.Model):
    """One row counting committed changes to what lists and dashboards show. Cached page parts
    carry it in their keys (:mod:`duban.web.ledger.stamp`), so any change on any app server
    retires every process's copies at once."""

    n = models.PositiveBigIntegerField(default=0)


class ImportJob(ProgressJob):
    """A report upload being read, extracted and stored by the queue (``ledger.jobs.import_report``);
    the import page shows its progress, then the report's review page."""

    name = models.CharField(max_length=255)
    data = models.BinaryField()  # the upload, so a worker on another machine can read it; emptied when done
    year = models.PositiveIntegerField(null=True, blank=True)
    title = models.CharField(max_length=200, blank=True)
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.BooleanField(default=False)  # False when the same text had been imported before

    class Meta(ProgressJob.Meta):
        pass
