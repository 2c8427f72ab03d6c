"""The database rules with the booking's check-in column (0017): SQLite's
audit triggers list it, and its datetimes are checked canonical. The SQL is
frozen in sql/0018_*.sql."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0017_booking_checked_in_at")]

    operations = [install("0018_rules_check_in")]
