"""Reads of patient data by staff are events too: who looked at whom, when."""

import json

from django.db import connection

from audit.models import Action


def record_read(object_type: str, object_id: object, *, detail: dict | None = None) -> None:
    """Append a read event through the same entry point as the database triggers,
    so it carries the acting user and joins the same hash chain."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_log_input (action, object_type, object_id, changes)"
            " VALUES (%s, %s, %s, %s)",
            [Action.READ, object_type, str(object_id), json.dumps(detail or {}, sort_keys=True)],
        )
