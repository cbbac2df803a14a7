"""Forms of the ledger pages. Each carries the ``version`` the user saw (conflict detection)."""

from __future__ import annotations

from django import forms
from django.conf import settings

from duban.web.ledger import clock
from duban.web.ledger import validation as check
from duban.web.ledger.models import Department, Milestone, ReportType


class CheckedField(forms.CharField):
    """A form field whose value is cleaned by one of :mod:`validation`'s checks, so a page
    gives the same answer as the API and the Excel import."""

    def __init__(self, check_fn, *, strip=False, **kwargs):
        self.check_fn = check_fn
        super().__init__(strip=strip, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values and not self.required:
            return None
        try:
            return self.check_fn(value)
        except check.Invalid as exc:
            raise forms.ValidationError(exc.message, code="invalid") from None


class VersionedForm(forms.Form):
    version = CheckedField(check.version, widget=forms.HiddenInput)


class ImportForm(forms.Form):
    file = forms.FileField(label="报告文件（txt / docx / pdf / html）")
    year = CheckedField(check.year, label="年份", required=False, help_text="文中未写明年份时必填")
    title = CheckedField(check.title, label="标题", required=False)

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > settings.LEDGER_IMPORT_MAX_BYTES:
            raise forms.ValidationError(f"文件过大：{f.size:,} 字节，上限 {settings.LEDGER_IMPORT_MAX_BYTES:,} 字节。")
        if f.size == 0:
            raise forms.ValidationError("文件为空。")
        return f


class AssignForm(VersionedForm):
    title = CheckedField(check.title, label="标题")
    lead = forms.ModelChoiceField(Department.objects.filter(active=True), label="牵头单位", required=False)
    cooperating = forms.ModelMultipleChoiceField(Department.objects.filter(active=True), label="配合单位", required=False,
                                                 widget=forms.SelectMultiple(attrs={"size": 8}))
    # an <input type="date"> shows its value only in ISO form
    deadline = CheckedField(check.date, label="完成时限", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    published = forms.BooleanField(label="向社会公开", required=False)


class StagesForm(VersionedForm):
    """Stages as lines: ``名称 | 权重 | 计划完成日期(YYYY-MM-DD，可空)``."""

    stages = forms.CharField(label="阶段（每行：名称 | 权重 | 计划完成日期）", widget=forms.Textarea(attrs={"rows": 6}), required=False)

    def clean_stages(self):
        rows = []
        lines = [line for line in self.cleaned_data["stages"].splitlines() if line.strip()]
        if len(lines) > check.STAGES_MAX:
            raise forms.ValidationError(f"阶段最多 {check.STAGES_MAX} 个。")
        for n, line in enumerate(lines, 1):
            parts = [p.strip() for p in line.replace("｜", "|").split("|")]
            try:
                rows.append({"title": check.title(parts[0]),
                             "weight": check.stage_weight(parts[1] if len(parts) > 1 else ""),
                             "due": check.date(parts[2]) if len(parts) > 2 and parts[2] else None})
            except check.Invalid as exc:
                raise forms.ValidationError(f"第 {n} 行：{exc.message}") from None
        return rows


def _period_default() -> str:
    return clock.today().strftime("%Y-%m")


class ProgressForm(forms.Form):
    report_type = forms.ModelChoiceField(ReportType.objects.none(), label="报告类型", empty_label=None)
    period = CheckedField(check.period, label="报告期（YYYY-MM）", initial=_period_default)
    narrative = CheckedField(check.narrative, label="进展情况", widget=forms.Textarea(attrs={"rows": 5}))
    milestones = forms.ModelMultipleChoiceField(Milestone.objects.none(), label="本期完成的阶段", required=False,
                                                widget=forms.CheckboxSelectMultiple)
    # On a phone: the camera offered at once (capture), the accepted kinds named (accept).
    evidence = forms.FileField(label="佐证材料", required=False, widget=forms.ClearableFileInput(attrs={"capture": "environment"}))

    def __init__(self, *args, task, types, refile=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task
        self.fields["report_type"].queryset = ReportType.objects.filter(pk__in=[t.pk for t in types])
        self.fields["milestones"].queryset = task.milestones.filter(done_on__isnull=True)
        if refile:
            del self.fields["report_type"]
            del self.fields["period"]
        self.target_fields = []
        for target in task.targets.all():
            name = f"target_{target.pk}"
            sign = {">=": "≥", "<=": "≤", "=": ""}.get(target.comparator, target.comparator)
            label = (f"{target.metric}（目标 {sign}{target.value:g}{target.unit}）"
                     if target.value is not None else target.metric)
            # A phone shows its numeric keyboard (with the decimal point) for a figure.
            self.fields[name] = CheckedField(check.signed_figure if check.is_rate(target) else check.figure,
                                             label=label, required=False,
                                             widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
            self.target_fields.append((name, target))

        if "evidence" in self.fields:
            from django.conf import settings

            kinds = sorted({*settings.LEDGER_EVIDENCE_TYPES, *settings.LEDGER_EVIDENCE_TYPES.values()})
            self.fields["evidence"].widget.attrs["accept"] = ",".join(kinds)

        if not self.fields["milestones"].queryset.exists():
            del self.fields["milestones"]  # no open stage: no empty box to puzzle over
        # On a phone the figures come right after the period, the evidence last.
        self.order_fields(["report_type", "period", *(n for n, _t in self.target_fields), "narrative", "milestones",
                           "evidence"])

    def figures(self) -> dict[int, float]:
        return {t.pk: self.cleaned_data[n] for n, t in self.target_fields if self.cleaned_data.get(n) is not None}


class VerifyForm(VersionedForm):
    decision = forms.ChoiceField(choices=[("accept", "核实通过"), ("return", "退回")], label="核实结论")
    reason = CheckedField(check.reason, label="理由（退回时必填）", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("reason") or "").strip():
            self.add_error("reason", "退回时必须说明理由。")
        return data


class MapDepartmentForm(forms.Form):
    department = forms.ModelChoiceField(Department.objects.filter(active=True), label="归并到", required=False)
    new_name = CheckedField(check.name, label="或新建单位", required=False)

    def clean(self):
        data = super().clean()
        if not data.get("department") and not (data.get("new_name") or "").strip():
            raise forms.ValidationError("请选择一个单位，或填写新单位名称。")
        return data


class ReadingForm(VersionedForm):
    """The office's reading of a chapter or of a range of paragraphs: review or plan."""

    part = forms.ChoiceField(label="读作", choices=[("review", "回顾（数字为结果）"), ("plan", "计划（数字为目标）")])
    section = forms.CharField(required=False, max_length=40)
    start = CheckedField(check.offset, label="从", required=False)
    end = CheckedField(check.offset, label="到", required=False)

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report

    def clean(self):
        data = super().clean()
        key = data.get("section")
        if key:
            sections = {s.get("id"): s for s in (self.report.extraction or {}).get("sections") or []}
            if key not in sections:
                raise forms.ValidationError(f"报告中没有章节“{key}”。")
            data["start"], data["end"] = int(sections[key]["start"]), int(sections[key]["end"])
        elif data.get("start") is None or data.get("end") is None:
            raise forms.ValidationError("请选择一章，或选择起止段落。")
        if data.get("start") is not None and data.get("end") is not None and data["start"] >= data["end"]:
            raise forms.ValidationError("起始段落须在结束段落之前。")
        return data
