"""English translations of the issue-6 apps: complete, and the compiled .mo matches the .po."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[3] / "duban" / "web"
APPS = ("dashboard", "exchange", "briefing", "public", "assessment", "suggestions")


def _entries(po: Path):
    """(msgid, first msgstr) pairs of a .po file, header excluded. Line-based: makemessages
    does not always leave a blank line between entries."""
    entries: list[dict[str, str]] = []
    key = None
    for line in po.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith('"'):
            entries[-1][key] += ast.literal_eval(line)
            continue
        key, _, rest = line.partition(" ")
        if key == "msgid":
            entries.append({})
        entries[-1][key] = ast.literal_eval(rest)
    return [(e["msgid"], e.get("msgstr", e.get("msgstr[0]", ""))) for e in entries if e["msgid"]]


@pytest.mark.parametrize("app", APPS)
def test_every_string_has_an_english_translation(app):
    po = WEB / app / "locale" / "en" / "LC_MESSAGES" / "django.po"
    missing = [m for m, t in _entries(po) if not t]
    assert not missing, f"{app}: untranslated {missing}"


@pytest.mark.parametrize("app", APPS)
def test_compiled_catalog_is_current(app):
    base = WEB / app / "locale" / "en" / "LC_MESSAGES"
    with open(base / "django.mo", "rb") as fh:
        mo = gettext.GNUTranslations(fh)
    stale = [m for m, t in _entries(base / "django.po") if mo.gettext(m) != t]
    assert not stale, f"{app}: django.mo is older than django.po for {stale[:3]} (run msgfmt)"
