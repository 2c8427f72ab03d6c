from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from scheduling.rules.drift import drift


class Command(BaseCommand):
    help = (
        "Compare the database rules installed in a live database (triggers, functions, "
        "views, tables of the rules, the listing and the audit trail) with what today's "
        "code renders. Exits 1 and names each object that differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database: str, **options):
        found = drift(connections[database])
        for item in found:
            self.stdout.write(str(item))
        if found:
            raise CommandError(f"{len(found)} object(s) of the database rules drifted")
        self.stdout.write("the database holds the rules the code renders")
