from django.db import migrations, models

from audit.migrations import _audit_v1 as sql
from audit.migrations._audit_v1 import vendor_sql


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        vendor_sql(
            postgresql=sql.POSTGRESQL_BASE,
            sqlite=sql.SQLITE_BASE,
            postgresql_reverse=sql.POSTGRESQL_BASE_REVERSE,
            sqlite_reverse=sql.SQLITE_BASE_REVERSE,
        ),
        migrations.CreateModel(
            name="Event",
            fields=[
                ("seq", models.BigIntegerField(primary_key=True, serialize=False, verbose_name="sequence")),
                ("occurred_at", models.CharField(max_length=32, verbose_name="time (UTC)")),
                ("actor", models.CharField(max_length=200, verbose_name="actor")),
                ("channel", models.CharField(max_length=20, verbose_name="channel")),
                ("request_id", models.CharField(max_length=64, verbose_name="request id")),
                ("action", models.CharField(choices=[("insert", "created"), ("update", "changed"), ("delete", "deleted"), ("truncate", "emptied"), ("read", "read"), ("permission", "permission changed")], max_length=20, verbose_name="action")),
                ("object_type", models.CharField(max_length=100, verbose_name="object type")),
                ("object_id", models.CharField(max_length=64, verbose_name="object id")),
                ("changes", models.TextField(verbose_name="changes")),
                ("prev_hash", models.CharField(max_length=64, verbose_name="previous hash")),
                ("hash", models.CharField(max_length=64, verbose_name="hash")),
            ],
            options={
                "verbose_name": "audit event",
                "verbose_name_plural": "audit events",
                "db_table": "audit_event",
                "ordering": ["-seq"],
                "managed": False,
            },
        ),
    ]
