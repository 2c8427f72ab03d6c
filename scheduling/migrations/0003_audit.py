from django.db import migrations

from audit.migrations._audit_v1 import audit_tables

PATIENT_IDENTITY = ("first_name", "last_name", "birth_date", "email", "phone")


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0002_institution_rule"),
        ("audit", "0001_initial"),
    ]

    operations = [
        audit_tables(
            {
                "scheduling_agenda": (),
                "scheduling_visitreason": (),
                "scheduling_openingrule": (),
                "scheduling_openingrule_reasons": (),
                "scheduling_absence": (),
                "scheduling_slot": (),
                "scheduling_patient": PATIENT_IDENTITY,
                "scheduling_booking": ("cancel_reason",),
            }
        ),
    ]
