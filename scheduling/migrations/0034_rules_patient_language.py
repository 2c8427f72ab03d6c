"""The database rules with the patient's language column (0033): SQLite's
audit triggers list it. The SQL is frozen in sql/0034_*.sql."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0033_patient_language")]

    operations = [install("0034_rules_patient_language")]
