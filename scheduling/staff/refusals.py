"""What a refusal says on a staff screen: to the secretary, about the patient."""

from django.utils.translation import gettext as _

from scheduling.models import Booking
from scheduling.services.refusals import PersonRefused, RefusalCode, Refused
from scheduling.templatetags.clock import clock_text


def staff_words(refused: Refused) -> str:
    """A refusal said to a secretary, not to the patient: the person's other
    appointments in the way, named (the service gives these precise codes
    only when every one of them lies in the secretary's departments)."""
    if not isinstance(refused, PersonRefused) or refused.code not in (
        RefusalCode.OVERLAP,
        RefusalCode.CAP_REACHED,
    ):
        return refused.message
    in_the_way = (
        Booking.objects.filter(pk__in=[held.pk for held in refused.blocking])
        .select_related("slot__agenda__practitioner", "slot__agenda__department")
        .order_by("slot__start", "pk")
    )
    named = "; ".join(
        _("%(when)s with %(who)s (%(where)s), reference %(ref)s")
        % {
            "when": clock_text(b.slot.start, "l j F Y, H:i"),
            "who": b.slot.agenda.practitioner,
            "where": b.slot.agenda.department.name,
            "ref": b.public_id.hex[:8],
        }
        for b in in_the_way
    )
    if refused.code == RefusalCode.OVERLAP:
        return _("The patient already has an appointment at this time: %(named)s.") % {
            "named": named
        }
    return _(
        "The patient already holds %(count)d upcoming appointments in this specialty, "
        "the most allowed: %(named)s."
    ) % {"count": len(refused.blocking), "named": named}
