from django.core.management.commands.flush import Command as DjangoFlush

from scheduling.rules.connection import maintenance


class Command(DjangoFlush):
    """Django's flush (empty every table: the test suite's reset between tests
    that commit). On SQLite the rule triggers let it delete bookings only
    inside this command; on PostgreSQL it truncates as the tables' owner, which
    the application role is not (README: deploying on PostgreSQL)."""

    def handle(self, *args, **options):
        with maintenance():
            return super().handle(*args, **options)
