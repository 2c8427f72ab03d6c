"""The database rules with the call centres of 0027 (issue 24): the call
centres, their establishments and specialties, and their agents audited,
their ids (and an agent's account) immutable. The SQL is frozen in
sql/0028_*.sql."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0027_call_centre")]

    operations = [install("0028_rules_call_centre")]
