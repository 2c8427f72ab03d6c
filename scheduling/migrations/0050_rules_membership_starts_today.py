"""A membership period starts today or later (adversarial review, round 4,
F5: tests/institution/test_attacks_round4.py).

A new period was refused only when it covered a booking of the past, so one
inserted over the days after an establishment left (no booking there) — or
an announced period whose start was brought forward into that gap — made
the routing report say it was a member all along. A period now starts today
or later, inserted or moved earlier; only an establishment's first period,
before it has any booking, starts earlier (how the seed, an import and the
tests' factories make a member).

The objects are frozen in sql/objects/<vendor>/ (sql/0050_*.objects)."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0049_rules_past_booking_columns")]

    operations = [install("0050_rules_membership_starts_today")]
