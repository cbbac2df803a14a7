"""Chinese first, English available: every string of the suggestions' pages is in their English
catalogue, and the pages switched to English show it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from . import flow
from .conftest import client_for

APP = Path(__file__).resolve().parents[3] / "duban" / "web" / "suggestions"


def _catalogue() -> set[str]:
    text = (APP / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    return {m for m in re.findall(r'^msgid "(.+)"$', text, re.M)}


@pytest.mark.parametrize("template", sorted((APP / "templates" / "suggestions").glob("*.html")), ids=lambda p: p.name)
def test_every_template_string_is_in_the_catalogue(template):
    source = template.read_text(encoding="utf-8")
    used = re.findall(r'\{% translate "([^"]+)" %\}', source)
    used += [re.sub(r"\{\{ (\w+) \}\}", r"%(\1)s", m.strip())
             for m in re.findall(r"\{% blocktranslate[^%]*%\}(.*?)\{% endblocktranslate %\}", source, re.S)]
    assert [s for s in used if s not in _catalogue()] == []


def test_runtime_labels_are_in_the_catalogue():
    from duban.web.audit.events import Action
    from duban.web.suggestions import status
    from duban.web.suggestions.importer import RowResult
    from duban.web.suggestions.views_feedback import INVALID

    labels = [*status.LABELS.values(), *RowResult.LABELS.values(), INVALID,
              *(label for code, label in Action.choices if code.startswith("suggestion.")),
              *(text for _code, text in status.rubric())]
    assert [s for s in labels if s not in _catalogue()] == []


@pytest.mark.django_db
def test_the_item_page_in_english(people, batch, client, settings):
    c = client_for(client, people["office"])
    it = flow.item("101")
    flow.assign(c, it, people["depts"]["市发展改革委"])
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = c.get(f"/suggestions/{it.pk}/").content.decode()
    assert "Contact with the proposer" in page and "In hand" in page and "办理前沟通" not in page
    page = c.get("/suggestions/").content.decode()
    assert "Suggestion" in page and "Reply deadline" in page
