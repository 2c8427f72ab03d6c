from django.db import migrations, models

# Added in place on both vendors (SQLite keeps the table, hence its rule and
# audit triggers): Django would rebuild it to add a NOT NULL column there.
# The audit trail learns the new columns from the rules frozen after this
# migration (scheduling 0012).
COLUMNS = [
    "ALTER TABLE hospital_establishment ADD COLUMN phone varchar(30) NOT NULL DEFAULT '';",
    "ALTER TABLE hospital_establishment ADD COLUMN access text NOT NULL DEFAULT '';",
]
DROP = [
    "ALTER TABLE hospital_establishment DROP COLUMN access;",
    "ALTER TABLE hospital_establishment DROP COLUMN phone;",
]


def _execute(statements):
    def run(apps, schema_editor):
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("hospital", "0006_audit_staff_rights")]

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
            database_operations=[migrations.RunPython(_execute(COLUMNS), _execute(DROP))],
        ),
    ]
