from django.core.management.base import BaseCommand

from audit.context import AuditChannel, acting
from scheduling.services.booking import release_expired_holds


class Command(BaseCommand):
    help = "Give back the slots of unconfirmed holds whose time has run out (for cron)."

    def handle(self, *args, **options):
        with acting(actor="system:release_expired_holds", channel=AuditChannel.COMMAND):
            released = release_expired_holds()
        self.stdout.write(f"{released} expired holds released")
