"""Import a report into the ledger: extraction document → Report, Sections, Tasks, Targets.

The whole import is one transaction: it completes or leaves nothing behind. The same
text (same sha256) imported twice returns the existing report. Imported items wait in
review (``Task.Review.PENDING``) until the office confirms the report.

:func:`reread_report` is the office's correction of the reading of review and plan: the
report is extracted again with the corrected stretch as an input, and only the items of
the paragraphs whose reading changed are dropped, restored or added.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from duban.web.audit.events import Action
from duban.web.audit.record import record
from duban.web.ledger import departments
from duban.web.ledger.models import Report, Section, Target, Task

__all__ = ["ImportResult", "RereadResult", "import_file", "import_upload", "run_import", "import_document", "reread_report",
           "deadline_from", "ImportError_", "check_upload", "start_import", "run_import_job", "already_imported_message"]

_YEAR_IN_TEXT = re.compile(r"(20\d\d)年(?:政府工作报告|工作报告|重点工作|主要预期目标)")


class ImportError_(Exception):
    """A user-facing import failure (the message is shown as is)."""


@dataclass(frozen=True)
class ImportResult:
    report: Report
    created: bool
    tasks: int
    targets: int
    unknown_departments: list[str]
    # A re-import: search index rows that were missing or stale and have been written again.
    reindexed: int = 0


def import_file(path, user=None, *, year: int | None = None, title: str | None = None) -> ImportResult:
    from django.conf import settings

    from duban.extract import InputError, read_path

    try:
        src = read_path(path, max_bytes=settings.LEDGER_IMPORT_MAX_BYTES)
    except InputError as exc:
        raise ImportError_(str(exc)) from None
    return _import_source(src, user, year=year, title=title)


def _read_upload(upload) -> bytes:
    from django.conf import settings

    limit = settings.LEDGER_IMPORT_MAX_BYTES
    # Read at most one byte past the limit: the size is known before anything is parsed.
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ImportError_(f"文件过大：超过上限 {limit:,} 字节。")
    return data


def run_import(upload, user=None, *, year: int | None = None, title: str | None = None) -> ImportResult:
    """Import an uploaded file now, in this process: ``POST /api/reports`` answers with the result.
    The import page queues the same work instead (:func:`start_import`)."""
    return import_upload(_read_upload(upload), upload.name, user, year=year, title=title)


def import_upload(data: bytes, name: str, user=None, *, year: int | None = None, title: str | None = None) -> ImportResult:
    from duban.extract import InputError, read_bytes

    try:
        src = read_bytes(data, name=name)
    except InputError as exc:
        raise ImportError_(str(exc)) from None
    return _import_source(src, user, year=year, title=title)


def check_upload(data: bytes, name: str) -> str:
    """The upload's format, or ImportError_: the quick check a page makes before queuing the import.
    A text file is decoded here too (cheap); .docx, PDF and HTML are parsed by the queued job."""
    from duban.extract import InputError, read_bytes
    from duban.extract.readers.detect import detect_format

    if not data:
        raise ImportError_("文件为空。")
    try:
        fmt = detect_format(data, name)
        if fmt == "text":
            read_bytes(data, name=name)
    except InputError as exc:
        raise ImportError_(str(exc)) from None
    return fmt


def start_import(upload, user, *, year: int | None = None, title: str | None = None):
    """Queue the import of an upload (reading, extraction and storing run in ``duban worker``);
    returns the :class:`ImportJob` whose progress the import page shows. The same checks as
    :func:`run_import` refuse a file at once."""
    from duban.web.ledger.jobs import import_report
    from duban.web.ledger.models import ImportJob

    data, name = _read_upload(upload), upload.name
    check_upload(data, name)
    with transaction.atomic():
        job = ImportJob.objects.create(name=name[:255], data=data, year=year, title=title or "", created_by=user)
        import_report.enqueue(job.pk)
    return job


def run_import_job(job_id: int) -> None:
    """The queued import: read, extract, store, with progress on the job row."""
    from duban.web.jobs import progress
    from duban.web.ledger.models import ImportJob

    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.state == ImportJob.State.DONE:
        return
    progress.start(ImportJob, job_id, "读取文件")
    try:
        from duban.extract import InputError, read_bytes

        try:
            src = read_bytes(bytes(job.data), name=job.name)
        except InputError as exc:
            raise ImportError_(str(exc)) from None
        progress.report(ImportJob, job_id, 30, "提取章节、任务和指标")
        result = _import_source(src, job.created_by, year=job.year, title=job.title or None)
    except ImportError_ as exc:
        progress.fail(ImportJob, job_id, str(exc))
        return
    progress.finish(ImportJob, job_id, "已导入" if result.created else already_imported_message(result),
                    report=result.report, created=result.created, data=b"")


def _import_source(src, user, *, year, title) -> ImportResult:
    from duban.extract import extract_text

    existing = Report.objects.filter(sha256=src.sha256).first()
    if existing is not None:
        return _already_imported(existing)
    doc = extract_text(src.text, year=year, name=src.name, source=src.source_info())
    return import_document(doc, src.text, user, title=title, source_format=src.format)


def _search_installed() -> bool:
    from django.apps import apps

    return apps.is_installed("duban.web.search")


def _already_imported(report: Report) -> ImportResult:
    """The answer to a re-import of the same text: nothing is imported again, but the report's
    search index is repaired if it is missing or stale (the import's own index may be lost)."""
    reindexed = 0
    if _search_installed():
        from duban.web.search.index import repair

        reindexed = repair(report.tasks.values_list("pk", flat=True))
    return ImportResult(report, False, report.tasks.count(), Target.objects.filter(task__report=report).count(), [],
                        reindexed=reindexed)


def already_imported_message(result: ImportResult) -> str:
    message = "该文件已导入过（内容相同），未重复导入。"
    if result.reindexed:
        message += f"已补建 {result.reindexed} 个条目的搜索索引。"
    return message


def _guess_year(doc: dict, text: str) -> int | None:
    year = (doc.get("source") or {}).get("year")
    if year:
        return int(year)
    m = _YEAR_IN_TEXT.search(text[:5000])
    return int(m.group(1)) if m else None


def deadline_from(value: str | None, year: int) -> dt.date | None:
    """A target's deadline ("2025", "3y") as the last day of that year."""
    if not value:
        return None
    value = str(value).strip()
    if re.fullmatch(r"\d{4}", value):
        return dt.date(int(value), 12, 31)
    m = re.fullmatch(r"(\d+)y", value)
    if m:
        return dt.date(year + int(m.group(1)) - 1, 12, 31)
    return None


def _title(text: str, limit: int = 60) -> str:
    first = re.split(r"[。；;！]", text.strip(), maxsplit=1)[0].strip()
    first = re.sub(r"\s+", "", first)
    return (first[: limit - 1] + "…") if len(first) > limit else (first or "（无标题）")


def import_document(doc: dict, text: str, user=None, *, title: str | None = None, source_format: str = "text") -> ImportResult:
    """Store a ``duban.extract/1`` document and its text. Atomic; idempotent by sha256."""
    if doc.get("schema") != "duban.extract/1":
        raise ImportError_(f"不是 duban.extract/1 文档（schema={doc.get('schema')!r}）")
    source = doc.get("source") or {}
    sha = source.get("sha256")
    if not sha:
        raise ImportError_("提取结果缺少 source.sha256")
    year = _guess_year(doc, text)
    if year is None:
        raise ImportError_("无法确定报告年份：请填写年份（命令行用 --year）")
    with transaction.atomic():
        existing = Report.objects.select_for_update().filter(sha256=sha).first()
        if existing is not None:
            return _already_imported(existing)
        report = Report(
            title=title or _report_title(source.get("name") or "report", year),
            year=year,
            source_name=str(source.get("name") or "")[:255],
            source_format=source_format,
            sha256=sha,
            text=text,
            extraction=doc,
            imported_by=user if getattr(user, "is_authenticated", False) else None,
        )
        report._history_user = report.imported_by
        try:
            with transaction.atomic():  # a savepoint: PostgreSQL can go on after the refusal below
                report.save()
        except IntegrityError:
            # The same file imported at the same moment: the first import holds the sha256. On
            # PostgreSQL the unique index makes this one wait for it to commit, so it is visible
            # now; answer as a sequential re-import does.
            existing = Report.objects.filter(sha256=sha).first()
            if existing is None:
                raise
            return _already_imported(existing)
        sections = _import_sections(report, doc.get("sections") or [])
        start = dt.date(year, 1, 1)
        default_deadline = dt.date(year, 12, 31)
        index = departments._index()
        unknown: list[str] = []
        tasks_by_key: dict[str, Task] = {}
        list_spans = [(li.get("start"), li.get("end")) for li in doc.get("list_items") or [] if li.get("start") is not None]
        for item in doc.get("tasks") or []:
            if _inside_any(item.get("start"), item.get("end"), list_spans):
                # An appendix item is imported once, as a list item (it carries the lead department).
                continue
            task = _new_task(report, item, sections, report.imported_by)
            tasks_by_key[task.key] = task
        for n, item in enumerate(doc.get("list_items") or []):
            lead_text = (item.get("lead_department") or "").strip()
            task = Task(
                report=report, key=f"list-{n}", list_name=(item.get("list") or "")[:120],
                list_number=str(item.get("number") or "")[:20], title=_title(item.get("text", "")),
                text=item.get("text", ""), start=item.get("start"), end=item.get("end"),
                lead_department_text=lead_text[:120], start_date=start, deadline=default_deadline,
            )
            task.section = _section_at(sections, task.start)
            names = departments.split_names(lead_text)
            if names:
                lead = departments.resolve_or_queue(names[0], report, index)
                task.lead_department = lead
                if lead is None:
                    unknown.append(names[0])
            task._history_user = report.imported_by
            task.save()
            coop = [d for d in (departments.resolve_or_queue(n, report, index) for n in names[1:]) if d]
            unknown += [n for n in names[1:] if departments.resolve(n, index) is None]
            if coop:
                task.cooperating.add(*coop)
        n_targets = 0
        for item in doc.get("targets") or []:
            task = tasks_by_key.get(str(item.get("task")))
            if task is None or not (task.start is None or task.start <= (item.get("start") or 0) < (task.end or 0)):
                task = _task_containing(report, item.get("start")) or task
            if task is None:
                continue
            _new_target(task, item, year, report.imported_by)
            n_targets += 1
        record(user, Action.REPORT_IMPORTED, report, {
            "sha256": sha, "tasks": len(tasks_by_key) + len(doc.get("list_items") or []), "targets": n_targets,
            "unknown_departments": sorted(set(unknown)),
        })
        if _search_installed():
            # The search index in the same transaction as the report it indexes.
            from duban.web.search.signals import index_pending_now

            index_pending_now()
    return ImportResult(report, True, report.tasks.count(), n_targets, sorted(set(unknown)))


def _new_task(report: Report, item: dict, sections: dict[str, Section], user, key: str | None = None) -> Task:
    """A clause of the plan (an item of the document's ``tasks``) as a ledger task in review."""
    task = Task(
        report=report, key=key or str(item.get("id", "")), section=sections.get(item.get("section")),
        title=_title(item.get("text", "")), text=item.get("text", ""), start=item.get("start"), end=item.get("end"),
        start_date=dt.date(report.year, 1, 1), deadline=dt.date(report.year, 12, 31),
    )
    task._history_user = user
    task.save()
    return task


def _new_target(task: Task, item: dict, year: int, user) -> Target:
    """A target of the document on ``task``; the task's deadline moves to the target's when later."""
    target = Target(
        task=task, key=str(item.get("id", "")), quote=(item.get("quote") or "")[:300],
        start=item.get("start"), end=item.get("end"), metric=(item.get("metric") or item.get("quote") or "")[:120],
        value=item.get("value"), value_max=item.get("value_max"), unit=(item.get("unit") or "")[:20],
        comparator=(item.get("comparator") or "=")[:2], kind=(item.get("kind") or "other")[:12],
        deadline=str(item.get("deadline") or "")[:20],
    )
    target._history_user = user
    target.save()
    due = deadline_from(target.deadline, year)
    if due and due > task.deadline:
        # save(), not update(): the history must show where the deadline came from.
        task.deadline = due
        task._history_user = user
        task.save(update_fields=["deadline"])
    return target


def _report_title(name: str, year: int) -> str:
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", str(name).rsplit("/", 1)[-1])
    return f"{year}年 {stem}"[:200]


def _import_sections(report: Report, items: list[dict]) -> dict[str, Section]:
    by_key: dict[str, Section] = {}
    for item in items:
        section = Section.objects.create(
            report=report, key=str(item.get("id", "")), level=int(item.get("level") or 1),
            number=str(item.get("number") or "")[:20], title=(item.get("title") or "")[:300],
            start=item.get("start") or 0, end=item.get("end") or 0, parent=by_key.get(item.get("parent")),
        )
        by_key[section.key] = section
    return by_key


def _section_at(sections: dict[str, Section], offset: int | None) -> Section | None:
    if offset is None:
        return None
    inside = [s for s in sections.values() if s.start <= offset < s.end]
    return max(inside, key=lambda s: s.level) if inside else None


def _inside_any(start, end, spans) -> bool:
    if start is None or end is None:
        return False
    # Overlap, not containment: a clause that runs across two appendix items is still theirs.
    return any(s is not None and e is not None and s < end and start < e for s, e in spans)


def _task_containing(report: Report, offset: int | None) -> Task | None:
    if offset is None:
        return None
    return report.tasks.filter(start__lte=offset, end__gt=offset).order_by("-start").first()


# --- the office's correction of the reading of review and plan ---------------------------------

PARTS = ("review", "plan")
_REREAD_REASON = "更正回顾/计划划分"


@dataclass(frozen=True)
class RereadResult:
    dropped: int  # tasks of paragraphs now read as review
    restored: int  # tasks dropped by an earlier reading, back as plan
    added: int  # new tasks of paragraphs now read as plan
    targets: int  # targets added
    results: int  # results of the report after the change


def reread_report(report: Report, user, expected_version: int, *, start: int, end: int, part: str) -> RereadResult:
    """Read the paragraphs that start in ``start``..``end`` as ``part`` and re-derive the report's
    targets and results from that reading. Tasks of paragraphs now read as review are dropped
    (restorable); tasks of paragraphs now read as plan are restored or added with their
    targets; every other item, and every edit made to it, stays as it is. Atomic; recorded in
    the history of every changed row and as one audit event."""
    from duban.extract import extract_text
    from duban.web.ledger import validation
    from duban.web.ledger.workflow import WorkflowError, bump

    expected_version = validation.version(expected_version)
    start, end = validation.offset(start, "start"), validation.offset(end, "end")
    if report.state != Report.State.REVIEW:
        raise WorkflowError("报告已确认入账，不能再更正回顾/计划划分。")
    if part not in PARTS:
        raise WorkflowError(f"划分只能是“回顾”或“计划”，不是“{part}”。")
    if not 0 <= start < end <= len(report.text):
        raise WorkflowError(f"所选范围 {start}–{end} 不在报告原文之内（0–{len(report.text)}）。")
    old = report.extraction or {}
    overrides = _merge_override(old.get("overrides") or [], start, end, part)
    with transaction.atomic():
        bump(report, expected_version, user, state=Report.State.REVIEW)
        try:
            doc = extract_text(report.text, year=report.year, name=report.source_name, source=old.get("source"),
                               overrides=overrides)
        except ValueError as exc:
            raise WorkflowError(f"无法按此更正重新提取：{exc}") from None
        changed = _changed_paragraphs(old, doc, start, end)
        to_review = [(s, e) for s, e, p in changed if p == "review"]
        to_plan = [(s, e) for s, e, p in changed if p == "plan"]
        clauses = report.tasks.filter(list_name="")
        dropped = [t for t in clauses.filter(review=Task.Review.PENDING) if _starts_in(t.start, to_review)]
        for task in dropped:
            _change_task(task, user, review=Task.Review.DROPPED)
        sections = {s.key: s for s in report.sections.all()}
        restored, added, by_id = [], [], {}
        for item in doc.get("tasks") or []:
            if not _starts_in(item.get("start"), to_plan):
                continue
            task = clauses.filter(start=item.get("start"), end=item.get("end")).order_by("pk").first()
            if task is None:
                task = _new_task(report, item, sections, user, key=f"{item.get('id')}@v{report.version}")
                added.append(task)
            elif task.review == Task.Review.DROPPED:
                _change_task(task, user, review=Task.Review.PENDING)
                restored.append(task)
            by_id[item.get("id")] = task
        new_targets = []
        for item in doc.get("targets") or []:
            if not _starts_in(item.get("start"), to_plan):
                continue
            task = by_id.get(item.get("task")) or _task_containing(report, item.get("start"))
            if task is None or task.targets.filter(start=item.get("start"), end=item.get("end")).exists():
                continue
            new_targets.append(_new_target(task, item, report.year, user))
        report.extraction = doc
        report._history_user = user if getattr(user, "is_authenticated", False) else None
        report._change_reason = _REREAD_REASON
        report.save()
        record(user, Action.REPORT_REREAD, report, {
            "start": start, "end": end, "part": part, "paragraphs": [[s, e] for s, e, _ in changed],
            "dropped": [t.pk for t in dropped], "restored": [t.pk for t in restored], "added": [t.pk for t in added],
            "targets_added": [t.pk for t in new_targets], "results": len(doc.get("results") or []),
            "warnings": [w["kind"] for w in doc.get("warnings") or []],
        })
    return RereadResult(len(dropped), len(restored), len(added), len(new_targets), len(doc.get("results") or []))


def _merge_override(overrides: list[dict], start: int, end: int, part: str) -> list[dict]:
    """The earlier corrections without the stretch now corrected, and the new one."""
    out = []
    for o in overrides:
        s, e = int(o["start"]), int(o["end"])
        if s < start:
            out.append({"start": s, "end": min(e, start), "part": o["part"]})
        if e > end:
            out.append({"start": max(s, end), "end": e, "part": o["part"]})
    out.append({"start": start, "end": end, "part": part})
    return sorted(out, key=lambda o: o["start"])


def _changed_paragraphs(old: dict, new: dict, start: int, end: int) -> list[tuple[int, int, str]]:
    """Paragraphs (start, end, new part) read otherwise than before. A document extracted
    before readings were recorded counts every paragraph of the corrected stretch as changed."""
    before = {s: p["part"] for p in old.get("parts") or [] for s, _ in p["paragraphs"]}
    out = []
    for p in new.get("parts") or []:
        for s, e in p["paragraphs"]:
            was = before.get(s)
            if was != p["part"] and (was is not None or start <= s < end):
                out.append((s, e, p["part"]))
    return out


def _starts_in(offset: int | None, spans: list[tuple[int, int]]) -> bool:
    return offset is not None and any(s <= offset < e for s, e in spans)


def _change_task(task: Task, user, **fields) -> None:
    from duban.web.ledger.workflow import bump

    bump(task, task.version, user)
    for name, value in fields.items():
        setattr(task, name, value)
    task._change_reason = _REREAD_REASON
    task.save()
