from django.db import migrations

from audit.migrations._audit_v1 import audit_tables


class Migration(migrations.Migration):
    dependencies = [
        ("hospital", "0003_seed_specialties"),
        ("audit", "0001_initial"),
    ]

    operations = [
        audit_tables(
            {
                "hospital_establishment": (),
                "hospital_specialty": (),
                "hospital_department": (),
                "hospital_practitioner": (),
                "hospital_practitioner_specialties": (),
                "hospital_affiliation": (),
            }
        ),
    ]
