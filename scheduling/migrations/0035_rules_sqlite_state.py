"""SQLite's rules read no state of the Python process (issue 21, point 5):
local dates come from the table platform_time_zone (filled here from
settings.TIME_ZONE, kept current after every migrate), and the rules stand
aside only while platform_maintenance holds its row, written inside the
transaction that needs it. The SQL is frozen in sql/0035_*.sql; PostgreSQL's
program is unchanged."""

from django.conf import settings
from django.db import migrations

from scheduling.migrations import _time_zone
from scheduling.migrations._frozen_rules import install


def fill_time_zone(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            _time_zone.fill(cursor, settings.TIME_ZONE)


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0034_rules_patient_language")]

    operations = [
        install("0035_rules_sqlite_state"),
        migrations.RunPython(fill_time_zone, migrations.RunPython.noop),
    ]
