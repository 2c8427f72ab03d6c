"""The database rules with the erasures of patients' identities under audit
(issue 25): the erasure table gets its row triggers, so every erasure is an
event of the trail, written by the database. The SQL is frozen in
sql/0026_*.sql."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0025_patient_rights")]

    operations = [install("0026_rules_erasure")]
