"""What a call-centre agent may see and book: the free slots, bookings and
patients of their call centre's establishments and specialties.

A specialty is the department's main one or one of the practitioner's (as
the public search reads it, selectors.search). Everything the console looks
up goes through these querysets, so that anything outside the agent's
rights is simply not found (a 404), never shown and refused afterwards.
"""

from django.db.models import CharField, Exists, F, Func, OuterRef, Q, QuerySet

from hospital.models import Practitioner
from scheduling.models import Booking, CallCentre, Patient, Slot, WaitlistEntry
from scheduling.search_text import normalize
from scheduling.selectors.reasons import offers_online
from scheduling.selectors.search import bookable_slots

PERMISSION = "scheduling.use_call_centre_console"


def call_centre_of(user) -> CallCentre | None:
    """The active call centre of an active agent holding the console's right."""
    if not (user.is_authenticated and user.is_active and user.has_perm(PERMISSION)):
        return None
    return CallCentre.objects.filter(agents__user=user, is_active=True).first()


def in_scope(team: CallCentre, prefix: str = "") -> Q:
    """For a queryset whose `prefix` leads to a slot (`""` for slots,
    `"slot__"` for bookings): in one of the team's establishments, and of
    one of its specialties."""
    specialties = team.specialties.values("pk")
    practitioner_has_one = Practitioner.specialties.through.objects.filter(
        practitioner_id=OuterRef(f"{prefix}agenda__practitioner_id"), specialty__in=specialties
    )
    where = {f"{prefix}agenda__department__establishment__in": team.establishments.values("pk")}
    specialty = Q(**{f"{prefix}agenda__department__specialty__in": specialties})
    return Q(**where) & (specialty | Q(Exists(practitioner_has_one)))


def free_slots(
    team: CallCentre, *, specialty=None, establishment=None, practitioner: str = ""
) -> QuerySet[Slot]:
    """The team's bookable free slots, earliest first: those the public site
    offers (a call centre books what patients could book themselves)."""
    slots = bookable_slots(channel="call_centre").filter(in_scope(team)).filter(offers_online())
    if specialty is not None:
        practitioner_has_it = Practitioner.specialties.through.objects.filter(
            practitioner_id=OuterRef("agenda__practitioner_id"), specialty=specialty
        )
        slots = slots.filter(
            Q(agenda__department__specialty=specialty) | Q(Exists(practitioner_has_it))
        )
    if establishment is not None:
        slots = slots.filter(agenda__department__establishment=establishment)
    words = (normalize(practitioner) or "").split()
    if words:
        # Accents and case aside, as the public search reads names (scheduling.search_text).
        folded = Func(
            F("agenda__practitioner__last_name"),
            function="scheduling_normalize",
            output_field=CharField(),
        )
        slots = slots.alias(folded_name=folded)
        for word in words:
            slots = slots.filter(folded_name__contains=f" {word}")
    return slots.select_related(
        "agenda__practitioner", "agenda__department__establishment"
    ).order_by("start", "pk")


def slots_of(team: CallCentre) -> QuerySet[Slot]:
    return Slot.objects.filter(in_scope(team))


def bookings_of(team: CallCentre) -> QuerySet[Booking]:
    return Booking.objects.filter(in_scope(team, "slot__"))


def waitlist_of(team: CallCentre) -> QuerySet[WaitlistEntry]:
    """The waiting-list entries for the team's agendas (a practitioner's reason)."""
    return WaitlistEntry.objects.filter(in_scope(team, "reason__"))


def patients_of(team: CallCentre) -> QuerySet[Patient]:
    """The callers an agent can find again: those with a booking, or a place
    on a waiting list, in the team's scope."""
    return Patient.objects.filter(
        Q(pk__in=bookings_of(team).values("patient_id"))
        | Q(pk__in=waitlist_of(team).values("patient_id"))
    )
