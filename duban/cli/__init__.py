"""The ``duban`` command: a thin layer over the library.

Each sub-command lives in its own module of this package, which exposes
``register(subparsers)``; registering must not import Django, Dask or other heavy
dependencies (``duban --help`` works with the core install only).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from duban import __version__

__all__ = ["main", "build_parser"]

# Modules of this package that register sub-commands, in the order --help lists them.
COMMAND_MODULES = ("extract", "lint", "corpus", "serve", "worker", "web", "demo", "reports", "token", "suggestions", "assess")


class CommandError(Exception):
    """A user-facing failure: printed as one line on stderr, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="duban",
        description="Duban (督办): read a government work report, extract its commitments, run the ledger.",
    )
    parser.add_argument("--version", action="version", version=f"duban {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"duban.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from duban.extract.errors import InputError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except (InputError, CommandError) as exc:
        print(f"duban: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("duban: interrupted", file=sys.stderr)
        return 130
