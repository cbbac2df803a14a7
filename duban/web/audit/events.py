"""The kinds of audit events, each with what it means. ``docs/ledger.md`` lists them."""

from __future__ import annotations

from django.db import models


class Action(models.TextChoices):
    REPORT_IMPORTED = "report.imported", "导入报告"
    REPORT_CONFIRMED = "report.confirmed", "确认入账"
    REPORT_PUBLISHED = "report.published", "公开/撤回公开"
    REPORT_REREAD = "report.reread", "更正回顾/计划划分"
    ITEM_EDITED = "item.edited", "审核时修改条目"
    ITEM_MERGED = "item.merged", "合并条目"
    ITEM_SPLIT = "item.split", "拆分条目"
    ITEM_DROPPED = "item.dropped", "删除条目"
    ITEM_RESTORED = "item.restored", "恢复条目"
    TASK_ASSIGNED = "task.assigned", "分派任务"
    TASK_EDITED = "task.edited", "修改任务"
    MILESTONE_SET = "milestone.set", "设置阶段"
    TARGET_EDITED = "target.edited", "修改指标"
    DEPARTMENT_MAPPED = "department.mapped", "单位名称归并"
    DEPARTMENT_CREATED = "department.created", "新建单位"
    PROGRESS_FILED = "progress.filed", "报送进度"
    PROGRESS_REFILED = "progress.refiled", "重新报送"
    PROGRESS_RETURNED = "progress.returned", "退回进度报告"
    PROGRESS_VERIFIED = "progress.verified", "核实通过"
    EVIDENCE_ADDED = "evidence.added", "上传佐证"
    STATUS_CHANGED = "status.changed", "状态变化"
    TOKEN_ISSUED = "token.issued", "签发 API 令牌"
    TOKEN_REVOKED = "token.revoked", "吊销 API 令牌"
    WEBHOOK_CHANGED = "webhook.changed", "登记或修改外部通知地址"
    WEBHOOK_REPLAYED = "webhook.replayed", "重发外部通知"
    BULK_UPDATE = "bulk.update", "批量修改"
    ASSESSMENT_ADJUSTED = "assessment.adjusted", "考核加减分"
    ASSESSMENT_CLOSED = "assessment.closed", "考核年度关账"
