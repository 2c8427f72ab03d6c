"""The database rules with the patient's INS column (0031): the audit trail
keeps it only as a keyed hash, like the other identity fields, and SQLite's
audit triggers list it. The SQL is frozen in sql/0032_*.sql."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0031_patient_ins")]

    operations = [install("0032_rules_patient_ins")]
