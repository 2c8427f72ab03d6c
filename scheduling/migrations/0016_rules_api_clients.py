"""The database rules with the API clients of 0015 (issue 15): the clients
and their scope audited (the token kept only as its digest), their ids
immutable. The SQL is frozen in sql/0016_*.sql."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0015_api_clients"),
    ]

    operations = [install("0016_rules_api_clients")]
