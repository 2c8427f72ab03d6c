"""The database rules with the booking's updated_at column (0020): SQLite's
audit triggers list it, and its datetimes are checked canonical. The SQL is
frozen in sql/0021_*.sql."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0020_booking_updated_at")]

    operations = [install("0021_rules_updated_at")]
