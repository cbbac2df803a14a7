"""Playwright driving Debian's chromium (never a downloaded browser) for the browser tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SCREENSHOTS = ROOT / "var" / "screenshots"
CHROMIUM = os.environ.get("DUBAN_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if not path:
        raise RuntimeError(
            f"chromium not found at {CHROMIUM}: install it with `apt-get install chromium fonts-noto-cjk` "
            "(.ci/run does); Playwright must not download its own browser"
        )
    return path


def shot(page, name: str, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def watch(page) -> list[str]:
    """Collect the page's console errors and uncaught exceptions (a CSP refusal is one)."""
    errors: list[str] = []

    def on_console(msg) -> None:
        if msg.type != "error":
            return
        # A page the server answers with 403/404/400 on purpose (a refusal, a form with errors) is
        # logged by chromium as a failed load of the document itself: the tests check those statuses.
        # A script, style, image or request of the page that fails is an error.
        if msg.text.startswith("Failed to load resource: the server responded with a status of 4") and \
                msg.location.get("url") == page.url:
            return
        errors.append(f"{page.url}: {msg.text} ({msg.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    return errors


def overflow(page) -> int:
    """How far the page is wider than the screen, in CSS pixels (0: no horizontal scrolling)."""
    return page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth")
