from django.core.management.base import BaseCommand, CommandError

from interfaces import sql
from interfaces.migrations._frozen_feed import SQL_DIR
from scheduling.rules.objects import HEADER as RULES_HEADER
from scheduling.rules.objects import DbObject, dump

HEADER = (
    "-- The outbound feed's triggers, frozen by `manage.py freeze_feed`.\n"
    "-- Never edit by hand: change interfaces/sql.py and freeze a new migration.\n"
)


class Command(BaseCommand):
    help = (
        "Write today's outbound-feed triggers (interfaces/sql.py) for both databases into "
        "interfaces/migrations/sql/<version>.<vendor>.sql, for a new migration to install."
    )

    def add_arguments(self, parser):
        parser.add_argument("version", help="the migration's name, e.g. 0002_feed_reasons")

    def handle(self, *args, version: str, **options):
        for vendor in ("postgresql", "sqlite"):
            path = SQL_DIR / f"{version}.{vendor}.sql"
            if path.exists():
                raise CommandError(f"{path} exists: frozen SQL is never rewritten")
            objects = [
                DbObject(kind, name, create, drop)
                for kind, name, create, drop in sql.render(vendor)
            ]
            path.write_text(dump(objects).replace(RULES_HEADER, HEADER, 1))
            self.stdout.write(f"{path}: {len(objects)} objects")
