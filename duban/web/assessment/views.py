"""Assessment pages: the published rubric, the ranking, a department's detail (with the office's
adjustments), the Excel export, closing a year, and the review check (next year's report
against the ledger).

Who sees what: the rubric is public; the ranking is for every role; a department's detail
for the office, leaders and that department's own reporters (another department's detail is
"not found", like a task of theirs); the export is for the office and leaders; adjusting,
closing and the review check are the office's.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from django.views.decorators.http import require_POST

from duban.web.accounts.roles import Role, department_of, role_of
from duban.web.assessment import components as comp
from duban.web.assessment import rubric as rubric_mod
from duban.web.assessment.facts import YearNotStarted
from duban.web.assessment.models import Adjustment, ClosedYear
from duban.web.assessment.review_match import VERDICTS, check_year
from duban.web.assessment.scoring import assess
from duban.web.assessment.services import AssessmentError, add_adjustment, close_year
from duban.web.assessment.workbook import write_assessment
from duban.web.ledger import clock
from duban.web.ledger.access import NOT_FOUND
from duban.web.ledger.models import Department
from duban.web.urlaccess import Access, access

VERDICT_LABELS = {
    "consistent": N_("一致"),
    "claims_more": N_("报告所述高于核实数"),
    "no_verified": N_("台账无核实数"),
    "not_mentioned": N_("报告未提及"),
}


def _verdict_labels() -> dict:
    return {k: _(v) for k, v in VERDICT_LABELS.items()}


def _year(raw) -> int:
    """A year from the URL or the query; anything else is a 404 (not a 500)."""
    if raw in (None, ""):
        today = clock.today()
        return today.year
    try:
        year = int(str(raw))
    except ValueError:
        raise Http404(_("年份应为四位数字")) from None
    if not 2000 <= year <= 2100:
        raise Http404(_("年份应为四位数字"))
    return year


def _failure(request, year: int, exc: Exception):
    status = 404 if isinstance(exc, YearNotStarted) else 409
    return render(request, "assessment/error.html", {"year": year, "message": str(exc)}, status=status)


def _years() -> list[int]:
    from duban.web.ledger.models import Report

    years = set(Report.objects.filter(state=Report.State.CONFIRMED).values_list("year", flat=True))
    years.add(clock.today().year)
    return sorted((y for y in years if y <= clock.today().year), reverse=True)


@access(Access.PUBLIC)
def rubric(request):
    try:
        versions = rubric_mod.load_versions()
    except rubric_mod.RubricError as exc:
        return render(request, "assessment/error.html", {"message": str(exc)}, status=500)
    closed = {c.year: c for c in ClosedYear.objects.all()}
    rows = []
    for r in reversed(versions):
        weighted = r.weighted
        total = sum(p["weight"] for p in weighted.values()) or 1
        share = 100 - 2 * r.adjustment_cap
        comps = [{"key": k, "label": comp.LABELS[k], "weight": p["weight"], "share": round(share * p["weight"] / total, 1),
                  "rule": _rule_text(k, p), "available": comp.available(k)} for k, p in weighted.items()]
        rows.append({"rubric": r, "components": comps, "share": share, "closed": sorted(y for y, c in closed.items()
                                                                                          if c.rubric_version == r.version)})
    return render(request, "assessment/rubric.html", {"versions": rows})


def _rule_text(key: str, p: dict) -> str:
    if key == "completion":
        return _("每项指标按最新核实数与目标值之比计分（单项最高 {cap:g}%，控制类指标不超过上限即满分）；无指标的任务按核实完成的阶段权重计分；"
                 "取本单位本年度到期任务的平均值。").format(cap=p.get("cap", 100))
    if key == "timeliness":
        return _("任务在年度内每月应于报送日前报送进度；按时报送计1期，迟报计 {c:g} 期，未报计0，按应报期数折算百分制。").format(
            c=p.get("late_credit", 0.5))
    if key == "status_time":
        pts = p["points"]
        return _("按任务在年度内处于各状态的天数加权：正常 {normal:g}、已完成 {done:g}、蓝色 {blue:g}、黄色 {yellow:g}、红色 {red:g} 分；"
                 "逾期未完成的任务一直计到年末或完成之日。").format(**pts)
    if key == "returns":
        return _("督查室年度内对本单位进度报告的核实中，未被退回的比例。")
    if key == "suggestions":
        return _("建议提案按时办复率（权重 {a:g}）与满意率（权重 {b:g}）的加权平均；建议提案模块未安装时不计入。").format(
            a=p.get("on_time", 0.5), b=p.get("satisfaction", 0.5))
    if key == "review_consistency":
        return _("下一年度政府工作报告回顾部分所述成绩与台账最新核实数比对：所述不高于核实数（容差 {t:g}%）为一致，按一致比例计分；"
                 "下一年度报告尚未导入时不计入。").format(t=100 * p.get("tolerance", 0.01))
    return ""


def _visible_detail(user, dept_id: int) -> bool:
    role = role_of(user)
    if role in (Role.OFFICE, Role.LEADER):
        return True
    own = department_of(user) if role == Role.REPORTER else None
    return own is not None and own.pk == dept_id


@access(Access.LOGIN)
def ranking(request):
    year = _year(request.GET.get("year"))
    try:
        a = assess(year)
    except (rubric_mod.RubricError, YearNotStarted) as exc:
        return _failure(request, year, exc)
    rows = [{"d": d, "scores": [d.component(k) for k in a.component_keys], "visible": _visible_detail(request.user, d.department.pk)}
            for d in a.departments]
    role = role_of(request.user)
    return render(request, "assessment/ranking.html", {
        "a": a, "rows": rows, "labels": [comp.LABELS[k] for k in a.component_keys], "years": _years(),
        "is_office": role == Role.OFFICE, "can_export": role in (Role.OFFICE, Role.LEADER),
        "closed": ClosedYear.objects.filter(year=year).select_related("closed_by").first(),
        "versions": [r.version for r in rubric_mod.load_versions() if r.covers(year)],
    })


@access(Access.LOGIN)
def detail(request, year: int, dept: int):
    year = _year(year)
    if not _visible_detail(request.user, dept):
        raise Http404(NOT_FOUND)
    department = Department.objects.filter(pk=dept).first()
    if department is None:
        raise Http404(NOT_FOUND)
    try:
        a = assess(year)
    except (rubric_mod.RubricError, YearNotStarted) as exc:
        return _failure(request, year, exc)
    d = a.for_department(dept)
    is_office = role_of(request.user) == Role.OFFICE
    adjustments = Adjustment.objects.filter(year=year, department=department).select_related("by")
    return render(request, "assessment/detail.html", {
        "a": a, "d": d, "department": department, "is_office": is_office, "adjustments": adjustments,
        "can_adjust": is_office and not a.closed, "verdicts": _verdict_labels(),
        "inactive_labels": {k: comp.LABELS[k] for k in (d.inactive if d else {})},
    })


@require_POST
@access(Access.OFFICE)
def adjust(request, year: int, dept: int):
    year = _year(year)
    department = Department.objects.filter(pk=dept).first()
    if department is None:
        raise Http404(NOT_FOUND)
    try:
        add_adjustment(request.user, year=year, department=department, points=request.POST.get("points", ""),
                       reason=request.POST.get("reason", ""))
    except AssessmentError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("assessment:detail", args=[year, dept]) + "#adjust")
    messages.success(request, _("已记录加减分"))
    return redirect("assessment:detail", year, dept)


@require_POST
@access(Access.OFFICE)
def close(request, year: int):
    year = _year(year)
    try:
        closed = close_year(request.user, year=year, rubric_version=request.POST.get("version") or None)
    except AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("{year} 年考核已按细则 {v} 关账").format(year=year, v=closed.rubric_version))
    return redirect(reverse("assessment:ranking") + f"?year={year}")


@access(Access.READERS)
def export(request, year: int):
    year = _year(year)
    try:
        a = assess(year)
    except (rubric_mod.RubricError, YearNotStarted) as exc:
        return _failure(request, year, exc)
    raw = write_assessment(a)
    resp = HttpResponse(raw, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"{year}年度考核结果.xlsx"
    resp["Content-Disposition"] = f"attachment; filename=\"assessment-{year}.xlsx\"; filename*=UTF-8''{quote(name)}"
    return resp


@access(Access.OFFICE)
def review(request, year: int):
    year = _year(year)
    try:
        tol = rubric_mod.rubric_for(year).components.get("review_consistency", {}).get("tolerance", 0.01)
    except rubric_mod.RubricError:
        tol = 0.01
    check = check_year(year, tolerance=tol)
    show = request.GET.get("show", "discrepancies")
    if show not in ("all", *VERDICTS, "discrepancies"):
        show = "discrepancies"
    if show == "all":
        pairs = check.pairs
    elif show == "discrepancies":
        pairs = check.discrepancies
    else:
        pairs = [p for p in check.pairs if p.verdict == show]
    return render(request, "assessment/review.html", {
        "year": year, "check": check, "pairs": pairs, "counts": check.counts(), "show": show,
        "verdicts": _verdict_labels(), "filters": ["discrepancies", *VERDICTS, "all"],
    })
