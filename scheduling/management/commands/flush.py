from django.core.management.commands.flush import Command as DjangoFlush

from scheduling.rules.state import rules_suspended


class Command(DjangoFlush):
    """Django's flush (empty every table: the test suite's reset between tests
    that commit). On SQLite the rule triggers let it delete bookings only
    inside this command's transaction, which holds platform_maintenance's row; on PostgreSQL it truncates as the tables' owner, which
    the application role is not (README: deploying on PostgreSQL)."""

    def handle(self, *args, **options):
        with rules_suspended():
            return super().handle(*args, **options)
