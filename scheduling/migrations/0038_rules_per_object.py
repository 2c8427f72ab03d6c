"""The database rules frozen one object per file (issue 20): this version
installs every object once more, from its own file named with its hash, and
on PostgreSQL comments each with that hash and its definition's, for
`manage.py rules_drift`. Later versions install only the objects whose hash
changed (`manage.py freeze_rules`). The program itself is 0037's."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0037_rules_english_texts")]

    operations = [install("0038_rules_per_object")]
