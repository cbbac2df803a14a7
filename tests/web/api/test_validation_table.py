"""docs/ledger.md's validation table matches the code: every row's examples go through the
check it names, accepted ones pass and refused ones raise ``Invalid``; every check is listed."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from duban.web.ledger import validation

DOC = Path(__file__).resolve().parents[3] / "docs" / "ledger.md"
TODAY = dt.date(2024, 3, 15)


def _rows() -> list[tuple[str, str, list, list]]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("\n## Validation\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not cells[1].startswith("`"):
            continue
        fact, check, accepted, refused, _rule = cells
        rows.append((fact, check.strip("`"), _values(accepted), _values(refused)))
    return rows


def _values(cell: str) -> list:
    return [json.loads(v) for v in re.findall(r"`([^`]*)`", cell)]


ROWS = _rows()


def test_the_table_lists_every_check():
    assert ROWS, "no validation table in docs/ledger.md"
    assert {r[1] for r in ROWS} == set(validation.CHECKS)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr(validation.timezone, "localdate", lambda: TODAY)


@pytest.mark.parametrize(("fact", "check", "accepted", "refused"), ROWS, ids=[r[1] for r in ROWS])
def test_each_row(settings, fact, check, accepted, refused):
    settings.LEDGER_PERIOD_FIRST, settings.LEDGER_PERIOD_AHEAD = "2000-01", 0
    fn = validation.CHECKS[check]
    assert accepted and refused, f"row {fact!r} needs an accepted and a refused example"
    for value in accepted:
        fn(value)
    for value in refused:
        with pytest.raises(validation.Invalid) as caught:
            fn(value)
        assert caught.value.field and caught.value.message
