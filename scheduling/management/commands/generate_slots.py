from django.core.management.base import BaseCommand, CommandError

from audit.context import AuditChannel, acting
from scheduling.models import Agenda
from scheduling.services.slots import generate_slots


class Command(BaseCommand):
    help = "Materialise slots from opening rules over the rolling horizon (idempotent, for cron)."

    def add_arguments(self, parser):
        parser.add_argument("--agenda", type=int, help="only this agenda (id)")

    def handle(self, *args, agenda=None, **options):
        agendas = Agenda.objects.filter(is_active=True).order_by("pk")
        if agenda is not None:
            agendas = agendas.filter(pk=agenda)
            if not agendas.exists():
                raise CommandError(f"no active agenda with id {agenda}")
        total = agendas.count()
        created = removed = conflicts = 0
        with acting(actor="system:generate_slots", channel=AuditChannel.COMMAND):
            for done, each in enumerate(agendas.iterator(), start=1):
                result = generate_slots(each)
                created, removed = created + result.created, removed + result.removed
                conflicts += len(result.conflicts)
                for slot in result.conflicts:
                    self.stderr.write(
                        f"conflict: booked slot {slot.pk} ({slot}) no longer in the rules"
                    )
                if done % 100 == 0 or done == total:
                    self.stdout.write(
                        f"{done}/{total} agendas: +{created} slots, -{removed} free slots"
                    )
        self.stdout.write(f"done: {created} created, {removed} removed, {conflicts} conflicts")
