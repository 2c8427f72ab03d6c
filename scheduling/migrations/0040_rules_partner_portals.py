"""The database rules with partner portals (0039): a partner books only in
the agendas opted in to it, on the channel "partner" (rules/partners.py), and
the opt-ins are audited (SQLite's audit triggers of API clients list the new
column). Its objects are frozen in sql/objects/, listed in sql/0040_*.objects."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0039_partner_portals")]

    operations = [install("0040_rules_partner_portals")]
