"""The one reader of the extraction's YAML data files (``duban/extract/lexicon/*.yaml`` and
the readers' ``reader_words.yaml``) and the one error a malformed file raises.

Every loader of language data (``language.py``, ``check/lexicon.py``, ``departments.py``,
``readers/words.py``) reads through :func:`read_yaml` and validates with the helpers here,
so a broken file always fails the same way: :class:`LexiconError` naming the file and the
key at fault.
"""

from __future__ import annotations

import re
from importlib import resources

import yaml

__all__ = ["LexiconError", "read_yaml", "words", "mappings", "need", "regex"]

# libyaml's loader when PyYAML was built with it: the same data, read about six times faster
# (each file is read once per process).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LexiconError(ValueError):
    """A language data file that does not follow its schema; the message names the file and key."""


def read_yaml(name: str, package: str = "duban.extract.lexicon", *, top: type = dict):
    """The parsed contents of data file ``name`` in ``package``; ``top`` is the type its top
    level must have."""
    where = "lexicon" if package == "duban.extract.lexicon" else package.rsplit(".", 1)[-1]
    try:
        raw = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(f"{where}/{name}: file missing") from None
    try:
        data = yaml.load(raw, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise LexiconError(f"{where}/{name}: not valid YAML ({exc})") from None
    if not isinstance(data, top):
        raise LexiconError(f"{where}/{name}: top level must be a {'mapping' if top is dict else 'list'}")
    return data


def words(value, where: str, *, strip: bool = False) -> tuple[str, ...]:
    """``value`` as a tuple of non-empty strings, or a LexiconError naming ``where``."""
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise LexiconError(f"{where}: must be a list of non-empty strings")
    return tuple(w.strip() for w in value) if strip else tuple(value)


def mappings(value, where: str) -> list[dict]:
    if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
        raise LexiconError(f"{where}: must be a list of mappings")
    return value


def need(entry: dict, key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise LexiconError(f"{where}: needs a non-empty string '{key}'")
    return value.strip()


def regex(pattern: str, where: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except (re.error, TypeError) as exc:
        raise LexiconError(f"{where}: bad pattern {pattern!r}: {exc}") from None
