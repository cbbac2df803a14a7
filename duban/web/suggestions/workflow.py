"""Every step of handling an item goes through these functions.

Each runs in a transaction, claims the item with the ledger's conditional update on its version
(:func:`duban.web.ledger.workflow.bump`: a second person acting on a stale page gets a
:class:`~duban.web.ledger.errors.Conflict`), keeps the history (simple-history, by ``save()``)
and records an audit event. Who may call which step is decided by the callers through
:mod:`.access`; the steps check the item's state.

States: 待交办 (new) → 交办 → 办理中 (handling) → 答复函报审 → 待审核 (review) → 督查室发出 →
已答复待评价 (sent) → 满意/基本满意: 已办结 (closed); 不满意: 重新办理 (reopened, with its own
deadline) → … → 待审核 → 已答复 again. The office may return a reply in review to the unit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from duban.web.audit.events import Action as AUDIT
from duban.web.audit.record import record
from duban.web.ledger import clock
from duban.web.ledger.errors import Conflict, WorkflowError
from duban.web.ledger.models import Department, Task
from duban.web.ledger.notify import notify_office, notify_user
from duban.web.ledger.workflow import bump

from . import checks
from .importer import co_deadline_for, deadline_for
from .models import Communication, CoUnit, Item, Rating, Reply, ResultClass

__all__ = ["AUDIT", "WorkflowError", "Conflict", "assign", "give_opinion", "communicate", "draft_reply", "return_reply",
           "send_reply", "issue_link", "reply_for_token", "rate", "set_disclosure", "link_task", "current_reply",
           "hash_token", "remind"]

OPEN = (Item.State.HANDLING, Item.State.REOPENED)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _save(obj, user, **fields) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)
    obj._history_user = user if getattr(user, "is_authenticated", False) else None
    obj.save()


def _claim(item: Item, user, version: int | None = None) -> None:
    bump(item, item.version if version is None else version, user)


def _users_of(departments):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True, duban_profile__department__in=departments,
                                           groups__name="reporter").distinct()


def _notify_units(depts, kind: str, message: str, dedupe: str) -> int:
    return sum(1 for u in _users_of([d for d in depts if d is not None]) if notify_user(u, kind, None, message, dedupe=dedupe))


def current_reply(item: Item) -> Reply | None:
    """The reply of the round being handled (or the last one sent)."""
    return item.replies.order_by("-round").first()


def _round(item: Item) -> int:
    return item.replies.filter(state=Reply.State.SENT).count() + 1


# --- 交办 ------------------------------------------------------------------------------------------


@transaction.atomic
def assign(item: Item, user, *, lead: Department, co_units: list[Department], assigned_on: dt.date | None = None,
           urgent: bool | None = None, deadline: dt.date | None = None, version: int | None = None) -> Item:
    """交办: the 主办单位, any 会办单位, the date and the deadline (default from the batch: three
    months, urgent items the batch's days). Re-assigning an open item keeps given opinions."""
    if item.state not in (Item.State.NEW, *OPEN):
        raise WorkflowError("该件已答复，不能再交办。")
    if lead is None:
        raise checks.Invalid("lead", "请选择主办单位。")
    co_units = [d for d in dict.fromkeys(co_units) if d.pk != lead.pk]
    assigned_on = assigned_on or item.assigned_on or clock.today()
    urgent = item.urgent if urgent is None else urgent
    deadline = deadline or deadline_for(assigned_on, item.batch, urgent)
    if deadline < assigned_on:
        raise checks.Invalid("deadline", f"答复时限不能早于交办日期 {assigned_on:%Y-%m-%d}。")
    _claim(item, user, version)
    before = {"lead": str(item.lead or ""), "co_units": [str(c.department) for c in item.co_units.all()],
              "deadline": item.deadline, "state": item.state}
    first = item.state == Item.State.NEW
    _save(item, user, lead=lead, assigned_on=assigned_on, urgent=urgent, deadline=deadline,
          state=Item.State.HANDLING if first else item.state)
    keep = {d.pk for d in co_units}
    for co in item.co_units.all():
        if co.department_id not in keep:
            co._history_user = user
            co.delete()
    existing = set(item.co_units.values_list("department_id", flat=True))
    for dept in co_units:
        if dept.pk not in existing:
            co = CoUnit(item=item, department=dept, deadline=co_deadline_for(assigned_on))
            _save(co, user)
    after = {"lead": lead.name, "co_units": [d.name for d in co_units], "deadline": deadline, "state": item.state}
    record(user, AUDIT.SUGGESTION_ASSIGNED, item, {"before": before, "after": after})
    _notify_units([lead], "assigned", f"新交办{item.get_kind_display()}：{item.number} {item.title}（主办，{deadline:%Y-%m-%d} 前答复）",
                  f"sugg-assigned:{item.pk}:{item.version}")
    _notify_units(co_units, "assigned", f"新交办{item.get_kind_display()}：{item.number} {item.title}（会办，请于"
                  f"{co_deadline_for(assigned_on):%Y-%m-%d} 前向主办单位提出意见）", f"sugg-co:{item.pk}:{item.version}")
    return item


# --- the units' work --------------------------------------------------------------------------------


@transaction.atomic
def give_opinion(item: Item, user, department: Department, text: str) -> CoUnit:
    """A 会办单位 sends its opinion to the 主办单位 (it may correct it until the reply goes out)."""
    text = checks.summary(text, "opinion")
    if item.state not in (*OPEN, Item.State.REVIEW):
        raise WorkflowError("该件不在办理中，不能提出会办意见。")
    co = item.co_units.filter(department=department).first()
    if co is None:
        raise WorkflowError("贵单位不是该件的会办单位。")
    _claim(item, user)
    _save(item, user)
    _save(co, user, opinion=text, opinion_by=user, opinion_at=clock.now())
    record(user, AUDIT.SUGGESTION_OPINION, item, {"unit": department.name, "on_time": clock.today() <= co.deadline})
    _notify_units([item.lead], "filed", f"{department.name} 对 {item.number} {item.title} 提出了会办意见",
                  f"sugg-opinion:{co.pk}:{item.version}")
    return co


@transaction.atomic
def communicate(item: Item, user, *, date: dt.date, way: str, summary: str) -> Communication:
    """办理前沟通 with the deputy or member: date, way (面商/电话/座谈/书面), what was said."""
    if item.state not in OPEN:
        raise WorkflowError("该件不在办理中，不能登记沟通情况。")
    date = checks.date(date, "date")
    if date > clock.today():
        raise checks.Invalid("date", "沟通日期不能晚于今天。")
    if item.assigned_on and date < item.assigned_on:
        raise checks.Invalid("date", f"沟通日期不能早于交办日期 {item.assigned_on:%Y-%m-%d}。")
    if way not in Communication.Way.values:
        raise checks.Invalid("way", "沟通方式应为面商、电话、座谈或书面。")
    summary = checks.summary(summary, "summary")
    _claim(item, user)
    _save(item, user)
    c = Communication(item=item, date=date, way=way, summary=summary, by=user)
    _save(c, user)
    record(user, AUDIT.SUGGESTION_CONTACTED, item, {"date": date, "way": c.get_way_display()})
    return c


SIGNED_TYPES = {".pdf": b"%PDF-", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".png": b"\x89PNG\r\n\x1a\n",
                ".docx": b"PK\x03\x04"}


def _check_signed(name: str, data: bytes) -> None:
    limit = settings.LEDGER_EVIDENCE_MAX_BYTES
    ext = PurePath(name).suffix.lower()
    if not data:
        raise checks.Invalid("signed_file", f"文件“{name}”为空。")
    if len(data) > limit:
        raise checks.Invalid("signed_file", f"文件“{name}”超过上限 {limit:,} 字节。")
    if ext not in SIGNED_TYPES:
        raise checks.Invalid("signed_file", f"盖章答复函应为 PDF、JPG、PNG 或 DOCX 文件，不接受“{ext or '无扩展名'}”。")
    if not data.startswith(SIGNED_TYPES[ext]):
        raise checks.Invalid("signed_file", f"文件“{name}”的内容与扩展名 {ext} 不符。")


@transaction.atomic
def draft_reply(item: Item, user, *, text: str, result_class: str, signed_file=None, submit: bool = False) -> Reply:
    """The 主办单位 writes (or rewrites) the reply of the current round; ``submit`` sends it to the
    office for review, which needs a 沟通 record and the signed file."""
    from django.core.files.base import ContentFile

    if item.state not in OPEN:
        raise WorkflowError("该件不在办理中（已报审或已答复），不能修改答复函。")
    text = checks.text(text, "text")
    result_class = checks.result_class(result_class, "result_class")
    data = None
    if signed_file is not None:
        data = signed_file.read(settings.LEDGER_EVIDENCE_MAX_BYTES + 1)
        _check_signed(signed_file.name, data)
    rnd = _round(item)
    reply = item.replies.filter(round=rnd).first()
    if submit:
        if not item.communications.exists():
            raise WorkflowError("报审前请先登记办理前沟通情况。")
        if data is None and not (reply and reply.signed_file):
            raise checks.Invalid("signed_file", "报审前请上传盖章的答复函。")
    _claim(item, user)
    if reply is None:
        reply = Reply(item=item, round=rnd, drafted_by=user)
    if data is not None:
        if reply.signed_file:
            reply.signed_file.delete(save=False)
        reply.signed_file.save("signed", ContentFile(data), save=False)
        reply.signed_name = PurePath(signed_file.name).name[:200]
    _save(reply, user, text=text, result_class=result_class, drafted_by=user, drafted_at=clock.now(),
          state=Reply.State.SUBMITTED if submit else Reply.State.DRAFT)
    if submit:
        _save(item, user, state=Item.State.REVIEW)
        record(user, AUDIT.SUGGESTION_SUBMITTED, item, {"round": rnd, "class": result_class})
        notify_office(None, "filed", f"{item.lead} 报审了 {item.number} {item.title} 的答复函", dedupe=f"sugg-review:{reply.pk}:{item.version}")
    else:
        _save(item, user)
        record(user, AUDIT.SUGGESTION_DRAFTED, item, {"round": rnd, "class": result_class})
    return reply


# --- the office ---------------------------------------------------------------------------------------


@transaction.atomic
def return_reply(item: Item, user, reason: str) -> Reply:
    reason = checks.summary(reason, "reason")
    reply = current_reply(item)
    if item.state != Item.State.REVIEW or reply is None or reply.state != Reply.State.SUBMITTED:
        raise WorkflowError("该件没有待审核的答复函。")
    _claim(item, user)
    _save(reply, user, state=Reply.State.RETURNED, return_reason=reason)
    _save(item, user, state=Item.State.REOPENED if reply.round > 1 else Item.State.HANDLING)
    record(user, AUDIT.SUGGESTION_RETURNED, item, {"round": reply.round, "reason": reason})
    _notify_units([item.lead], "returned", f"{item.number} {item.title} 的答复函被退回：{reason[:200]}",
                  f"sugg-returned:{reply.pk}:{item.version}")
    return reply


def _new_token(reply: Reply) -> str:
    raw = secrets.token_urlsafe(32)
    reply.token_hash = hash_token(raw)
    reply.token_expires = timezone.now() + dt.timedelta(days=settings.SUGGESTIONS_FEEDBACK_DAYS)
    return raw


@transaction.atomic
def send_reply(item: Item, user, *, disclose: bool = False) -> tuple[Reply, str]:
    """The office sends the reply in review; returns it with the raw token of the proposer's
    feedback link (shown once: only its hash is kept)."""
    reply = current_reply(item)
    if item.state != Item.State.REVIEW or reply is None or reply.state != Reply.State.SUBMITTED:
        raise WorkflowError("该件没有待审核的答复函。")
    _claim(item, user)
    today = clock.today()
    raw = _new_token(reply)
    _save(reply, user, state=Reply.State.SENT, sent_by=user, sent_at=clock.now(), deadline=item.deadline,
          on_time=item.deadline is not None and today <= item.deadline)
    _save(item, user, state=Item.State.SENT, disclose=disclose)
    record(user, AUDIT.SUGGESTION_SENT, item, {"round": reply.round, "class": reply.result_class,
                                                "on_time": reply.on_time, "disclose": disclose})
    _notify_units([item.lead], "filed", f"{item.number} {item.title} 的答复函已由督查室发出", f"sugg-sent:{reply.pk}")
    return reply, raw


@transaction.atomic
def issue_link(item: Item, user) -> str:
    """A new feedback link for the sent reply (the old one stops working)."""
    reply = current_reply(item)
    if item.state != Item.State.SENT or reply is None or reply.state != Reply.State.SENT or reply.rating:
        raise WorkflowError("只有已发出、尚未评价的答复可以生成评价链接。")
    _claim(item, user)
    raw = _new_token(reply)
    _save(reply, user)
    _save(item, user)
    record(user, AUDIT.SUGGESTION_LINK, item, {"round": reply.round, "expires": reply.token_expires})
    return raw


@transaction.atomic
def set_disclosure(item: Item, user, disclose: bool) -> Item:
    if disclose and not item.replies.filter(state=Reply.State.SENT).exists():
        raise WorkflowError("答复发出后才能公开。")
    _claim(item, user)
    _save(item, user, disclose=disclose)
    record(user, AUDIT.SUGGESTION_DISCLOSED, item, {"disclose": disclose})
    return item


# --- the proposer's feedback ------------------------------------------------------------------------


def reply_for_token(item_id, raw: str) -> Reply | None:
    """The reply a feedback link opens: its item, its unused and unexpired token; else None."""
    if not raw or len(raw) > 100:
        return None
    reply = (Reply.objects.select_related("item", "item__lead")
             .filter(item_id=item_id, token_hash=hash_token(raw), state=Reply.State.SENT, rating="").first())
    if reply is None or reply.token_expires is None or reply.token_expires < timezone.now():
        return None
    if reply.item.state != Item.State.SENT:
        return None
    return reply


@transaction.atomic
def rate(reply: Reply, *, rating: str, comment: str = "") -> Reply:
    """The proposer's rating through the link (used once). 不满意 reopens the item for 重新办理,
    with a deadline of ``SUGGESTIONS_REOPEN_DAYS`` days from today."""
    rating = checks.rating(rating, "rating")
    comment = checks.comment(comment, "comment")
    if rating == Rating.UNSATISFIED and not comment:
        raise checks.Invalid("comment", "选择不满意时，请写明意见，以便重新办理。")
    item = reply.item
    # Claim both rows: a second submission of the same link (two tabs) finds the token gone.
    n = Reply.objects.filter(pk=reply.pk, token_hash=reply.token_hash, rating="").update(token_hash="")
    if n != 1:
        raise Conflict("该评价链接已使用。")
    _claim(item, None)
    _save(reply, None, rating=rating, comment=comment, rated_at=clock.now(), token_hash="", token_expires=None)
    record(None, AUDIT.SUGGESTION_RATED, item, {"round": reply.round, "rating": reply.get_rating_display(),
                                                "comment": comment[:200], "by": "领衔人（评价链接）"})
    if rating == Rating.UNSATISFIED:
        deadline = clock.today() + dt.timedelta(days=settings.SUGGESTIONS_REOPEN_DAYS)
        _save(item, None, state=Item.State.REOPENED, deadline=deadline)
        record(None, AUDIT.SUGGESTION_REOPENED, item, {"round": reply.round + 1, "deadline": deadline})
        _notify_units([item.lead], "returned", f"{item.number} {item.title}：{item.proposer}对答复不满意，请于 "
                      f"{deadline:%Y-%m-%d} 前重新办理", f"sugg-reopened:{reply.pk}")
        notify_office(None, "returned", f"{item.number} {item.title} 不满意，已重新交办 {item.lead}", dedupe=f"sugg-reopened:{reply.pk}")
    else:
        _save(item, None, state=Item.State.CLOSED)
    return reply


# --- B items become ledger tasks ---------------------------------------------------------------------


def _promise_report(year: int):
    """The ledger report that holds the tasks made from replies (one per year)."""
    from duban.web.ledger.models import Report

    key = hashlib.sha256(f"duban.suggestions:{year}".encode()).hexdigest()
    report, _ = Report.objects.get_or_create(sha256=key, defaults={
        "title": f"{year}年建议提案办理承诺事项", "year": year, "source_name": "建议提案办理", "source_format": "suggestions",
        "text": "", "extraction": {}, "state": Report.State.CONFIRMED, "confirmed_at": clock.now()})
    return report


@transaction.atomic
def link_task(item: Item, user, *, task: Task | None = None, deadline: dt.date | None = None, title: str = "") -> Task:
    """Turn a B item (正在解决或列入计划) into a ledger task supervised like the report's, or link it to
    an existing one (``task``)."""
    from duban.web.ledger import validation as check
    from duban.web.ledger.services import refresh_status

    sent = item.replies.filter(state=Reply.State.SENT).order_by("-round").first()
    if sent is None or sent.result_class != ResultClass.B:
        raise WorkflowError("只有答复为 B 类（正在解决或列入计划）的件可以转为台账任务。")
    if item.ledger_task_id:
        raise WorkflowError(f"该件已关联台账任务 {item.ledger_task_id}。")
    if task is None:
        if deadline is None:
            raise checks.Invalid("deadline", "请填写承诺事项的完成时限。")
        deadline = check.date(deadline, "deadline")
        start = clock.today()
        if deadline < start:
            raise checks.Invalid("deadline", "完成时限不能早于今天。")
        title = check.title(title or item.title)
        text = f"{item.get_kind_display()}{item.number}《{item.title}》答复中的承诺：\n{sent.text}"
        task = Task(report=_promise_report(item.year), title=title, text=text[:20000], review=Task.Review.ACTIVE,
                    lead_department=item.lead, lead_department_text=item.lead.name if item.lead else "",
                    list_name="建议提案办理承诺事项", list_number=item.number[:20], start_date=start, deadline=deadline)
        _save(task, user)
        task.cooperating.set([c.department for c in item.co_units.all()])
        refresh_status(task, by=user)
        created = True
    else:
        created = False
    _claim(item, user)
    _save(item, user, ledger_task=task)
    record(user, AUDIT.SUGGESTION_TASK, item, {"task": task.pk, "created": created})
    return task


# --- reminders ------------------------------------------------------------------------------------------


def remind(day: dt.date | None = None) -> int:
    """The day's reminders: replies due within ``blue_days`` or overdue (主办单位), 会办 opinions
    due within a week or overdue (会办单位). Each goes out once (per deadline)."""
    from .status import Rules

    day = day or clock.today()
    rules = Rules.from_settings()
    sent = 0
    for item in Item.objects.filter(state__in=OPEN, deadline__isnull=False).select_related("lead"):
        left = (item.deadline - day).days
        if left < 0:
            sent += _notify_units([item.lead], "overdue", f"{item.number} {item.title} 已超过答复时限 {item.deadline:%Y-%m-%d}",
                                  f"sugg-overdue:{item.pk}:{item.deadline}")
        elif left <= rules.blue_days:
            sent += _notify_units([item.lead], "due_soon", f"{item.number} {item.title} 距答复时限还有 {left} 天",
                                  f"sugg-due:{item.pk}:{item.deadline}")
    for co in CoUnit.objects.filter(opinion="", item__state__in=OPEN).select_related("item", "department"):
        left = (co.deadline - day).days
        if left <= 7:
            kind = "overdue" if left < 0 else "due_soon"
            sent += _notify_units([co.department], kind, f"{co.item.number} {co.item.title} 的会办意见"
                                  + (f"已超过时限 {co.deadline:%Y-%m-%d}" if left < 0 else f"还有 {left} 天到期"),
                                  f"sugg-co-{kind}:{co.pk}:{co.deadline}")
    return sent
