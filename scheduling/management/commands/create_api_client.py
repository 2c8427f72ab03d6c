from django.core.management.base import BaseCommand, CommandError

from audit.context import AuditChannel, acting
from hospital.models import Department, Establishment
from scheduling.models import ApiClient
from scheduling.services import api_clients
from scheduling.services.refusals import Refused

RIGHTS = {"read", "book"}


class Command(BaseCommand):
    help = (
        "Create an API client for another system and print its token, once. "
        "Example: create_api_client PAS --finess 750100125 --rights read,book"
    )

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument(
            "--finess",
            action="append",
            default=[],
            help="FINESS number of an establishment in its scope (repeat, or comma-separated)",
        )
        parser.add_argument(
            "--department",
            action="append",
            type=int,
            default=[],
            help="id of a single department in its scope (repeatable)",
        )
        parser.add_argument("--rights", default="read", help="read, book, or read,book")
        parser.add_argument(
            "--partner",
            action="store_true",
            help="a partner portal: it sees and books only the agendas opted in to it",
        )

    def handle(self, *args, name, finess, department, rights, partner, **options):
        wanted = {right.strip() for right in rights.split(",") if right.strip()}
        if not wanted or wanted - RIGHTS:
            raise CommandError("--rights takes read, book or read,book")
        numbers = {number.strip() for given in finess for number in given.split(",")}
        establishments = list(Establishment.objects.filter(finess__in=numbers))
        if len(establishments) != len(numbers - {""}):
            found = {e.finess for e in establishments}
            raise CommandError(f"unknown FINESS: {', '.join(sorted(numbers - found - {''}))}")
        departments = list(Department.objects.filter(pk__in=department))
        if len(departments) != len(set(department)):
            raise CommandError("unknown department id")
        if not establishments and not departments:
            raise CommandError("give the client a scope: --finess or --department")
        try:
            with acting(actor="system:create_api_client", channel=AuditChannel.COMMAND):
                client, token = api_clients.create_client(
                    name=name,
                    establishments=establishments,
                    departments=departments,
                    can_read="read" in wanted,
                    can_book="book" in wanted,
                    kind=ApiClient.Kind.PARTNER if partner else ApiClient.Kind.SYSTEM,
                )
        except Refused as refusal:
            raise CommandError(refusal.message) from None
        self.stdout.write(f"API client {client.name} ({client.public_id}) created.")
        self.stdout.write("Its token, shown this once only:")
        self.stdout.write(token)
