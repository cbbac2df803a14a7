"""English next to Chinese: every ledger string has a translation, the .mo matches the .po,
and a page switched to English shows it."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[3] / "duban" / "web"
CATALOGUE = WEB / "locale" / "en" / "LC_MESSAGES"
TEMPLATES = [WEB / "templates" / "base.html", WEB / "templates" / "403.html", WEB / "templates" / "404.html",
             *sorted((WEB / "templates").glob("ledger/*.html")), *sorted((WEB / "templates").glob("accounts/*.html")),
             *sorted((WEB / "templates").glob("registration/*.html"))]


def _po() -> dict[str, str]:
    entries, msgid = {}, None
    for line in (CATALOGUE / "django.po").read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            msgid = line[7:-1]
        elif line.startswith("msgstr ") and msgid:
            entries[msgid] = line[8:-1]
    return entries


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_every_translated_string_is_in_the_catalogue(template):
    po = _po()
    used = re.findall(r'\{% translate "([^"]+)" %\}', template.read_text(encoding="utf-8"))
    assert [s for s in used if not po.get(s)] == []


def test_the_compiled_catalogue_matches_the_source():
    mo = gettext.GNUTranslations((CATALOGUE / "django.mo").open("rb"))
    assert {k: mo.gettext(k) for k in _po()} == _po()


@pytest.mark.django_db
def test_a_page_in_english(ledger):
    from django.conf import settings

    from .conftest import client_for

    client = client_for(ledger.people.office)
    page = client.get("/tasks/").content.decode()
    assert "台账" in page and "完成时限" in page  # Chinese first
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # what the language switch sets
    page = client.get("/tasks/").content.decode()
    assert "Ledger" in page and "Deadline" in page and "Log out" in page
