"""Running a workflow step on behalf of a submitted form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from duban.web.ledger.validation import Invalid
from duban.web.ledger.workflow import Conflict, WorkflowError


def attempt(form, action: Callable[[], Any], *also: type[Exception]) -> tuple[int | None, Any]:
    """Run ``action``: ``(None, result)`` when it went through; otherwise the message goes
    on the form and the HTTP status comes back: 409 when someone changed the object in the
    meantime, 400 when the request cannot be carried out (``Invalid``, ``WorkflowError`` or ``also``)."""
    try:
        return None, action()
    except Conflict as exc:
        form.add_error(None, str(exc))
        return 409, None
    except Invalid as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return 400, None
    except (WorkflowError, *also) as exc:
        form.add_error(None, str(exc))
        return 400, None
