"""The ledger's refusals, shared by the workflow and the validation layer.

``workflow`` re-exports both classes: callers import them from there.
"""

from __future__ import annotations


class WorkflowError(Exception):
    """A request that cannot be carried out; the message is for the user."""


class Conflict(WorkflowError):
    """Someone else changed the object since the user loaded it."""
