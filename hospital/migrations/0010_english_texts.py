"""English texts beside the French ones (issue 25): a specialty's name, the
practical information of establishments and departments, shown on /en/ and to
patients who booked in English. SQLite rebuilds the tables: every trigger is
set aside and put back; scheduling 0037 installs the audit triggers that list
the new columns, then fills the reference list's English names."""

from django.db import migrations, models

from hospital.migrations._sqlite_rebuild import triggers_set_aside


class Migration(migrations.Migration):
    dependencies = [
        ("hospital", "0009_membership_periods"),
    ]

    operations = triggers_set_aside(
        [
            migrations.AddField(
                model_name="department",
                name="practical_info_en",
                field=models.TextField(
                    blank=True,
                    db_default="",
                    default="",
                    help_text="Shown on the English site and to patients who booked in English.",
                    verbose_name="practical information in English",
                ),
            ),
            migrations.AddField(
                model_name="establishment",
                name="practical_info_en",
                field=models.TextField(
                    blank=True,
                    db_default="",
                    default="",
                    help_text="Shown on the English site and to patients who booked in English.",
                    verbose_name="practical information in English",
                ),
            ),
            migrations.AddField(
                model_name="specialty",
                name="name_en",
                field=models.CharField(
                    blank=True,
                    db_default="",
                    default="",
                    help_text="Shown on the English site and to patients who booked in English.",
                    max_length=120,
                    verbose_name="name in English",
                ),
            ),
        ]
    )
