from django.core.management.commands.migrate import Command as DjangoMigrate

from scheduling.rules.connection import maintenance


class Command(DjangoMigrate):
    """Django's migrate, allowed to change the schema of an SQLite database
    (the application's connections refuse it otherwise: scheduling/rules/connection.py)."""

    def handle(self, *args, **options):
        with maintenance():
            return super().handle(*args, **options)
