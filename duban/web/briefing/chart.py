"""The briefing's chart: tasks by lead department and status, as PNG (docx) and SVG (PDF).

matplotlib with the Agg backend (no display); the CJK font comes from Debian's
fonts-noto-cjk, found through fontconfig-style paths so that Chinese labels
never fall back to empty boxes.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

__all__ = ["department_chart", "cjk_font_path", "COLOURS"]

COLOURS = {"red": "#d9363e", "yellow": "#e6a700", "blue": "#2f7ed8", "normal": "#8c9bab", "done": "#3f9c35"}
LABELS = {"red": "红色", "yellow": "黄色", "blue": "蓝色", "normal": "正常", "done": "已完成"}
ORDER = ("red", "yellow", "blue", "normal", "done")

_FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
)


@lru_cache(maxsize=1)
def cjk_font_path() -> str | None:
    for p in _FONT_CANDIDATES:
        if Path(p).exists():
            return p
    return None


@lru_cache(maxsize=1)
def _font():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    path = cjk_font_path()
    if path is None:
        return None
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path)


def department_chart(departments: list[tuple[str, dict[str, int]]], *, fmt: str = "png", limit: int = 15) -> bytes:
    """Horizontal stacked bars, worst departments on top; ``fmt`` is png or svg."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    font = _font()
    rows = departments[:limit] or [("（无任务）", {})]
    names = [n for n, _ in rows][::-1]
    height = max(2.2, 0.42 * len(rows) + 1.2)
    fig, ax = plt.subplots(figsize=(7.2, height), dpi=150)
    try:
        left = [0] * len(rows)
        for code in ORDER:
            values = [c.get(code, 0) for _, c in rows][::-1]
            ax.barh(names, values, left=left, color=COLOURS[code], label=LABELS[code], height=0.6)
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_xlabel("任务数", fontproperties=font)
        for label in ax.get_yticklabels():
            if font is not None:
                label.set_fontproperties(font)
        ax.spines[["top", "right"]].set_visible(False)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(prop=font, ncol=5, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False, fontsize=8)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
        return buf.getvalue()
    finally:
        plt.close(fig)
