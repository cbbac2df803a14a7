"""The invented sample batch (``duban/samples/suggestions_2023.yaml``): imported through the
workbook import, then handled through the workflow on the dates of its story, up to a day.

``duban demo`` runs :func:`load_suggestions`; the tests use :func:`load` with their own people.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import yaml

from duban.web.ledger import clock

__all__ = ["SAMPLE", "HEADERS", "sample", "workbook_bytes", "load", "load_suggestions"]

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "suggestions_2023.yaml"
HEADERS = ("编号", "类型", "标题", "领衔人", "附议人", "类别", "内容", "主办单位", "会办单位", "交办日期", "紧急")
SIGNED = b"%PDF-1.4\n% invented sample: a signed reply letter\n%%EOF\n"


def sample() -> dict:
    with SAMPLE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def workbook_bytes(data: dict | None = None) -> bytes:
    """The sample's rows as the workbook the 人大/政协 would send."""
    from openpyxl import Workbook

    data = data or sample()
    wb = Workbook()
    ws = wb.active
    ws.append([data["batch"]["name"] + "交办清单"])
    ws.append(list(HEADERS))
    for row in data["rows"]:
        ws.append([v if v != "" else None for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 0))


def load(office, reporters: dict[int, object], *, until: dt.date | None = None) -> object:
    """Import the sample and play its story up to ``until`` (default: the ledger's day).
    ``reporters`` maps a department id to the user acting for it. Returns the batch."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from duban.web.ledger.models import Department

    from . import importer, workflow
    from .models import Item

    data = sample()
    until = until or clock.today()
    b = data["batch"]
    if b["imported"] > until:
        return None
    with clock.travel(_noon(b["imported"])):
        done = importer.import_bytes(workbook_bytes(data), office, name=b["name"], year=b["year"], months=b["months"],
                                     urgent_days=b["urgent_days"], source_name=SAMPLE.name)
    tokens: dict[int, str] = {}
    steps = sorted(((s["at"], number, i, s) for number, ss in data["story"].items() for i, s in enumerate(ss)),
                   key=lambda t: (t[0], t[1], t[2]))
    for at, number, _i, s in steps:
        if at > until:
            continue
        item = Item.objects.get(batch=done.batch, number=number)
        lead_user = reporters.get(item.lead_id)
        with clock.travel(_noon(at)):
            do = s["do"]
            if do == "assign":
                workflow.assign(item, office, lead=item.lead, co_units=[c.department for c in item.co_units.all()],
                                assigned_on=at)
            elif do == "opinion":
                dept = Department.objects.get(name=s["unit"])
                workflow.give_opinion(item, reporters[dept.pk], dept, s["text"])
            elif do == "contact":
                workflow.communicate(item, lead_user, date=at, way=s["way"], summary=s["text"])
            elif do in ("draft", "reply"):
                signed = SimpleUploadedFile("答复函（示例）.pdf", SIGNED, content_type="application/pdf")
                workflow.draft_reply(item, lead_user, text=s["text"], result_class=s["class"], signed_file=signed,
                                     submit=do == "reply")
            elif do == "return":
                workflow.return_reply(item, office, s["text"])
            elif do == "send":
                _reply, tokens[item.pk] = workflow.send_reply(item, office, disclose=bool(s.get("disclose")))
            elif do == "rate":
                reply = workflow.reply_for_token(item.pk, tokens.pop(item.pk))
                workflow.rate(reply, rating=s["rating"], comment=s.get("comment", ""))
            elif do == "task":
                # Link the ledger's own task when the report has one (the demo), else create one.
                from duban.web.ledger.models import Task

                task = (Task.objects.filter(review=Task.Review.ACTIVE, lead_department=item.lead,
                                            title__contains=s["link"]).order_by("id").first() if s.get("link") else None)
                workflow.link_task(item, office, task=task, deadline=s["deadline"])
            else:
                raise ValueError(f"{SAMPLE.name}: unknown step {do!r} of {number}")
    return done.batch


def load_suggestions(demo) -> None:
    """The demo's step (:data:`duban.web.demo.build.STEPS`): the sample batch, handled up to the as-of date."""
    batch = load(demo.office, demo.reporters, until=demo.as_of)
    if batch is not None:
        demo.counts["suggestions"] = batch.items.count()
