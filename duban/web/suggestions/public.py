"""What the public site shows of the replies marked for disclosure: title, unit, class and the
reply's text with personal data taken out (the proposer's and co-signers' names, phone numbers,
ID card numbers, e-mail addresses). The 编号 and the kind are kept; who proposed it is not."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q

from .models import Item, Reply

__all__ = ["redact", "disclosed", "PublicReply"]

_PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")
_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SPLIT = re.compile(r"[、，,；;\s]+")
# Words that follow a name in a reply and are no names themselves.
_TITLES = ("代表", "委员")


def _names(item: Item) -> list[str]:
    names = [n for n in _SPLIT.split(f"{item.proposer}、{item.co_signers}") if n]
    out = set()
    for n in names:
        out.add(n)
        for t in _TITLES:  # 张三代表 → also 张三
            if n.endswith(t) and len(n) > len(t) + 1:
                out.add(n[: -len(t)])
    return sorted(out, key=len, reverse=True)


def redact(text: str, item: Item) -> str:
    for name in _names(item):
        text = text.replace(name, "×" * min(len(name), 3))
    text = _ID.sub("［身份证号已隐去］", text)
    text = _PHONE.sub("［电话已隐去］", text)
    return _MAIL.sub("［邮箱已隐去］", text)


@dataclass
class PublicReply:
    item: Item
    reply: Reply
    text: str

    @property
    def key(self) -> str:
        return f"suggestion-{self.item.pk}-{self.reply.round}"


def disclosed(limit: int | None = None, pk: int | None = None) -> list[PublicReply]:
    """The latest sent reply of every item marked for disclosure, newest first."""
    items = Item.objects.filter(disclose=True).filter(Q(state=Item.State.SENT) | Q(state=Item.State.CLOSED)
                                                      | Q(state=Item.State.REOPENED)).select_related("lead")
    if pk is not None:
        items = items.filter(pk=pk)
    out = []
    for item in items:
        reply = item.replies.filter(state=Reply.State.SENT).order_by("-round").first()
        if reply is not None:
            out.append(PublicReply(item, reply, redact(reply.text, item)))
    out.sort(key=lambda p: (p.reply.sent_at, p.item.pk), reverse=True)
    return out[:limit] if limit else out
