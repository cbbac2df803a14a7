"""Handling pages: the list, an item with its steps, and the forms of each step.

Views decide nothing about access themselves: :mod:`.access` (the rules of :mod:`.rules`) does;
every write goes through :mod:`.workflow`. Refusals of input come back as messages on the item page.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from duban.web.accounts.roles import Role, department_of, role_of
from duban.web.audit.record import events_for
from duban.web.ledger import clock
from duban.web.ledger.access import NOT_FOUND, filter_choice, get_visible_or_404
from duban.web.ledger.errors import WorkflowError
from duban.web.ledger.models import Department, Task
from duban.web.urlaccess import Access, access

from . import checks, status, workflow
from .access import get_item_for_user, items_for_user, require
from .models import Communication, Item, Kind, Rating, Reply, ResultClass

ACTION_LABELS = None  # filled lazily: audit action code -> label


def _verdict(item: Item, today=None):
    return status.compute(item.state, item.deadline, today or clock.today(), status.Rules.from_settings())


def _int(raw):
    try:
        return int(raw) if raw not in (None, "") and len(str(raw)) < 6 else None
    except ValueError:
        return None


@access(Access.LOGIN)
@require_GET
def home(request):
    today = clock.today()
    qs = items_for_user(request.user)
    years = sorted(set(qs.values_list("year", flat=True)), reverse=True)
    year = _int(request.GET.get("year"))
    year = year if year in years else (years[0] if years else today.year)
    qs = qs.filter(year=year)
    kind = request.GET.get("kind")
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    state = request.GET.get("state")
    if state in Item.State.values:
        qs = qs.filter(state=state)
    rows = [(i, _verdict(i, today)) for i in qs.order_by("kind", "number", "id")]
    colour = request.GET.get("status")
    if colour in status.LABELS:
        rows = [(i, v) for i, v in rows if v.status == colour]
    return render(request, "suggestions/home.html", {
        "rows": rows, "years": years, "year": year, "kinds": Kind.choices, "kind": kind, "states": Item.State.choices,
        "state": state, "colours": list(status.LABELS.items()), "colour": colour,
        "is_office": role_of(request.user) == Role.OFFICE, "as_of": today})


@access(Access.LOGIN)
@require_GET
def detail(request, pk):
    global ACTION_LABELS
    item = get_item_for_user(request, pk)
    user = request.user
    dept = department_of(user)
    if ACTION_LABELS is None:
        from duban.web.audit.events import Action

        ACTION_LABELS = dict(Action.choices)
    reply = workflow.current_reply(item)
    my_co = item.co_units.filter(department=dept).first() if dept else None
    events = [{"at": e.at, "who": e.actor_repr if e.actor_repr != "system" else "代表/委员（评价链接）",
               "what": ACTION_LABELS.get(e.action, e.action), "changes": e.changes} for e in events_for(item)[:100]]
    can_handle = user.has_perm("suggestions.handle_item", item)
    return render(request, "suggestions/detail.html", {
        "item": item, "verdict": _verdict(item), "co_units": item.co_units.select_related("department", "opinion_by"),
        "communications": item.communications.select_related("by"), "replies": item.replies.order_by("round"),
        "reply": reply, "events": events,
        "can_manage": user.has_perm("suggestions.manage_item", item),
        "can_handle": can_handle,
        "my_co": my_co if user.has_perm("suggestions.give_opinion", item) and item.state in (*workflow.OPEN, Item.State.REVIEW) else None,
        "draft": reply if reply and reply.state in (Reply.State.DRAFT, Reply.State.RETURNED) and can_handle else None,
        "in_review": reply if item.state == Item.State.REVIEW and reply and reply.state == Reply.State.SUBMITTED else None,
        "ways": Communication.Way.choices, "classes": ResultClass.choices, "ratings": Rating.choices,
        "departments": Department.objects.filter(active=True).order_by("name"),
        "co_ids": {c.department_id for c in item.co_units.all()},
        "link_url": request.session.pop(f"sugg-link-{item.pk}", None),
        "today": clock.today(),
        "task_choices": Task.objects.filter(review=Task.Review.ACTIVE, lead_department=item.lead).order_by("-id")[:200]
        if item.lead_id else [],
        "sent_b": item.replies.filter(state=Reply.State.SENT).order_by("-round").values_list("result_class", flat=True).first() == "B",
    })


def _back(item_or_pk):
    return redirect("suggestions:detail", pk=getattr(item_or_pk, "pk", item_or_pk))


def _run(request, item, fn, success: str):
    try:
        result = fn()
    except WorkflowError as exc:  # checks.Invalid and Conflict are WorkflowErrors
        messages.error(request, getattr(exc, "message", None) or str(exc))
        return None
    messages.success(request, success)
    return result if result is not None else True


def _department(raw, field):
    try:
        return get_visible_or_404(Department.objects.filter(active=True), raw)
    except Http404:
        raise checks.Invalid(field, "没有这个单位。") from None


@access(Access.OFFICE)
@require_POST
def assign(request, pk):
    item = get_item_for_user(request, pk)
    require(request, "suggestions.manage_item", item, "只有督查室可以交办")

    def go():
        lead = _department(request.POST.get("lead"), "lead")
        co = [_department(v, "co_units") for v in request.POST.getlist("co_units") if v]
        day = checks.date(request.POST["assigned_on"], "assigned_on") if request.POST.get("assigned_on") else None
        deadline = checks.date(request.POST["deadline"], "deadline") if request.POST.get("deadline") else None
        return workflow.assign(item, request.user, lead=lead, co_units=co, assigned_on=day, deadline=deadline,
                               urgent=request.POST.get("urgent") == "on", version=_int(request.POST.get("version")))

    _run(request, item, go, "已交办。")
    return _back(item)


@access(Access.REPORTER)
@require_POST
def opinion(request, pk):
    item = get_item_for_user(request, pk)
    require(request, "suggestions.give_opinion", item, "只有会办单位可以提出会办意见")
    _run(request, item, lambda: workflow.give_opinion(item, request.user, department_of(request.user),
                                                       request.POST.get("opinion", "")), "会办意见已送主办单位。")
    return _back(item)


@access(Access.REPORTER)
@require_POST
def communicate(request, pk):
    item = get_item_for_user(request, pk)
    require(request, "suggestions.handle_item", item, "只有主办单位可以登记办理前沟通")
    _run(request, item, lambda: workflow.communicate(item, request.user, date=request.POST.get("date", ""),
                                                      way=request.POST.get("way", ""), summary=request.POST.get("summary", "")),
         "沟通情况已登记。")
    return _back(item)


@access(Access.REPORTER)
@require_POST
def reply(request, pk):
    item = get_item_for_user(request, pk)
    require(request, "suggestions.handle_item", item, "只有主办单位可以起草答复函，会办单位请提出会办意见")
    submit = request.POST.get("submit") == "1"
    _run(request, item, lambda: workflow.draft_reply(item, request.user, text=request.POST.get("text", ""),
                                                      result_class=request.POST.get("result_class", ""),
                                                      signed_file=request.FILES.get("signed_file"), submit=submit),
         "答复函已报督查室审核。" if submit else "答复函草稿已保存。")
    return _back(item)


@access(Access.OFFICE)
@require_POST
def review(request, pk):
    item = get_item_for_user(request, pk)
    require(request, "suggestions.send_reply", item, "只有督查室可以审核发出答复")
    if request.POST.get("decision") == "return":
        _run(request, item, lambda: workflow.return_reply(item, request.user, request.POST.get("reason", "")),
             "答复函已退回主办单位。")
        return _back(item)
    result = _run(request, item, lambda: workflow.send_reply(item, request.user, disclose=request.POST.get("disclose") == "on"),
                  "答复已发出。请把下面的评价链接发给领衔人（只显示这一次）。")
    if result:
        _remember_link(request, item, result[1])
    return _back(item)


def _remember_link(request, item, raw):
    from django.urls import reverse

    request.session[f"sugg-link-{item.pk}"] = request.build_absolute_uri(reverse("suggestions:feedback", args=[item.pk, raw]))


@access(Access.OFFICE)
@require_POST
def new_link(request, pk):
    item = get_item_for_user(request, pk)
    require(request, "suggestions.send_reply", item, "只有督查室可以生成评价链接")
    raw = _run(request, item, lambda: workflow.issue_link(item, request.user), "已生成新的评价链接，原链接作废。")
    if raw:
        _remember_link(request, item, raw)
    return _back(item)


@access(Access.OFFICE)
@require_POST
def disclose(request, pk):
    item = get_item_for_user(request, pk)
    require(request, "suggestions.manage_item", item, "只有督查室可以公开答复")
    on = request.POST.get("disclose") == "1"
    _run(request, item, lambda: workflow.set_disclosure(item, request.user, on), "已公开答复。" if on else "已撤回公开。")
    return _back(item)


@access(Access.OFFICE)
@require_POST
def to_task(request, pk):
    item = get_item_for_user(request, pk)
    require(request, "suggestions.manage_item", item, "只有督查室可以转为台账任务")

    def go():
        raw = request.POST.get("task")
        task = None
        if raw:
            task = filter_choice(Task.objects.filter(review=Task.Review.ACTIVE), raw)
            if task is None:
                raise checks.Invalid("task", "没有这个台账任务。")
        deadline = checks.date(request.POST["deadline"], "deadline") if request.POST.get("deadline") else None
        return workflow.link_task(item, request.user, task=task, deadline=deadline, title=request.POST.get("title", ""))

    task = _run(request, item, go, "已关联台账任务，其承诺按台账督办。")
    if task:
        return redirect("ledger:task_detail", pk=task.pk)
    return _back(item)


@access(Access.LOGIN)
@require_GET
def signed_file(request, pk):
    """The signed reply letter: to whoever may see its item."""
    r = get_visible_or_404(Reply.objects.select_related("item"), pk,
                           lambda r: request.user.has_perm("suggestions.view_item", r.item))
    if not r.signed_file:
        raise Http404(NOT_FOUND)
    return FileResponse(r.signed_file.open("rb"), as_attachment=True, filename=r.signed_name or "答复函")


@access(Access.PUBLIC)
@require_GET
def rubric(request):
    rules = status.Rules.from_settings()
    rows = [{"code": code, "label": status.LABELS.get(code, ""), "text": text} for code, text in status.rubric(rules)]
    return render(request, "suggestions/rubric.html", {"rows": rows})
