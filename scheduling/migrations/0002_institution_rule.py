from django.db import migrations

from audit.vendor_sql import vendor_sql
from scheduling.rules import database as db_rules


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
