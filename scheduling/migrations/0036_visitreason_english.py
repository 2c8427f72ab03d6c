"""A visit reason's label and instructions in English (issue 25). SQLite
rebuilds the table: the rules of 0035 are taken off and put back; 0037 then
installs the rules that know the columns (SQLite's audit triggers list every
column)."""

from django.db import migrations, models

from scheduling.migrations._frozen_rules import suspended_on_sqlite


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0035_rules_sqlite_state"),
        ("hospital", "0010_english_texts"),
    ]

    operations = suspended_on_sqlite(
        "0035_rules_sqlite_state",
        [
            migrations.AddField(
                model_name="visitreason",
                name="instructions_en",
                field=models.TextField(
                    blank=True, db_default="", default="", verbose_name="instructions in English"
                ),
            ),
            migrations.AddField(
                model_name="visitreason",
                name="label_en",
                field=models.CharField(
                    blank=True,
                    db_default="",
                    default="",
                    help_text="Shown on the English site and to patients who booked in English.",
                    max_length=150,
                    verbose_name="label in English",
                ),
            ),
        ],
    )
