"""The database rules of 0008 again, with the audit trail following the
establishment's new columns (phone, how to get there: hospital 0007). The
SQL is frozen in sql/0012_rules_establishment_contact.*.sql."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0011_agenda_listing_triggers"),
        ("hospital", "0007_establishment_contact"),
    ]

    operations = [install("0012_rules_establishment_contact")]
