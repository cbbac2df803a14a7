"""DuckDB over a dataset folder: every table is a view over its Parquet parts.

``connect(dataset)`` gives a connection where ``reports``, ``targets``, ``results`` ... (and
``errors``) can be queried by name; the ready-made questions below are SQL over those views.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from duban.corpus.tables import SCHEMAS, TABLES
from duban.extract import InputError

__all__ = ["QueryResult", "connect", "find_items", "run_query"]


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple]

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def _sql_literal(path: Path) -> str:
    return "'" + path.as_posix().replace("'", "''") + "'"


def connect(dataset: str | Path):
    import duckdb
    import pyarrow as pa

    root = Path(dataset)
    if not (root / "dataset.json").is_file():
        raise InputError("not a duban dataset (no dataset.json); create one with `duban corpus extract DIR -o DATASET`", source=str(dataset))
    con = duckdb.connect(":memory:")
    for table in (*TABLES, "errors"):
        parts = sorted((root / table).glob("part-*.parquet")) if table != "errors" else [root / "errors.parquet"]
        parts = [p for p in parts if p.is_file()]
        if parts:
            files = "[" + ", ".join(_sql_literal(p) for p in parts) + "]"
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({files}, union_by_name = true)")
        else:  # no part yet: an empty view with the right columns, so queries still run
            empty = pa.Table.from_pylist([], schema=SCHEMAS[table])
            con.register(f"_empty_{table}", empty)
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM _empty_{table}")
    return con


def run_query(dataset: str | Path, sql: str) -> QueryResult:
    import duckdb

    con = connect(dataset)
    try:
        cur = con.execute(sql)
        if cur.description is None:
            return QueryResult([], [])
        columns = [d[0] for d in cur.description]
        return QueryResult(columns, cur.fetchall())
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"query failed: {first}") from None
    finally:
        con.close()


_ITEM_COLUMNS = {
    "targets": "deadline",
    "results": "period",
}


def find_items(
    dataset: str | Path,
    table: str = "targets",
    *,
    metric: str | None = None,
    kind: str | None = None,
    unit: str | None = None,
    place: str | None = None,
    year: int | None = None,
    level: str | None = None,
    synonyms: list[str] | None = None,
    all_rows: bool = False,
) -> QueryResult:
    """Targets (or results) matching the filters, one row per report unless ``all_rows``.

    A metric matches when its name contains ``metric`` or one of its ``synonyms``. Per report,
    the row kept is the closest name (exact first), then for targets one due in the report's
    own year, then the earliest in the text.
    """
    if table not in _ITEM_COLUMNS:
        raise ValueError(f"table must be one of {sorted(_ITEM_COLUMNS)}")
    time_col = _ITEM_COLUMNS[table]
    where, params = ["TRUE"], []
    names = [n for n in [metric, *(synonyms or [])] if n]
    if names:
        where.append("(" + " OR ".join("contains(t.metric, ?)" for _ in names) + ")")
        params.extend(names)
    for col, value in (("kind", kind), ("unit", unit), ("place", place), ("year", year)):
        if value is not None:
            where.append(f"t.{col} = ?")
            params.append(value)
    if level is not None:
        where.append("r.level = ?")
        params.append(level)
    exact = "(t.metric = ?)" if metric else "FALSE"
    params_order = [metric] if metric and not all_rows else []
    own_year = f"(t.{time_col} = CAST(t.year AS VARCHAR))"
    sql = f"""
        SELECT t.place, t.year, r.level, t.metric, t.value, t.value_max, t.unit, t.comparator, t.kind,
               t.{time_col}, t.quote, r.path, t.start, t."end", t.report_id
        FROM {table} t JOIN reports r USING (report_id)
        WHERE {" AND ".join(where)}
    """
    if not all_rows:
        sql += f"""
        QUALIFY row_number() OVER (
            PARTITION BY t.report_id
            ORDER BY {exact} DESC, {own_year} DESC, length(t.metric), t.start) = 1
        """
    sql += " ORDER BY t.year NULLS LAST, t.place NULLS LAST, r.path, t.start"
    import duckdb

    con = connect(dataset)
    try:
        cur = con.execute(sql, params + params_order)
        return QueryResult([d[0] for d in cur.description], cur.fetchall())
    except duckdb.Error as exc:
        raise InputError(f"query failed: {str(exc).splitlines()[0]}") from None
    finally:
        con.close()
