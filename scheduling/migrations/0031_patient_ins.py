"""A patient's INS (Identifiant National de Santé, issue 22), optional,
validated as a NIR: sent in HL7 PID-3 and FHIR Patient.identifier. SQLite
rebuilds the patients table for the new column: the rules of 0029 (and every
other trigger) are taken off around it and put back; 0032 then installs the
rules that know the column (the trail masks it like the other identity
fields)."""

from django.db import migrations, models

import hospital.validators
from scheduling.migrations._frozen_rules import suspended_on_sqlite


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0030_slot_agenda_start"),
    ]

    operations = suspended_on_sqlite(
        "0029_rules_seal_once",
        [
            migrations.AddField(
                model_name="patient",
                name="ins",
                field=models.CharField(
                    blank=True,
                    db_default="",
                    default="",
                    help_text=(
                        "Identifiant National de Santé (the NIR, 15 characters), when the "
                        "identity is qualified: sent to the hospital's systems with the "
                        "appointments."
                    ),
                    max_length=15,
                    validators=[hospital.validators.validate_ins],
                    verbose_name="INS",
                ),
            ),
        ],
    )
