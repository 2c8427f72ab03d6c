from django.db import migrations

from scheduling.migrations import _rules_v1 as db_rules
from scheduling.migrations._rules_v1 import vendor_sql


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0001_initial"),
        ("hospital", "0002_db_rules"),
    ]

    operations = [
        vendor_sql(
            postgresql=db_rules.POSTGRESQL,
            sqlite=db_rules.SQLITE,
            postgresql_reverse=db_rules.POSTGRESQL_REVERSE,
            sqlite_reverse=db_rules.SQLITE_REVERSE,
        ),
    ]
