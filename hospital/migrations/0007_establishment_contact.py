from django.db import migrations, models

from audit.operations import audit_tables
from audit.vendor_sql import vendor_sql

# Added in place on both vendors (SQLite keeps the table, hence its rule and
# audit triggers): Django would rebuild it to add a NOT NULL column there.
COLUMNS = [
    "ALTER TABLE hospital_establishment ADD COLUMN phone varchar(30) NOT NULL DEFAULT '';",
    "ALTER TABLE hospital_establishment ADD COLUMN access text NOT NULL DEFAULT '';",
]
DROP = [
    "ALTER TABLE hospital_establishment DROP COLUMN access;",
    "ALTER TABLE hospital_establishment DROP COLUMN phone;",
]


class Migration(migrations.Migration):
    dependencies = [
        ("hospital", "0006_audit_staff_rights"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="establishment",
                    name="phone",
                    field=models.CharField(blank=True, max_length=30, verbose_name="phone"),
                ),
                migrations.AddField(
                    model_name="establishment",
                    name="access",
                    field=models.TextField(
                        blank=True,
                        help_text="Public transport, parking, which entrance: shown to patients.",
                        verbose_name="how to get there",
                    ),
                ),
            ],
            database_operations=[
                vendor_sql(
                    postgresql=COLUMNS,
                    sqlite=COLUMNS,
                    postgresql_reverse=DROP,
                    sqlite_reverse=DROP,
                )
            ],
        ),
        # SQLite's audit triggers name every column: list the new ones too.
        audit_tables({"hospital_establishment": ()}),
    ]
