"""Imported reports: list, import (upload), review with highlighted source, the reading of review
and plan (warnings, correction), item edits, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from duban.web.jobs import progress
from duban.web.ledger import validation
from duban.web.ledger.access import filter_choice, get_report_for_user, get_visible_or_404
from duban.web.ledger.attempt import attempt
from duban.web.ledger.forms import ImportForm, ReadingForm
from duban.web.ledger.importer import ImportError_, reread_report, start_import
from duban.web.ledger.models import Department, ImportJob, Report, Target, Task
from duban.web.ledger.workflow import (
    Conflict,
    WorkflowError,
    confirm_report,
    drop_item,
    edit_item,
    merge_items,
    restore_item,
    set_published,
    split_item,
)
from duban.web.urlaccess import Access, access


@access(Access.READERS)
def report_list(request):
    reports = Report.objects.defer("text", "extraction").annotate(
        n_tasks=Count("tasks", filter=~Q(tasks__review=Task.Review.DROPPED)),
    ).order_by("-year", "-imported_at")
    return render(request, "ledger/report_list.html", {"reports": reports})


@require_http_methods(["GET", "POST"])
@access(Access.OFFICE)
def report_import(request):
    """Upload a report: checked at once, then read, extracted and stored by the queue while the
    job page shows the progress."""
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = start_import(upload, request.user, year=form.cleaned_data["year"],
                                   title=form.cleaned_data["title"] or None)
            except ImportError_ as exc:
                form.add_error("file", str(exc))
                status = 400
            else:
                return redirect("ledger:import_job", pk=job.pk)
        else:
            status = 400
    return render(request, "ledger/report_import.html", {"form": form}, status=status)


def _import_job(request, pk) -> ImportJob:
    return get_object_or_404(ImportJob.objects.defer("data"), pk=pk)


@access(Access.OFFICE)
def import_job(request, pk):
    """The import's progress; once done, the report's review page."""
    job = _import_job(request, pk)
    if job.state == ImportJob.State.DONE and job.report_id:
        if job.created:
            tasks = Task.objects.filter(report_id=job.report_id).count()
            targets = Target.objects.filter(task__report_id=job.report_id).count()
            messages.success(request, f"已导入：{tasks} 个条目、{targets} 个指标，请审核后确认入账。")
        else:
            # The job's own message says whether the re-import repaired the search index.
            messages.info(request, job.message or "该文件已导入过（内容相同），未重复导入。")
        return redirect("ledger:report_review", pk=job.report_id)
    return render(request, "ledger/import_job.html", {"job": job})


@access(Access.OFFICE)
def import_job_status(request, pk):
    job = _import_job(request, pk)
    done = job.state == ImportJob.State.DONE and job.report_id
    return JsonResponse(progress.status(job, download=reverse("ledger:import_job", args=[job.pk]) if done else None))


def _segments(text: str, spans: list[tuple[int, int, str, str]], cuts=()) -> list[dict]:
    """Cut ``text`` into plain and highlighted pieces (each knows its ``start``, an anchor for
    links into the source); overlapping spans: the first wins. ``cuts`` are further offsets
    where a plain piece is cut so that it can be linked to (paragraph starts)."""
    out, pos = [], 0
    cuts = sorted(set(cuts))

    def plain(upto: int) -> None:
        nonlocal pos
        for c in cuts:
            if pos < c < upto:
                out.append({"text": text[pos:c], "start": pos})
                pos = c
        if upto > pos:
            out.append({"text": text[pos:upto], "start": pos})
            pos = upto

    for start, end, cls, label in sorted(spans):
        if start is None or end is None or start < pos or end <= start or end > len(text):
            continue
        plain(start)
        out.append({"text": text[start:end], "cls": cls, "label": label, "start": start})
        pos = end
    plain(len(text))
    return out


@access(Access.READERS)
def report_review(request, pk):
    report, can_write = get_report_for_user(request, pk)
    return _review_page(request, report, can_write)


def _review_page(request, report, can_write: bool, reading_form: ReadingForm | None = None, status: int = 200):
    show = request.GET.get("show", "all")
    tasks = report.tasks.select_related("lead_department", "section").prefetch_related("targets").order_by("start", "id")
    if show == "targets":
        tasks = tasks.filter(targets__isnull=False).distinct()
    elif show == "dropped":
        tasks = tasks.filter(review=Task.Review.DROPPED)
    targets = Target.objects.filter(task__report=report).exclude(task__review=Task.Review.DROPPED)
    spans = [(t.start, t.end, "target", f"{t.metric} {t.comparator} {t.value if t.value is not None else ''}{t.unit}")
             for t in targets if t.start is not None]
    doc = report.extraction or {}
    results = [(r["start"], r["end"], "result", f"{_('结果')}：{r.get('metric') or ''} {r.get('period') or ''}")
               for r in doc.get("results") or [] if r.get("start") is not None]
    writable = can_write and report.state == Report.State.REVIEW
    return render(request, "ledger/report_review.html", {
        "report": report, "can_write": writable, "tasks": tasks, "show": show,
        "segments": _segments(report.text, spans + results, _anchors(doc)),
        "departments": Department.objects.filter(active=True),
        "n_targets": len(spans), "n_results": len(results), "defects": doc.get("defects", [])[:200],
        "warnings": [w | {"label": _WARNINGS.get(w.get("kind"), w.get("kind"))} for w in doc.get("warnings") or []],
        "reading": _reading(report.text, doc),
        "paragraphs": _paragraphs(report.text, doc) if writable else [],
        "reading_form": reading_form or ReadingForm(report=report, initial={"version": report.version}),
        "review_check": _review_check(request, report, len(results)),
    }, status=status)


def _review_check(request, report: Report, n_results: int) -> dict | None:
    """For the office, when the assessment is installed and the year before has a confirmed report:
    where this report's review is checked against that year's ledger (duban.web.assessment)."""
    from django.apps import apps
    from django.urls import reverse

    from duban.web.accounts.roles import Role, role_of

    if not n_results or role_of(request.user) != Role.OFFICE or not apps.is_installed("duban.web.assessment"):
        return None
    if not Report.objects.filter(year=report.year - 1, state=Report.State.CONFIRMED).exists():
        return None
    return {"year": report.year - 1, "url": reverse("assessment:review", args=[report.year - 1])}


# What each signal of the reading is called on the page (docs/extraction.md, "Review or plan").
_SIGNALS = {
    "heading_year": _("标题年份"), "heading_five_year_plan": _("标题中的五年规划"), "heading_time_word": _("标题时间词"),
    "heading_word": _("标题用词"), "heading_echo": _("呼应标题"), "opening_year": _("段首年份"),
    "opening_five_year_plan": _("段首五年规划"), "opening_time_word": _("段首时间词"), "opening_word": _("段首用词"),
    "subheading_year": _("小标题年份"), "subheading_five_year_plan": _("小标题五年规划"),
    "subheading_time_word": _("小标题时间词"), "headline_anchor": _("主要预期目标句"), "plan_phrase": _("计划用语"),
    "aspect": _("时态"), "period_words": _("反复提到的时段"), "default": _("默认"), "override": _("人工更正"),
    "appendix": _("附件"),
}


_PARTS = {"review": _("回顾"), "plan": _("计划")}
# What each kind of warning is called on the page (docs/schema.md, "Warnings").
_WARNINGS = {
    "headline_as_results": _("主要预期目标读成了结果"), "plan_without_targets": _("计划部分没有目标"),
    "review_with_targets": _("回顾部分读出目标"), "no_review": _("没有读出回顾"),
    "heading_year_contradiction": _("标题年份与判读不符"), "year_unknown": _("报告年份不明"),
    "year_inferred": _("报告年份系推定"),
}


def _signal(label: str) -> str:
    name, _sep, evidence = label.partition(":")
    evidence = _PARTS.get(evidence, evidence)
    return f"{_SIGNALS.get(name, name)}：{evidence}" if evidence else str(_SIGNALS.get(name, name))


def _chapter_titles(doc: dict) -> dict[str | None, str]:
    titles = {s["id"]: f"{s.get('number') or ''}{'、' if s.get('number') else ''}{s.get('title') or ''}"
              for s in doc.get("sections") or [] if s.get("level") == 1}
    titles[None] = str(_("（章节之前）"))
    return titles


def _reading(text: str, doc: dict) -> list[dict]:
    """The parts of the reading, one row each, with what decided them."""
    titles = _chapter_titles(doc)
    rows = []
    for p in doc.get("parts") or []:
        rows.append({
            "id": p["id"], "part": p["part"], "start": p["start"], "end": p["end"], "chapter": titles.get(p["section"], ""),
            "section": p["section"], "span": p.get("period") if p["part"] == "review" else p.get("horizon"),
            "signals": [_signal(s) for s in p.get("signals") or []], "excerpt": _excerpt(text, p["start"], 40),
            "paragraphs": len(p.get("paragraphs") or []),
        })
    return rows


def _paragraphs(text: str, doc: dict) -> list[dict]:
    """Every paragraph of the reading, for choosing a range."""
    titles = _chapter_titles(doc)
    return [{"start": s, "end": e, "chapter": titles.get(p["section"], ""), "excerpt": _excerpt(text, s, 24),
             "part": p["part"]} for p in doc.get("parts") or [] for s, e in p.get("paragraphs") or []]


def _anchors(doc: dict) -> list[int]:
    """Offsets the page links to: the start of every part and of every warning."""
    return [p["start"] for p in doc.get("parts") or []] + [w["start"] for w in doc.get("warnings") or []]


def _excerpt(text: str, start: int, n: int) -> str:
    piece = " ".join(text[start:start + n * 2].split())
    return piece[:n] + ("…" if len(piece) > n else "")


@require_POST
@access(Access.OFFICE)
def report_reading(request, pk):
    """The office reads a chapter or a range of paragraphs as review or plan; the report's targets
    and results are derived again from that reading."""
    report, can_write = get_report_for_user(request, pk)
    if not can_write:
        raise PermissionDenied("只有督查室可以更正回顾/计划划分")
    form = ReadingForm(request.POST, report=report)
    if not form.is_valid():
        return _review_page(request, report, can_write, form, status=400)
    data = form.cleaned_data
    status, result = attempt(form, lambda: reread_report(report, request.user, data["version"], start=data["start"],
                                                           end=data["end"], part=data["part"]))
    if status:
        report.refresh_from_db()
        return _review_page(request, report, can_write, form, status=status)
    messages.success(request, f"已按“{'回顾' if data['part'] == 'review' else '计划'}”重新读取："
                              f"删除 {result.dropped} 个条目，恢复 {result.restored} 个，新增 {result.added} 个，"
                              f"新增指标 {result.targets} 个；其他条目及其修改保持不变。")
    return redirect(reverse("ledger:report_review", args=[report.pk]) + "#reading")


@require_POST
@access(Access.OFFICE)
def report_confirm(request, pk):
    report, can_write = get_report_for_user(request, pk)
    if not can_write:
        raise PermissionDenied("只有督查室可以确认入账")
    try:
        n = confirm_report(report, request.user, validation.version(request.POST.get("version")))
    except (Conflict, validation.Invalid) as exc:
        messages.error(request, str(exc))
        return redirect("ledger:report_review", pk=report.pk)
    messages.success(request, f"已确认入账：{n} 项任务进入台账。")
    return redirect("ledger:task_list")


@require_POST
@access(Access.OFFICE)
def report_publish(request, pk):
    report, can_write = get_report_for_user(request, pk)
    if not can_write:
        raise PermissionDenied("只有督查室可以公开报告")
    try:
        set_published(report, request.user, validation.version(request.POST.get("version")),
                      request.POST.get("published") == "1")
    except (Conflict, validation.Invalid) as exc:
        messages.error(request, str(exc))
    return redirect("ledger:report_review", pk=report.pk)


@require_POST
@access(Access.OFFICE)
def item_action(request, pk):
    """One review action on an imported item: edit, drop, restore, merge (with ``other``), split (at ``at``)."""
    task = get_visible_or_404(Task.objects.select_related("report"), pk)
    get_report_for_user(request, task.report_id)
    action = request.POST.get("action", "")
    try:
        version = validation.version(request.POST.get("version"))
        if action == "edit":
            lead = filter_choice(Department.objects.all(), request.POST.get("lead"))
            edit_item(task, request.user, version, title=request.POST.get("title", ""), text=request.POST.get("text", ""),
                      lead_department=lead)
        elif action == "drop":
            drop_item(task, request.user, version)
        elif action == "restore":
            restore_item(task, request.user, version)
        elif action == "merge":
            other = filter_choice(Task.objects.filter(report=task.report), request.POST.get("other"))
            if other is None:
                raise validation.Invalid("other", "请选择同一报告中要合并的条目。")
            raw_other_version = request.POST.get("other_version")
            other_version = validation.version(raw_other_version, "other_version") if raw_other_version else other.version
            merge_items(task, other, request.user, version, other_version)
        elif action == "split":
            split_item(task, request.user, version, validation.position(request.POST.get("at")))
        else:
            raise WorkflowError(f"未知操作“{action[:20]}”。")
    except (WorkflowError, validation.Invalid) as exc:
        messages.error(request, str(exc))
        return redirect("ledger:report_review", pk=task.report_id)
    messages.success(request, "已保存。")
    return redirect(reverse("ledger:report_review", args=[task.report_id]) + f"#item-{task.pk}")
