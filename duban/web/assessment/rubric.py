"""The assessment rubric (考核细则) as data: versions read from YAML, checked, chosen per year.

The file is ``data/rubrics.yaml`` beside this module, or ``settings.ASSESSMENT_RUBRIC_FILE``.
Each version names the years it covers and its components' weights and parameters. A closed
year (:class:`~duban.web.assessment.models.ClosedYear`) keeps the version it was closed with and
that version's fingerprint: if the version's text changed since, scoring the year is refused
(:class:`RubricChanged`) until the office closes it again under a new version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

__all__ = ["Rubric", "RubricError", "RubricChanged", "load_versions", "rubric_for", "version", "fingerprint",
           "COMPONENT_PARAMS"]

BUNDLED = Path(__file__).resolve().parent / "data" / "rubrics.yaml"

# component -> {parameter: (type, minimum, maximum)}; weight is common to all but adjustments.
COMPONENT_PARAMS: dict[str, dict[str, tuple[type, float, float]]] = {
    "completion": {"cap": (float, 1, 200)},
    "timeliness": {"late_credit": (float, 0, 1)},
    "status_time": {},  # points: per status, checked below
    "returns": {},
    "suggestions": {"on_time": (float, 0, 1), "satisfaction": (float, 0, 1)},
    "review_consistency": {"tolerance": (float, 0, 0.5), "count_no_verified": (bool, 0, 1)},
    "adjustments": {"cap": (float, 0, 25)},
}
STATUSES = ("normal", "done", "blue", "yellow", "red")


class RubricError(ValueError):
    """The rubric file is not usable; the message says where and why."""


class RubricChanged(RubricError):
    """A closed year's rubric version was edited after the year closed."""


@dataclass(frozen=True)
class Rubric:
    version: str
    title: str
    title_en: str
    published: dt.date | None
    year_from: int
    year_to: int
    components: dict  # name -> params (weight included), in the file's order
    fingerprint: str

    @property
    def adjustment_cap(self) -> float:
        return float(self.components.get("adjustments", {}).get("cap", 0))

    @property
    def weighted(self) -> dict:
        """The weighted components (all but the manual adjustments)."""
        return {k: v for k, v in self.components.items() if k != "adjustments"}

    def covers(self, year: int) -> bool:
        return self.year_from <= year <= self.year_to


def fingerprint(entry: dict) -> str:
    """sha256 of the version's content, independent of the file's layout and comments."""
    canonical = json.dumps(entry, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _path() -> Path:
    from django.conf import settings

    return Path(getattr(settings, "ASSESSMENT_RUBRIC_FILE", None) or BUNDLED)


def _number(where: str, value, kind: type, low: float, high: float):
    if kind is bool:
        if not isinstance(value, bool):
            raise RubricError(f"{where}: expected true or false, got {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RubricError(f"{where}: expected a number, got {value!r}")
    if not low <= value <= high:
        raise RubricError(f"{where}: {value} is outside {low:g}–{high:g}")
    return float(value)


def _check(entry: dict, n: int) -> Rubric:
    if not isinstance(entry, dict):
        raise RubricError(f"versions[{n}]: expected a mapping")
    ver = str(entry.get("version") or "").strip()
    if not ver:
        raise RubricError(f"versions[{n}]: version is missing")
    where = f"rubric {ver}"
    years = entry.get("years") or {}
    try:
        y_from, y_to = int(years["from"]), int(years["to"])
    except (KeyError, TypeError, ValueError):
        raise RubricError(f"{where}: years needs from and to (e.g. {{from: 2023, to: 2025}})") from None
    if y_from > y_to:
        raise RubricError(f"{where}: years.from {y_from} is after years.to {y_to}")
    comps = entry.get("components")
    if not isinstance(comps, dict) or not comps:
        raise RubricError(f"{where}: components are missing")
    checked: dict = {}
    for name, params in comps.items():
        if name not in COMPONENT_PARAMS:
            raise RubricError(f"{where}: unknown component {name!r} (known: {', '.join(COMPONENT_PARAMS)})")
        params = dict(params or {})
        out: dict = {}
        if name != "adjustments":
            if "weight" not in params:
                raise RubricError(f"{where}: {name}.weight is missing")
            out["weight"] = _number(f"{where}: {name}.weight", params.pop("weight"), float, 0, 100)
        for key, (kind, low, high) in COMPONENT_PARAMS[name].items():
            if key in params:
                out[key] = _number(f"{where}: {name}.{key}", params.pop(key), kind, low, high)
        if name == "status_time":
            points = params.pop("points", None)
            if not isinstance(points, dict) or set(points) != set(STATUSES):
                raise RubricError(f"{where}: status_time.points needs exactly {', '.join(STATUSES)}")
            out["points"] = {s: _number(f"{where}: status_time.points.{s}", points[s], float, 0, 100) for s in STATUSES}
        if params:
            raise RubricError(f"{where}: unknown parameter(s) of {name}: {', '.join(sorted(params))}")
        checked[name] = out
    if not any(v.get("weight") for k, v in checked.items() if k != "adjustments"):
        raise RubricError(f"{where}: at least one component needs a weight above 0")
    published = entry.get("published")
    if published is not None and not isinstance(published, dt.date):
        raise RubricError(f"{where}: published must be a date (YYYY-MM-DD)")
    return Rubric(version=ver, title=str(entry.get("title") or ver), title_en=str(entry.get("title_en") or entry.get("title") or ver),
                  published=published, year_from=y_from, year_to=y_to, components=checked, fingerprint=fingerprint(entry))


def load_versions(path: Path | None = None) -> list[Rubric]:
    """Every version in the file, checked, in the file's order."""
    path = path or _path()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RubricError(f"cannot read the rubric file {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise RubricError(f"{path} is not valid YAML: {exc}") from None
    entries = (raw or {}).get("versions") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not entries:
        raise RubricError(f"{path}: no versions")
    out = [_check(e, n) for n, e in enumerate(entries)]
    seen = set()
    for r in out:
        if r.version in seen:
            raise RubricError(f"{path}: version {r.version} appears twice")
        seen.add(r.version)
    return out


def version(name: str) -> Rubric:
    for r in load_versions():
        if r.version == name:
            return r
    raise RubricError(f"rubric version {name} is not in the rubric file")


def rubric_for(year: int) -> Rubric:
    """The rubric that scores ``year``: the closed year's own version (unchanged), else the
    newest version covering the year."""
    from duban.web.assessment.models import ClosedYear

    closed = ClosedYear.objects.filter(year=year).first()
    if closed is not None:
        try:
            r = version(closed.rubric_version)
        except RubricError:
            raise RubricChanged(_("{year} 年已按考核细则 {v} 关账，但该版本已从细则文件中删除；"
                                  "请恢复该版本，或新建版本后重新关账").format(year=year, v=closed.rubric_version)) from None
        if r.fingerprint != closed.rubric_sha256:
            raise RubricChanged(_("{year} 年已按考核细则 {v} 关账，此后该版本被修改；"
                                  "关账年度的细则不能改动：请恢复原文，或新建版本后重新关账").format(year=year, v=closed.rubric_version))
        return r
    covering = [r for r in load_versions() if r.covers(year)]
    if not covering:
        raise RubricError(_("没有适用于 {year} 年的考核细则版本").format(year=year))
    return covering[-1]
