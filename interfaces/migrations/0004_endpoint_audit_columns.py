"""The audit trail's triggers on the endpoint table name every column on
SQLite: the subscription's API client, criteria and payload (0002) were not
in the trail there (PostgreSQL's trigger writes the whole row). Frozen by
`manage.py freeze_rules --app interfaces`: the three SQLite triggers only."""

from pathlib import Path

from django.db import migrations

from scheduling.migrations._frozen_rules import install

SQL_DIR = Path(__file__).with_name("sql")


class Migration(migrations.Migration):
    dependencies = [("interfaces", "0003_feed_per_object")]

    operations = [install("0004_endpoint_audit_columns", sql_dir=SQL_DIR)]
