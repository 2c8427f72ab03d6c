"""The database rules with the columns and table of 0010 (issue 13): the
waiting list audited with immutable ids, SQLite's audit triggers listing the
new columns, a booking's revision that goes up when it moves and never back,
and "decision" events (the waiting list's first come, first served). The
SQL is frozen in sql/0011_*.sql."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0010_notices_waitlist"),
        ("hospital", "0007_contact"),
    ]

    operations = [install("0011_rules_notices")]
