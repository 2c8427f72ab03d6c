from django.core.management.base import BaseCommand, CommandError

from scheduling.migrations._frozen_rules import SQL_DIR
from scheduling.rules.objects import dump
from scheduling.rules.program import render

VENDORS = ("postgresql", "sqlite")


class Command(BaseCommand):
    help = (
        "Write today's database rules, as rendered by scheduling/rules/, into "
        "scheduling/migrations/sql/VERSION.<vendor>.sql for a new migration to install "
        "(scheduling/migrations/_frozen_rules.install). Refuses to overwrite a version."
    )

    def add_arguments(self, parser):
        parser.add_argument("version", help="the new migration's name, e.g. 0009_rules")

    def handle(self, *args, version: str, **options):
        targets = {vendor: SQL_DIR / f"{version}.{vendor}.sql" for vendor in VENDORS}
        existing = [str(path) for path in targets.values() if path.exists()]
        if existing:
            raise CommandError(f"frozen rules are never rewritten: {', '.join(existing)}")
        SQL_DIR.mkdir(exist_ok=True)
        for vendor, path in targets.items():
            path.write_text(dump(render(vendor)))
            self.stdout.write(f"wrote {path}")
        self.stdout.write(
            "Now add a migration that calls "
            f"_frozen_rules.install({version!r}, retire=...) and depends on the latest ones."
        )
