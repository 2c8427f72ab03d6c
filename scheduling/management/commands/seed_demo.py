import time

from django.core.management.base import BaseCommand

from audit.context import AuditChannel, acting
from scheduling.demo import DEMO_PASSWORD, SIZES, DemoBuilder, seed_slots
from scheduling.services.listing_clock import refresh_clock


class Command(BaseCommand):
    help = "Load a demo institution (idempotent): hospitals, an external clinic, practitioners, slots, staff."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="small")
        parser.add_argument("--no-slots", action="store_true", help="skip slot generation")

    def handle(self, *args, size: str, no_slots: bool, **options):
        started = time.monotonic()
        with acting(actor="system:seed_demo", channel=AuditChannel.COMMAND):
            DemoBuilder(SIZES[size], self._progress).build()
            if not no_slots:
                seed_slots(self._progress)
            refresh_clock()
        self._progress(f"done in {time.monotonic() - started:.0f} s")
        self.stdout.write(
            f"\nDemo logins (password for all: {DEMO_PASSWORD}):\n"
            "  administrator  admin\n  secretary      secretaire\n  practitioner   praticien\n"
        )

    def _progress(self, message: str) -> None:
        self.stdout.write(f"  {message}")
        self.stdout.flush()
