"""建议提案办理: batches of deputies' suggestions and members' proposals, their handling units,
the 会办 opinions, the 办理前沟通, the replies (答复函) and the proposer's feedback.

An item's 蓝黄红 status is computed, never typed (:mod:`.status`). Every step is written by
:mod:`.workflow`, which keeps the history (simple-history) and the audit trail.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from duban.web.ledger import clock
from duban.web.ledger.models import Department, Task

User = settings.AUTH_USER_MODEL


class Kind(models.TextChoices):
    SUGGESTION = "suggestion", _("建议")
    PROPOSAL = "proposal", _("提案")


class ResultClass(models.TextChoices):
    A = "A", _("A类：已解决或基本解决")
    B = "B", _("B类：正在解决或列入计划")
    C = "C", _("C类：因条件限制需以后解决或留作参考")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Batch(models.Model):
    """One imported list (the year's suggestions of the 人大, or proposals of the 政协) with its deadlines."""

    name = models.CharField("批次", max_length=120)
    year = models.PositiveIntegerField("年度")
    months = models.PositiveSmallIntegerField("办理时限（月）", default=3)
    urgent_days = models.PositiveSmallIntegerField("紧急件时限（天）", default=30)
    source_name = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    imported_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(default=clock.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-imported_at"]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """One suggestion or proposal, from import to the proposer's rating."""

    class State(models.TextChoices):
        NEW = "new", _("待交办")
        HANDLING = "handling", _("办理中")
        REVIEW = "review", _("待审核")
        SENT = "sent", _("已答复待评价")
        REOPENED = "reopened", _("重新办理")
        CLOSED = "closed", _("已办结")

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="items")
    year = models.PositiveIntegerField("年度")
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    number = models.CharField("编号", max_length=40)
    title = models.CharField("标题", max_length=200)
    proposer = models.CharField("领衔人", max_length=120)
    co_signers = models.CharField("附议人", max_length=500, blank=True)
    category = models.CharField("类别", max_length=60, blank=True)
    content = models.TextField("内容", blank=True)
    lead = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT, related_name="lead_items",
                             verbose_name="主办单位")
    lead_text = models.CharField("原文主办单位", max_length=120, blank=True)
    assigned_on = models.DateField("交办日期", null=True, blank=True)
    urgent = models.BooleanField("紧急", default=False)
    deadline = models.DateField("答复时限", null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.NEW)
    disclose = models.BooleanField("公开答复", default=False)
    ledger_task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestions",
                                    verbose_name="台账任务")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "kind", "number", "id"]
        constraints = [models.UniqueConstraint(fields=["year", "kind", "number"], name="one_item_per_number")]
        indexes = [models.Index(fields=["lead", "state"], name="item_lead_state")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}{self.number} {self.title}"

    @property
    def open(self) -> bool:
        return self.state in (self.State.HANDLING, self.State.REOPENED, self.State.REVIEW)


class CoUnit(models.Model):
    """A 会办单位 of an item: sends its opinion to the 主办单位 within its own deadline."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="co_units")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="co_items")
    deadline = models.DateField("会办时限")
    opinion = models.TextField("会办意见", blank=True)
    opinion_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    opinion_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "department__name"]
        constraints = [models.UniqueConstraint(fields=["item", "department"], name="one_co_unit_per_item")]

    def __str__(self) -> str:
        return f"{self.item.number} · {self.department}"


class Communication(models.Model):
    """办理前沟通: the 主办单位's contact with the deputy or member before replying."""

    class Way(models.TextChoices):
        MEETING = "meeting", _("面商")
        PHONE = "phone", _("电话")
        FORUM = "forum", _("座谈")
        WRITTEN = "written", _("书面")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="communications")
    date = models.DateField("沟通日期")
    way = models.CharField("方式", max_length=10, choices=Way.choices)
    summary = models.TextField("沟通情况")
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=clock.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "date", "id"]


def signed_path(instance, filename: str) -> str:
    # Random names: the original name is kept in the row, never used on disk.
    return f"suggestions/{instance.item_id}/{uuid.uuid4().hex}"


class Reply(models.Model):
    """答复函: drafted by the 主办单位 (text and signed file), reviewed and sent by the office,
    rated by the proposer through a personal link."""

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        RETURNED = "returned", _("已退回")
        SENT = "sent", _("已答复")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="replies")
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    text = models.TextField("答复内容")
    result_class = models.CharField("办理结果", max_length=1, choices=ResultClass.choices)
    signed_file = models.FileField(upload_to=signed_path, max_length=200, blank=True)
    signed_name = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    return_reason = models.TextField(blank=True)
    drafted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(default=clock.now)
    sent_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateField("时限", null=True, blank=True)  # the deadline in force when it was sent
    on_time = models.BooleanField(null=True, blank=True)
    # The proposer's link: only the hash of its random token is kept; used once, then cleared.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    token_expires = models.DateTimeField(null=True, blank=True)
    rating = models.CharField("评价", max_length=12, choices=Rating.choices, blank=True)
    comment = models.TextField("评价意见", blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["item", "round", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "round"], name="one_reply_per_round")]

    def __str__(self) -> str:
        return f"{self.item.number} 答复（第{self.round}轮）"
