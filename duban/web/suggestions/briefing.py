"""The 建议提案办理 section of the monthly briefing (督查通报): the year's figures as they stand
at the end of the briefing's month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import stats


@dataclass
class Section:
    year: int
    sentences: list[str]
    rows: list[tuple]  # (unit, items, replied on time, on-time %, satisfied/rated, overdue)


def _pct(v) -> str:
    return "—" if v is None else f"{v:g}%"


def section(last_day: dt.date) -> Section | None:
    """None when no item of ``last_day``'s year has been assigned."""
    year = last_day.year
    rows = stats.unit_stats(year, today=last_day)
    if not rows:
        return None
    t = stats.overall(rows)
    shares = t["class_shares"]
    sentences = [
        f"{year}年共交办建议提案 {t['items']} 件，已答复 {t['replied']} 件，其中按期答复 {t['replied_on_time']} 件，"
        f"按期答复率 {_pct(t['on_time_rate'])}。",
        f"答复中A类（已解决或基本解决）占 {_pct(shares['A'])}，B类（正在解决或列入计划）占 {_pct(shares['B'])}，"
        f"C类（留作参考）占 {_pct(shares['C'])}。",
        f"代表委员已评价 {t['rated']} 件，满意和基本满意 {t['satisfied']} 件，满意率 {_pct(t['satisfaction_rate'])}；"
        f"因不满意重新办理 {t['reopened']} 件。",
    ]
    if t["overdue"]:
        late = [r["unit"] for r in rows if r["overdue"]]
        sentences.append(f"截至{last_day:%m月%d日}，逾期未答复 {t['overdue']} 件，涉及{'、'.join(late)}，请抓紧办理。")
    table = [(r["unit"], r["items"], r["replied_on_time"], _pct(r["on_time_rate"]), f"{r['satisfied']}/{r['rated']}",
              r["overdue"]) for r in rows]
    return Section(year, sentences, table)
