"""The sentences of a briefing, shared by the Word and PDF versions."""

from __future__ import annotations

from .data import BriefingData

__all__ = ["summary_sentences", "next_steps"]


def summary_sentences(d: BriefingData) -> list[str]:
    c = d.counts
    out = [
        f"截至{d.period[:4]}年{int(d.period[5:])}月底，台账共有重点任务{d.total}项，"
        f"已完成{c.get('done', 0)}项，完成率{d.completion:g}%，平均核实进度{d.progress:g}%。",
        f"其中红色预警{c.get('red', 0)}项、黄色预警{c.get('yellow', 0)}项、蓝色（临期）{c.get('blue', 0)}项、"
        f"正常推进{c.get('normal', 0)}项。",
        f"本月各单位报送进度报告{d.filed}份，督查室核实通过{d.verified}份、退回{d.returned}份。",
    ]
    if d.red:
        worst = "、".join(list(d.red)[:3])
        out.append(f"红色预警任务较多的单位：{worst}。")
    return out


def next_steps(d: BriefingData) -> list[str]:
    out = []
    if d.red_count:
        out.append(f"对{d.red_count}项红色预警任务，牵头单位要逐项说明原因、提出整改措施和完成时间，督查室跟踪督办。")
    if d.yellow_count:
        out.append(f"对{d.yellow_count}项黄色预警任务，牵头单位要加快推进，下期报送时说明进展。")
    out.append("各单位要按时报送进度报告并附佐证材料，未经核实的数据不计入进度。")
    return out
