"""The database rules with partner portals (0038): a partner books only in
the agendas opted in to it, on the channel "partner" (rules/partners.py), and
the opt-ins are audited. The SQL is frozen in sql/0039_*.sql."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0038_partner_portals")]

    operations = [install("0039_rules_partner_portals")]
