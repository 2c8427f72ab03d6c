"""A dispatch keeps its event, endpoint and booking: only its delivery state
changes (issue 21). The application may update the table, which is not
audited (its delivery state changes at every attempt), so SQL with its
rights could re-point a patient's message at another endpoint and set it
pending again, and the relay would send it there unseen. Frozen by
`manage.py freeze_rules --app interfaces`: on PostgreSQL the refusing
function and its trigger; on SQLite the same trigger and one refusing
DELETE (PostgreSQL revokes DELETE from the application role)."""

from pathlib import Path

from django.db import migrations

from scheduling.migrations._frozen_rules import install

SQL_DIR = Path(__file__).with_name("sql")


class Migration(migrations.Migration):
    dependencies = [("interfaces", "0004_endpoint_audit_columns")]

    operations = [install("0005_dispatch_identity_kept", sql_dir=SQL_DIR)]
