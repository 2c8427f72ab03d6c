from django.db import migrations

# Frozen copy: a data migration must not change when the live list does.
SPECIALTIES = [
    ("allergologie", "Allergologie"),
    ("anesthesie-reanimation", "Anesthésie-réanimation"),
    ("cardiologie", "Cardiologie et maladies vasculaires"),
    ("chirurgie-digestive", "Chirurgie viscérale et digestive"),
    ("chirurgie-orthopedique", "Chirurgie orthopédique et traumatologique"),
    ("chirurgie-pediatrique", "Chirurgie pédiatrique"),
    ("chirurgie-plastique", "Chirurgie plastique, reconstructrice et esthétique"),
    ("chirurgie-thoracique", "Chirurgie thoracique et cardiovasculaire"),
    ("chirurgie-vasculaire", "Chirurgie vasculaire"),
    ("dermatologie", "Dermatologie et vénéréologie"),
    ("endocrinologie", "Endocrinologie, diabétologie, nutrition"),
    ("gastro-enterologie", "Hépato-gastro-entérologie"),
    ("geriatrie", "Gériatrie"),
    ("gynecologie-obstetrique", "Gynécologie obstétrique"),
    ("hematologie", "Hématologie"),
    ("maladies-infectieuses", "Maladies infectieuses et tropicales"),
    ("medecine-interne", "Médecine interne et immunologie clinique"),
    ("medecine-physique", "Médecine physique et de réadaptation"),
    ("nephrologie", "Néphrologie"),
    ("neurochirurgie", "Neurochirurgie"),
    ("neurologie", "Neurologie"),
    ("oncologie", "Oncologie"),
    ("ophtalmologie", "Ophtalmologie"),
    ("orl", "Oto-rhino-laryngologie – chirurgie cervico-faciale"),
    ("pediatrie", "Pédiatrie"),
    ("pneumologie", "Pneumologie"),
    ("psychiatrie", "Psychiatrie"),
    ("radiologie", "Radiologie et imagerie médicale"),
    ("rhumatologie", "Rhumatologie"),
    ("stomatologie", "Chirurgie maxillo-faciale"),
    ("urologie", "Urologie"),
]


def seed(apps, schema_editor):
    Specialty = apps.get_model("hospital", "Specialty")
    for code, name in SPECIALTIES:
        Specialty.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("hospital", "0002_db_rules")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
