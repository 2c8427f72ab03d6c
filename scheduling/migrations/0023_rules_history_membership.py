"""The database rules of issue 21: the guarantee covers the past (a booking
never resolves outside as of its slot's time; history is immutable but for
outcomes and check-ins) and membership is dated periods (hospital 0009),
audited like the registry. The SQL is frozen in sql/0023_*.sql."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0022_rules_updated_at"),
        ("hospital", "0009_membership_periods"),
    ]

    operations = [install("0023_rules_history_membership")]
