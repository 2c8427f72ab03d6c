import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from scheduling.selectors.routing import routing_report, write_csv


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"dates are YYYY-MM-DD, got {text!r}") from None


class Command(BaseCommand):
    help = (
        "Bookings per establishment and channel over a date range, and how many resolved outside."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="start", help="first day (YYYY-MM-DD), default 30 days ago"
        )
        parser.add_argument("--to", dest="end", help="last day (YYYY-MM-DD), default in 90 days")
        parser.add_argument(
            "--csv", action="store_true", help="every line as CSV (dimension, key, name, bookings)"
        )

    def handle(self, *args, start=None, end=None, csv=False, **options):
        today = timezone.localdate()
        start_day = _date(start) if start else today - datetime.timedelta(days=30)
        end_day = _date(end) if end else today + datetime.timedelta(days=90)
        if end_day < start_day:
            raise CommandError("--to must not be before --from")
        report = routing_report(start_day, end_day)
        if csv:
            write_csv(report, self.stdout)
        else:
            self._print(report)
        if report.outside_institution:
            raise CommandError(
                f"{report.outside_institution} bookings resolved outside the institution"
            )

    def _print(self, report) -> None:
        self.stdout.write(f"Bookings from {report.start} to {report.end}: {report.total}")
        for row in report.per_establishment:
            member = {"member": "member", "partly": "member part of the range"}.get(
                row["membership"], "EXTERNAL"
            )
            self.stdout.write(f"  {row['finess']}  {row['name']} ({member}): {row['bookings']}")
        for row in report.per_channel:
            self.stdout.write(f"  channel {row['channel']}: {row['bookings']}")
        for row in report.per_client:
            self.stdout.write(
                f"  API client {row['client_id']}  {row['client']}: {row['bookings']}"
            )
        for row in report.per_team:
            self.stdout.write(f"  call centre {row['team_id']}  {row['team']}: {row['bookings']}")
        for row in report.per_reservation:
            self.stdout.write(
                f"  reserved for {row['reserved_for']}: {row['slots']} slots,"
                f" {row['own']} booked through its channels,"
                f" {row['released']} by others once released, {row['free']} free"
            )
        self.stdout.write(f"Resolved outside the institution: {report.outside_institution}")
