from django.core.management.base import BaseCommand

from scheduling.services.listing_clock import refresh_clock


class Command(BaseCommand):
    help = (
        "Move the listing clock to now + the minimum notice + AVAILABILITY_MARGIN_MINUTES; "
        "the database recomputes the first availability it overtakes (the task worker does it every minute)."
    )

    def handle(self, *args, **options):
        not_before = refresh_clock()
        self.stdout.write(f"first availability counted from {not_before.isoformat()}")
