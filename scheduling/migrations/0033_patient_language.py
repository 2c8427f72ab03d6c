"""The language a patient uses on the public site (issue 25): every later
notice follows it. SQLite rebuilds the patients table for the new column: the
rules of 0032 (and every other trigger) are taken off and put back; 0034 then
installs the rules that know the column (SQLite's audit triggers list every
column)."""

from django.db import migrations, models

import scheduling.models
from scheduling.migrations._frozen_rules import suspended_on_sqlite


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0032_rules_patient_ins"),
    ]

    operations = suspended_on_sqlite(
        "0032_rules_patient_ins",
        [
            migrations.AddField(
                model_name="patient",
                name="language",
                field=models.CharField(
                    choices=[("fr", "Français"), ("en", "English")],
                    db_default="fr",
                    default=scheduling.models.site_language,
                    max_length=8,
                    verbose_name="language",
                ),
            ),
        ],
    )
