from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

from hospital.migrations._rules_v1 import vendor_sql
from hospital.migrations import _rules_v1 as db_rules


class Migration(migrations.Migration):
    dependencies = [("hospital", "0001_initial")]

    operations = [
        # No-op on SQLite; on PostgreSQL it gives gist equality on integers.
        BtreeGistExtension(),
        vendor_sql(
            postgresql=db_rules.POSTGRESQL,
            sqlite=db_rules.SQLITE,
            postgresql_reverse=db_rules.POSTGRESQL_REVERSE,
            sqlite_reverse=db_rules.SQLITE_REVERSE,
        ),
    ]
