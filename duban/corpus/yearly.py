"""Year-over-year fulfilment for two report files, or for every place of a dataset.

:func:`fulfil_files` reads and extracts both reports (so offsets index each text exactly as
``read_path`` returns it); :func:`fulfil_dataset` pairs the reports of each place by year and
matches the stored targets and results, using the source files for the wording around each
figure when they are still where the dataset was built from (else the tasks' text).
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

from duban.corpus.detect import detect_meta
from duban.corpus.fulfil import VERDICTS, match_fulfilment
from duban.extract import InputError

__all__ = ["PAIR_FIELDS", "fulfil_dataset", "fulfil_files", "summarise"]

# The fields every pair object carries, in the order the CSV and table outputs show them.
PAIR_FIELDS = (
    "target_start",
    "target_end",
    "target_quote",
    "target_metric",
    "target_value",
    "target_unit",
    "target_comparator",
    "target_deadline",
    "verdict",
    "rule",
    "score",
    "result_start",
    "result_end",
    "result_quote",
    "result_metric",
    "result_value",
    "result_unit",
)


def summarise(pairs: list[dict]) -> dict:
    counts = {v: 0 for v in VERDICTS}
    for p in pairs:
        counts[p["verdict"]] += 1
    return counts


def fulfil_files(path_y: str | os.PathLike, path_y1: str | os.PathLike, *, year: int | None = None, max_bytes: int | None = None) -> dict:
    """Judge every target of the report at ``path_y`` against the review of ``path_y1``.

    Returns ``{"year", "report_y", "report_y1", "warnings", "summary", "pairs"}``.
    """
    from duban.extract import extract_text, read_path
    from duban.extract.readers import DEFAULT_MAX_BYTES

    limit = max_bytes or DEFAULT_MAX_BYTES
    src_y, src_y1 = read_path(path_y, max_bytes=limit), read_path(path_y1, max_bytes=limit)
    if src_y.sha256 == src_y1.sha256:
        raise InputError("REPORT_Y and REPORT_Y+1 are the same text; give the reports of two consecutive years")
    meta_y, meta_y1 = detect_meta(src_y.text, src_y.name), detect_meta(src_y1.text, src_y1.name)
    warnings = []
    y = year or meta_y.year or (meta_y1.year - 1 if meta_y1.year else None)
    if y is None:
        warnings.append("the year of REPORT_Y was not found in its text; deadlines are not checked (use --year)")
    y1 = meta_y1.year or (y + 1 if y else None)
    if y is not None and meta_y1.year is not None and meta_y1.year != y + 1:
        warnings.append(f"REPORT_Y+1 reads as the {meta_y1.year} report, not {y + 1}: verdicts compare non-consecutive years")
    if meta_y.place and meta_y1.place and meta_y.place != meta_y1.place:
        warnings.append(f"the reports are from different governments ({meta_y.place} / {meta_y1.place})")
    doc_y = extract_text(src_y.text, year=y, name=src_y.name, source=src_y.source_info())
    doc_y1 = extract_text(src_y1.text, year=y1, name=src_y1.name, source=src_y1.source_info())
    pairs = match_fulfilment(doc_y["targets"], doc_y1["results"], year=y, text_y=src_y.text, text_y1=src_y1.text)
    return {
        "year": y,
        "report_y": {"name": src_y.name, "sha256": src_y.sha256, "place": meta_y.place, "year": y, "targets": len(doc_y["targets"])},
        "report_y1": {"name": src_y1.name, "sha256": src_y1.sha256, "place": meta_y1.place, "year": y1, "results": len(doc_y1["results"])},
        "warnings": warnings,
        "summary": summarise(pairs),
        "pairs": pairs,
    }


def _source_roots(dataset: Path) -> list[Path]:
    meta = json.loads((dataset / "dataset.json").read_text(encoding="utf-8"))
    roots = []
    for run in reversed(meta.get("runs", [])):
        src = run.get("source")
        if src and Path(src) not in roots:
            roots.append(Path(src))
    return roots


def _source_text(roots: list[Path], rel: str, sha256: str) -> str | None:
    """The report's text when its file is still there unchanged; None otherwise."""
    from duban.corpus.worker import file_sha256
    from duban.extract import read_bytes

    for root in roots:
        p = root / rel
        try:
            data = p.read_bytes()
        except OSError:
            continue
        if file_sha256(data) == sha256:
            try:
                return read_bytes(data, name=p.name).text
            except InputError:
                return None
    return None


def fulfil_dataset(dataset: str | os.PathLike, *, place: str | None = None) -> dict:
    """Pairs of consecutive years for every place of a dataset (or one ``place``)."""
    from duban.corpus.query import connect

    root = Path(dataset)
    con = connect(root)
    try:
        sql = "SELECT report_id, place, year, path, file_sha256 FROM reports WHERE place IS NOT NULL AND year IS NOT NULL"
        params = []
        if place:
            sql += " AND place = ?"
            params.append(place)
        reports = con.execute(sql + " ORDER BY place, year, path", params).fetchall()

        def rows(table: str, report_id: str) -> list[dict]:
            cur = con.execute(f"SELECT * FROM {table} WHERE report_id = ? ORDER BY start", [report_id])
            cols = [d[0] for d in cur.description]
            return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

        def tasks(report_id: str) -> dict:
            return {str(tid): text for tid, text in con.execute("SELECT id, text FROM tasks WHERE report_id = ?", [report_id]).fetchall()}

        by_place: dict[str, dict[int, tuple]] = defaultdict(dict)
        warnings = []
        for rid, pl, yr, path, sha in reports:
            if yr in by_place[pl]:
                warnings.append(f"{pl} has more than one report for {yr}; using {by_place[pl][yr][3]}, not {path}")
                continue
            by_place[pl][yr] = (rid, pl, yr, path, sha)
        if place and place not in by_place:
            raise InputError(f"no report of {place!r} with a known year in the dataset")

        roots = _source_roots(root)
        out, years = [], []
        for pl in sorted(by_place):
            for yr in sorted(by_place[pl]):
                nxt = by_place[pl].get(yr + 1)
                if nxt is None:
                    continue
                cur_r = by_place[pl][yr]
                text_y = _source_text(roots, cur_r[3], cur_r[4])
                text_y1 = _source_text(roots, nxt[3], nxt[4])
                pairs = match_fulfilment(
                    rows("targets", cur_r[0]),
                    rows("results", nxt[0]),
                    year=yr,
                    text_y=text_y,
                    text_y1=text_y1,
                    tasks_y=None if text_y else tasks(cur_r[0]),
                    tasks_y1=None if text_y1 else tasks(nxt[0]),
                )
                years.append({"place": pl, "year": yr, "report_y": cur_r[3], "report_y1": nxt[3], "context": "text" if text_y and text_y1 else "tasks", **summarise(pairs)})
                for p in pairs:
                    out.append({"place": pl, "year": yr, "report_y": cur_r[3], "report_y1": nxt[3], **p})
        return {"pairs_of_reports": years, "warnings": warnings, "summary": summarise(out), "pairs": out}
    finally:
        con.close()
