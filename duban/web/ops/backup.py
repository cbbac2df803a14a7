"""Backup and restore of the ledger database.

SQLite: the online backup API copies a consistent snapshot while the server goes on
writing; restore copies a backup back page by page (stop the server first).
PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean --if-exists``.
Evidence files under MEDIA_ROOT are plain files: back them up with the file system.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

__all__ = ["BackupError", "backup", "restore"]


class BackupError(Exception):
    pass


def _db():
    from django.conf import settings

    return settings.DATABASES["default"]


def backup(dest: str | os.PathLike) -> Path:
    dest = Path(dest)
    if dest.exists():
        raise BackupError(f"{dest} exists already; choose a new file name")
    dest.parent.mkdir(parents=True, exist_ok=True)
    db = _db()
    if db["ENGINE"].endswith("sqlite3"):
        src = sqlite3.connect(str(db["NAME"]), timeout=30)
        try:
            out = sqlite3.connect(str(dest))
            with out:
                # Copy in steps so that writers are blocked only briefly at a time.
                src.backup(out, pages=256)
            out.close()
        finally:
            src.close()
        return dest
    _pg("pg_dump", ["--format=custom", "--no-owner", f"--file={dest}", db["NAME"]], db)
    return dest


def restore(source: str | os.PathLike) -> None:
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    db = _db()
    if db["ENGINE"].endswith("sqlite3"):
        with source.open("rb") as fh:
            # SQLite opens a short or empty file as an empty database: restoring that would wipe the ledger.
            if fh.read(16) != b"SQLite format 3\x00":
                raise BackupError(f"{source} is not an SQLite backup")
        try:
            src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            ok = src.execute("PRAGMA integrity_check").fetchone()[0]
            has_ledger = src.execute("SELECT 1 FROM sqlite_master WHERE name = 'ledger_task'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source} is not an SQLite backup: {exc}") from None
        if ok != "ok":
            raise BackupError(f"{source} fails the integrity check: {ok}")
        if not has_ledger:
            raise BackupError(f"{source} is an SQLite database but not a Duban ledger backup")
        target = sqlite3.connect(str(db["NAME"]), timeout=30)
        try:
            src.backup(target)
        finally:
            target.close()
            src.close()
        return
    with source.open("rb") as fh:
        if fh.read(5) != b"PGDMP":
            raise BackupError(f"{source} is not a pg_dump custom-format archive")
    _pg("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", f"--dbname={db['NAME']}", str(source)], db)


def _pg(tool: str, args: list[str], db: dict) -> None:
    exe = shutil.which(tool)
    if exe is None:
        raise BackupError(f"{tool} not found: install the PostgreSQL client tools")
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    conn = []
    if db.get("HOST"):
        conn.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        conn.append(f"--port={db['PORT']}")
    if db.get("USER"):
        conn.append(f"--username={db['USER']}")
    proc = subprocess.run([exe, *conn, *args], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise BackupError(f"{tool} failed: {proc.stderr.strip()[:500]}")
