"""The public listing's functions, triggers, view and grants join the rules
program (issue 20): 0013 installed them from SQL pasted into it; from now on
they are objects frozen one per file like the rest, and this version installs
them once more from those files (on PostgreSQL with their hashes, for
`manage.py rules_drift`). Their SQL is 0042's, unchanged."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0043_rules_partner_reservation")]

    operations = [install("0044_rules_listing")]
