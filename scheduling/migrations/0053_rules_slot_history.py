"""A slot that has started is history (adversarial review, round 3: the
routing report's reserved capacity over the past, issue 21).

The routing report counts, per reservation, the open reserved slots of a
past range and how many were booked or stayed free. The application role
could rewrite last month's figures in plain SQL: delete a slot that had
started, close it, or clear or change its reservation (reserved_for,
opens_to_all_at), and insert a slot with a start already past. On both
databases a slot that has started (by the wall clock at the statement:
clock_timestamp() on PostgreSQL) is now never deleted and keeps its status
and reservation as well as its agenda and times, and no slot is inserted
with a start that has passed. The services that closed such slots (an
absence over past days, closing an agenda, the slot under way) now leave
them as they are.

The objects are frozen in sql/objects/<vendor>/ (sql/0053_*.objects)."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0052_rules_kept_under_bookings")]

    operations = [install("0053_rules_slot_history")]
