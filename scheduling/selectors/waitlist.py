"""Who is waiting for a slot (the waiting-list service offers it to them)."""

from django.db.models import Q

from scheduling.models import Slot, WaitlistEntry


def waiting_for(slot: Slot):
    """The waiting entries a slot may serve: its agenda's reasons, and its
    department's specialty at its establishment."""
    department = slot.agenda.department
    serves = Q(reason__agenda_id=slot.agenda_id)
    if department.specialty_id is not None:
        serves |= Q(
            specialty_id=department.specialty_id, establishment_id=department.establishment_id
        )
    return WaitlistEntry.objects.in_line().filter(serves)
