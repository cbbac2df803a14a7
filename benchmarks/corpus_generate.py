"""Generate a large corpus of realistic reports by recombining paragraphs of real ones.

Each generated report has a dateline (a made-up county or city and a year), a review part
built from paragraphs of the real reports' reviews and a plan part from their plans, so the
extractor meets real sentences, real figures and real printing habits. About one in ten is
written as GB18030 with CRLF line ends, like the Hailaer reports. Output is deterministic for
a given --seed.

    .venv/bin/python benchmarks/corpus_generate.py OUT_DIR [--reports 5000] [--chars 6000]
        [--source DIR ...] [--seed 7] [--start 0]

Sources default to tests/fixtures/reports/*.txt and duban/samples/*.txt (every *.txt of a
--source folder is used, e.g. --source ../shared/corpus for more variety).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from duban.extract import InputError, read_path  # noqa: E402

DEFAULT_SOURCES = [ROOT / "tests" / "fixtures" / "reports", ROOT / "duban" / "samples"]
# Where a report's plan part starts (二、2017年工作安排 / 三、2026年重点工作 …).
PLAN_HEADING = re.compile(r"^\s*[一二三四五六]、[^。\n]{0,30}(?:安排|重点工作|工作任务|建议|主要目标|目标任务)")
SYLLABLES = "安宁平和兴隆丰泰永昌嘉禾清河江城阳明山东西南北新华德明光远"
SUFFIXES = ["县", "县", "县", "区", "市", "旗"]


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\r?\n", text) if len(p.strip()) >= 40]


def load_pools(sources: list[Path]) -> tuple[list[str], list[str]]:
    review, plan = [], []
    for folder in sources:
        for path in sorted(folder.glob("*.txt")):
            try:
                text = read_path(path).text
            except InputError:
                continue
            paras = paragraphs(text)
            cut = next((i for i, p in enumerate(paras) if PLAN_HEADING.match(p)), len(paras) // 2)
            review.extend(paras[:cut])
            plan.extend(paras[cut:])
    if not review or not plan:
        raise SystemExit("no source paragraphs found; give --source DIR with real reports (*.txt)")
    return review, plan


def place_name(rng: random.Random) -> str:
    return "".join(rng.sample(SYLLABLES, 2)) + rng.choice(SUFFIXES)


def fill(pool: list[str], chars: int, rng: random.Random) -> list[str]:
    out, size = [], 0
    while size < chars:
        p = rng.choice(pool)
        out.append(p)
        size += len(p)
    return out


def generate_one(i: int, review: list[str], plan: list[str], chars: int, seed: int) -> tuple[str, bytes]:
    rng = random.Random(seed * 1_000_003 + i)
    place, year = place_name(rng), rng.randint(2015, 2025)
    head = [
        "政府工作报告",
        f"——{year}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日在{place}第{rng.choice('十一二三四五六七八九')}届人民代表大会第{rng.choice('一二三四五')}次会议上",
        "各位代表：",
        f"现在，我代表{place}人民政府向大会作工作报告，请予审议。",
        f"一、{year - 1}年工作回顾",
    ]
    body = head + fill(review, chars // 2, rng) + [f"二、{year}年工作安排"] + fill(plan, chars // 2, rng)
    gbk = rng.random() < 0.1
    text = ("\r\n" if gbk else "\n").join(body) + ("\r\n" if gbk else "\n")
    data = text.encode("gb18030") if gbk else text.encode("utf-8")
    return f"{i // 1000:03d}/{year}_{i:06d}{'_gbk' if gbk else ''}.txt", data


def generate(out: Path, reports: int, chars: int = 6000, seed: int = 7, start: int = 0, sources: list[Path] | None = None) -> int:
    review, plan = load_pools(sources or DEFAULT_SOURCES)
    written = 0
    for i in range(start, start + reports):
        rel, data = generate_one(i, review, plan, chars, seed)
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_bytes(data)
            written += 1
    return written


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--reports", type=int, default=5000)
    ap.add_argument("--chars", type=int, default=6000, help="approximate characters per report (default 6000)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--start", type=int, default=0, help="index of the first report (to extend a corpus)")
    ap.add_argument("--source", type=Path, action="append", default=None, help="folder of real reports (*.txt); repeatable")
    args = ap.parse_args(argv)
    n = generate(args.out, args.reports, args.chars, args.seed, args.start, args.source)
    print(f"{n} reports written under {args.out} ({args.reports} requested, existing files kept)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
