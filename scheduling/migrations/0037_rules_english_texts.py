"""The database rules with the English texts' columns (hospital 0010, 0036):
SQLite's audit triggers list them. The SQL is frozen in sql/0037_*.sql. Then
the specialties of the reference list (hospital 0003) get their English names,
through the new triggers, so the trail records them on both databases."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install

# Frozen copy: a data migration must not change when the live list does.
ENGLISH_NAMES = {
    "allergologie": "Allergology",
    "anesthesie-reanimation": "Anaesthesia and intensive care",
    "cardiologie": "Cardiology and vascular medicine",
    "chirurgie-digestive": "Visceral and digestive surgery",
    "chirurgie-orthopedique": "Orthopaedic and trauma surgery",
    "chirurgie-pediatrique": "Paediatric surgery",
    "chirurgie-plastique": "Plastic, reconstructive and aesthetic surgery",
    "chirurgie-thoracique": "Thoracic and cardiovascular surgery",
    "chirurgie-vasculaire": "Vascular surgery",
    "dermatologie": "Dermatology and venereology",
    "endocrinologie": "Endocrinology, diabetes, nutrition",
    "gastro-enterologie": "Hepato-gastroenterology",
    "geriatrie": "Geriatrics",
    "gynecologie-obstetrique": "Gynaecology and obstetrics",
    "hematologie": "Haematology",
    "maladies-infectieuses": "Infectious and tropical diseases",
    "medecine-interne": "Internal medicine and clinical immunology",
    "medecine-physique": "Physical medicine and rehabilitation",
    "nephrologie": "Nephrology",
    "neurochirurgie": "Neurosurgery",
    "neurologie": "Neurology",
    "oncologie": "Oncology",
    "ophtalmologie": "Ophthalmology",
    "orl": "Ear, nose and throat (ENT) – head and neck surgery",
    "pediatrie": "Paediatrics",
    "pneumologie": "Pulmonology",
    "psychiatrie": "Psychiatry",
    "radiologie": "Radiology and medical imaging",
    "rhumatologie": "Rheumatology",
    "stomatologie": "Oral and maxillofacial surgery",
    "urologie": "Urology",
}


def name_in_english(apps, schema_editor):
    Specialty = apps.get_model("hospital", "Specialty")
    for specialty in Specialty.objects.filter(code__in=ENGLISH_NAMES, name_en="").order_by("pk"):
        specialty.name_en = ENGLISH_NAMES[specialty.code]
        specialty.save(update_fields=["name_en"])


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0036_visitreason_english"),
        ("hospital", "0010_english_texts"),
    ]

    operations = [
        install("0037_rules_english_texts"),
        migrations.RunPython(name_in_english, migrations.RunPython.noop),
    ]
