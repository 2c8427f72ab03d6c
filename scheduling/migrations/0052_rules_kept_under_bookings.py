"""No row a booking resolves through is deleted (adversarial review, round 4,
F7: tests/institution/test_attacks_round4.py).

On PostgreSQL the foreign keys are checked at COMMIT: the application role
could delete an establishment, a department, an agenda or a booked slot and
insert it again with the same id in one transaction, with another FINESS,
establishment, department, practitioner or start, past every guard on
UPDATE; past bookings moved in the routing report, and an upcoming
appointment moved with no revision, notice or outbound message. A BEFORE
DELETE trigger on each of the four tables now refuses to delete a row that
any booking, cancelled ones included, resolves through. SQLite already
refused at the statement (for bookings that are not cancelled); the same
triggers there say why, and cover cancelled bookings too.

The objects are frozen in sql/objects/<vendor>/ (sql/0052_*.objects)."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0051_rules_finite_times")]

    operations = [install("0052_rules_kept_under_bookings")]
