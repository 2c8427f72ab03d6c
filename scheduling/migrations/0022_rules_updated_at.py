"""The database rules with the booking's updated_at column (0021): SQLite's
audit triggers list it, and its datetimes are checked canonical. The SQL is
frozen in sql/0022_*.sql."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0021_booking_updated_at")]

    operations = [install("0022_rules_updated_at")]
