from django.conf import settings
from django.core.management.base import BaseCommand

from scheduling.services.rights import erase_expired, expired


class Command(BaseCommand):
    help = (
        "Erase the identity and contact details of the patient records whose retention "
        "period (PATIENT_RETENTION_DAYS after their last appointment) is over (for cron; "
        "the task workers also do it once an hour)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="The retention period in days (default: PATIENT_RETENTION_DAYS).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the records, erase nothing."
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.PATIENT_RETENTION_DAYS if days is None else days
        if days <= 0:
            self.stdout.write("retention is off (PATIENT_RETENTION_DAYS=0): nothing erased")
            return
        if dry_run:
            self.stdout.write(f"{expired(days=days).count()} records past {days} days of retention")
            return
        total = 0
        while erased := erase_expired(days=days):
            total += erased
        self.stdout.write(f"{total} records erased after {days} days of retention")
