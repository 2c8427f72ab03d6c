"""Staff put dead letters back in the line: one path, audited."""

from django.db import transaction

from audit.context import acting_as
from audit.events import record
from audit.models import Action
from interfaces import relay
from interfaces.models import Dispatch


def replay_dead_letters(dispatches, *, by) -> int:
    """Send these dead letters again from their first attempt; each replay is
    an event of the audit trail (who, which message). Returns how many."""
    replayed = 0
    with acting_as(by), transaction.atomic():  # the admin's action runs inside its own
        for dispatch in dispatches.filter(status=Dispatch.Status.DEAD).order_by("pk"):
            if relay.replay(dispatch):
                record(
                    Action.OVERRIDE,
                    "interfaces_dispatch",
                    dispatch.pk,
                    detail={
                        "rule": "dead_letter",
                        "change": "replay",
                        "attempts": dispatch.attempts,
                    },
                )
                replayed += 1
    return replayed
