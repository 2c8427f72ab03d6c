"""The outbound feed's SQL frozen one object per file (issue 20), the one way
the project freezes SQL: this version installs every object of the feed once
more, from its own file named with its hash (sql/objects/<vendor>/), and on
PostgreSQL comments each with that hash and its definition's, for
`manage.py rules_drift`. The SQL is 0001's, unchanged: on a database that
ran 0001 and 0002 the triggers are put back as they were. Later versions
install only the objects whose hash changed (`manage.py freeze_rules --app
interfaces NNNN_name`)."""

from pathlib import Path

from django.db import migrations

from scheduling.migrations._frozen_rules import install

SQL_DIR = Path(__file__).with_name("sql")


class Migration(migrations.Migration):
    dependencies = [("interfaces", "0002_subscription")]

    operations = [install("0003_feed_per_object", sql_dir=SQL_DIR)]
