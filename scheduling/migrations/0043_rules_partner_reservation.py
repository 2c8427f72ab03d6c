"""A slot reserved for partner portals is bookable through the partner channel
too (issue 24): the reservation rule's channels for "partners" gain
"partner". Its changed objects are frozen in sql/objects/, listed in
sql/0043_*.objects."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0042_listing_reservations")]

    operations = [install("0043_rules_partner_reservation")]
