"""Steps of the handling through the pages (Django test client), shared by the tests."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n% signed reply\n"


def item(number):
    from duban.web.suggestions.models import Item

    return Item.objects.get(number=number)


def assign(client, it, lead, co=(), **extra):
    data = {"lead": lead.pk, "co_units": [d.pk for d in co], "version": it.version, **extra}
    return client.post(f"/suggestions/{it.pk}/assign/", data)


def communicate(client, it, date="2023-03-20", way="phone", summary="电话沟通，代表同意办理思路。"):
    return client.post(f"/suggestions/{it.pk}/communicate/", {"date": date, "way": way, "summary": summary})


def reply(client, it, text="经研究，已列入明年计划。", result_class="B", submit=True, file=True):
    data = {"text": text, "result_class": result_class, "submit": "1" if submit else "0"}
    if file:
        data["signed_file"] = SimpleUploadedFile("答复函.pdf", PDF, content_type="application/pdf")
    return client.post(f"/suggestions/{it.pk}/reply/", data)


def send(client, it, disclose=False):
    """The office sends; returns the feedback link's path shown once on the item page."""
    resp = client.post(f"/suggestions/{it.pk}/review/", {"decision": "send", **({"disclose": "on"} if disclose else {})})
    assert resp.status_code == 302, resp
    page = client.get(f"/suggestions/{it.pk}/").content.decode()
    m = re.search(r'value="https?://[^/"]+(/suggestions/feedback/[^"]+)"', page)
    assert m, "the feedback link is shown once after sending"
    return m.group(1)
