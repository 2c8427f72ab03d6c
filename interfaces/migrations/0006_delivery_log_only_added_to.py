"""The delivery log (`interfaces_dispatchattempt`, a row per attempt) is only
added to: the trail does not record it, and the application role could
update or delete its rows, so SQL with its rights could erase the record of
a message sent to another system, or of its refusal. PostgreSQL revokes
UPDATE and DELETE from the role (deploy/postgresql/application_role.sql, no
database object); SQLite refuses both with two triggers, frozen by
`manage.py freeze_rules --app interfaces`."""

from pathlib import Path

from django.db import migrations

from scheduling.migrations._frozen_rules import install

SQL_DIR = Path(__file__).with_name("sql")


class Migration(migrations.Migration):
    dependencies = [("interfaces", "0005_dispatch_identity_kept")]

    operations = [install("0006_delivery_log_only_added_to", sql_dir=SQL_DIR)]
