"""The tables of a corpus dataset: their Arrow schemas and how a document fills them.

Every table has a fixed schema, so an empty part (a report without defects, or an extractor
that finds nothing yet) still has the right columns and DuckDB can query across parts.
Every row carries ``report_id`` (the first 16 hex digits of the file's SHA-256) and the
report's ``place`` and ``year``, so most questions need no join.
"""

from __future__ import annotations

import pyarrow as pa

__all__ = ["ITEM_TABLES", "SCHEMAS", "TABLES", "document_rows", "error_row", "rows_to_table"]

_KEY = [
    ("report_id", pa.string()),
    ("place", pa.string()),
    ("year", pa.int32()),
]

_SPAN = [("start", pa.int64()), ("end", pa.int64())]

_QUANTITY = [
    ("quote", pa.string()),
    ("metric", pa.string()),
    ("value", pa.float64()),
    ("value_max", pa.float64()),
    ("unit", pa.string()),
    ("comparator", pa.string()),
    ("kind", pa.string()),
]

SCHEMAS: dict[str, pa.Schema] = {
    "reports": pa.schema(
        _KEY
        + [
            ("level", pa.string()),
            ("place_source", pa.string()),
            ("year_source", pa.string()),
            ("path", pa.string()),
            ("name", pa.string()),
            ("format", pa.string()),
            ("encoding", pa.string()),
            ("file_sha256", pa.string()),
            ("text_sha256", pa.string()),
            ("chars", pa.int64()),
            ("schema", pa.string()),
            ("n_sections", pa.int32()),
            ("n_tasks", pa.int32()),
            ("n_targets", pa.int32()),
            ("n_results", pa.int32()),
            ("n_list_items", pa.int32()),
            ("n_defects", pa.int32()),
        ]
    ),
    "sections": pa.schema(
        _KEY
        + [("id", pa.string()), ("level", pa.int32()), ("number", pa.string()), ("title", pa.string())]
        + _SPAN
        + [("parent", pa.string())]
    ),
    "tasks": pa.schema(_KEY + [("id", pa.string()), ("section", pa.string())] + _SPAN + [("text", pa.string())]),
    "targets": pa.schema(
        _KEY + [("id", pa.string()), ("task", pa.string())] + _SPAN + _QUANTITY + [("deadline", pa.string()), ("rule", pa.string())]
    ),
    "results": pa.schema(
        _KEY + [("id", pa.string()), ("task", pa.string())] + _SPAN + _QUANTITY + [("period", pa.string()), ("rule", pa.string())]
    ),
    "list_items": pa.schema(
        _KEY
        + [("list", pa.string()), ("number", pa.string()), ("text", pa.string()), ("lead_department", pa.string())]
        + _SPAN
    ),
    "defects": pa.schema(
        _KEY + [("kind", pa.string())] + _SPAN + [("quote", pa.string()), ("message", pa.string()), ("suggestion", pa.string())]
    ),
    # Files that could not be read or extracted, with the reason; rewritten at the end of each run.
    "errors": pa.schema(
        [
            ("report_id", pa.string()),
            ("path", pa.string()),
            ("file_sha256", pa.string()),
            ("stage", pa.string()),
            ("error_type", pa.string()),
            ("error", pa.string()),
        ]
    ),
}

# Tables filled from a document's lists, keyed by the document key they come from.
ITEM_TABLES = ("sections", "tasks", "targets", "results", "list_items", "defects")
TABLES = ("reports", *ITEM_TABLES)

_STRING_TYPES = (pa.string(),)


def _coerce(value, typ: pa.DataType):
    """Bend an extractor value to the column type; ids may be ints or strings depending on the version."""
    if value is None:
        return None
    if typ in _STRING_TYPES:
        return value if isinstance(value, str) else str(value)
    if pa.types.is_integer(typ):
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        try:
            return int(value)
        except (TypeError, ValueError):
            return None
    if pa.types.is_floating(typ):
        try:
            return float(value)
        except (TypeError, ValueError):
            return None
    return value


def _row(schema: pa.Schema, item: dict, key: dict) -> dict:
    row = {}
    for field in schema:
        if field.name in key:
            row[field.name] = key[field.name]
        else:
            row[field.name] = _coerce(item.get(field.name), field.type)
    return row


def document_rows(doc: dict, report: dict) -> dict[str, list[dict]]:
    """All rows a document contributes, table by table. ``report`` holds the reports-row fields
    known outside the document (ids, path, hashes, place and year)."""
    key = {"report_id": report["report_id"], "place": report.get("place"), "year": report.get("year")}
    out: dict[str, list[dict]] = {}
    for table in ITEM_TABLES:
        schema = SCHEMAS[table]
        out[table] = [_row(schema, item, key) for item in doc.get(table) or () if isinstance(item, dict)]
    source = doc.get("source") or {}
    summary = dict(report)
    summary.setdefault("text_sha256", source.get("sha256"))
    summary.setdefault("chars", source.get("chars"))
    summary["schema"] = doc.get("schema")
    for table in ITEM_TABLES:
        summary[f"n_{table}"] = len(out[table])
    out["reports"] = [_row(SCHEMAS["reports"], summary, key)]
    return out


def error_row(report_id: str | None, path: str, file_sha256: str | None, stage: str, exc_type: str, message: str) -> dict:
    return {
        "report_id": report_id,
        "path": path,
        "file_sha256": file_sha256,
        "stage": stage,
        "error_type": exc_type,
        "error": message,
    }


def rows_to_table(table: str, rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=SCHEMAS[table])
