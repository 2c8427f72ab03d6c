"""The institution rule's check of one booking matches it by equality
(issue 21: throughput), on PostgreSQL only. Given an array, PostgreSQL
planned the check's four statements again at every booking's commit, which
cost more than the history rules' own work; by equality it keeps one plan
per session. Arrays of several bookings go through the same statements as
before; the refusals are the same. The object is frozen in
sql/objects/postgresql/ (sql/0045_*.objects)."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0044_rules_listing")]

    operations = [install("0045_rules_one_booking_plan")]
