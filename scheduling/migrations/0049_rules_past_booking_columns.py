"""A booking whose slot has started changes only by its outcome, its
check-in, or a lapsed hold's release (adversarial review, round 4, F4:
tests/institution/test_attacks_round4.py).

The history rule compared the slot, reason, patient, status, channel,
author, creation time and check-in of a past booking: its cancellation's
author and reason, its hold's time, its idempotency key and its revision
could be rewritten by the application role. The rule now lists what may
change instead — the status (by the outcome's moves), the check-in (once),
the worklist's flag and the time of the last change, and with a hold's
release (pending → cancelled) the columns the release writes — so that
every other column, one added later included, stays as it was.

The objects are frozen in sql/objects/<vendor>/ (sql/0049_*.objects)."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0048_rules_api_clients_keep_their_past")]

    operations = [install("0049_rules_past_booking_columns")]
