"""``python -m duban.web.ops.pgcheck URL``: exit 0 when PostgreSQL at URL answers, 1 (with the reason) otherwise.

``make test`` uses it to run the web tests on PostgreSQL too, and to fail in CI (CI=true)
rather than skip when the server is unreachable.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m duban.web.ops.pgcheck postgres://user@host:port/db", file=sys.stderr)
        return 2
    try:
        import psycopg

        with psycopg.connect(argv[0], connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # any failure means "not usable"; say why
        print(f"PostgreSQL at {argv[0]} is unreachable: {str(exc).strip().splitlines()[0] if str(exc).strip() else exc!r}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
