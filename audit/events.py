"""Events the application adds to the trail: reads of patient data by staff,
and decisions that triggers cannot see (a staff override of a rule)."""

import json

from django.db import connection

from audit.models import Action


def record(action: str, object_type: str, object_id: object, *, detail: dict | None = None) -> None:
    """Append an event through the same entry point as the database triggers,
    so it carries the acting user and joins the same hash chain, in the
    caller's transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_log_input (action, object_type, object_id, changes)"
            " VALUES (%s, %s, %s, %s)",
            [action, object_type, str(object_id), json.dumps(detail or {}, sort_keys=True)],
        )


def record_read(object_type: str, object_id: object, *, detail: dict | None = None) -> None:
    record(Action.READ, object_type, object_id, detail=detail)
