"""Status names as the issue-6 pages show them, translatable (the ledger's choices are Chinese only)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

__all__ = ["STATUS_LABELS", "SHORT_LABELS", "status_label"]

STATUS_LABELS = {
    "red": _("红色（严重滞后或逾期）"),
    "yellow": _("黄色（滞后）"),
    "blue": _("蓝色（临期）"),
    "normal": _("正常推进"),
    "done": _("已完成"),
}
# Legends and narrow columns.
SHORT_LABELS = {"red": _("红"), "yellow": _("黄"), "blue": _("蓝"), "normal": _("正常"), "done": _("完成")}


def status_label(code: str) -> str:
    return str(STATUS_LABELS.get(code, code))
