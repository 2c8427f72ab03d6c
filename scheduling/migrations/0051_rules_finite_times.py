"""No date or time the rules and the report read is infinite (adversarial
review, round 4, F6: tests/institution/test_attacks_round4.py).

PostgreSQL's dates and timestamps include 'infinity': a hospital's open
period given the end 'infinity' passed every rule (it ends after today and
covers what it covered), `is_member` turned false, and the routing report,
which reads the periods in Python, could no longer be computed. A trigger on
each table the rules read (membership periods, affiliations, slots,
bookings) refuses a non-finite value in their dates and times. SQLite's
rules already refuse any text that is not a canonical date or time.

The objects are frozen in sql/objects/<vendor>/ (sql/0051_*.objects)."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0050_rules_membership_starts_today")]

    operations = [install("0051_rules_finite_times")]
