"""The living demo: a ledger as a real office has it in the middle of its report's year.

``build(DemoOptions(as_of=..., seed=...))`` imports the bundled sample report, assigns
every task, sets stages, and runs the months from March to the as-of date through the
ledger's workflow (:mod:`.year`), following a seeded plan (:mod:`.plan`). ``duban demo``
and ``benchmarks/ledger_load.py`` both call it. Other apps add their own sample data by
appending a step to :data:`STEPS`.
"""

from .build import STEPS, Demo, DemoError, DemoOptions, DemoResult, build, default_as_of

__all__ = ["STEPS", "Demo", "DemoError", "DemoOptions", "DemoResult", "build", "default_as_of"]
