"""Partner portals: an agenda opted in to, or out of, each partner.

A practitioner opts their own agendas in and out (the portal); a staff
member who runs the agenda's department may do it for them. Opting in lets
the partner see and book the agenda (scheduling.selectors.api_scope, and the
database: scheduling/rules/partners.py); opting out hides it at once and
refuses its next bookings, while the bookings already made stand. Each
change is a row inserted or deleted, which the audit trail records with
the actor.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from audit.context import acting_as
from scheduling.models import Agenda, ApiClient, PartnerOptIn
from scheduling.selectors.access import departments_for
from scheduling.selectors.api_scope import department_ids
from scheduling.services.refusals import RefusalCode, Refused


class PartnerRefused(Refused):
    """Refused by scheduling.services.partners."""


def may_manage(agenda: Agenda, user) -> bool:
    """The agenda's practitioner, or staff who may change agendas of its department."""
    if user is None or not user.is_active:
        return False
    if agenda.practitioner.user_id is not None and agenda.practitioner.user_id == user.pk:
        return True
    return user.has_perm("scheduling.change_agenda") and (
        departments_for(user).filter(pk=agenda.department_id).exists()
    )


def set_opt_in(*, agenda: Agenda, client: ApiClient, opted_in: bool, by) -> bool:
    """Opt `agenda` in to (or out of) the partner portal `client`; return
    whether anything changed."""
    if client.kind != ApiClient.Kind.PARTNER or not client.is_active:
        raise PartnerRefused(RefusalCode.INVALID, _("This API client is not a partner portal."))
    if not may_manage(agenda, by):
        raise PartnerRefused(
            RefusalCode.STAFF_ONLY, _("Only the practitioner or their department may do this.")
        )
    if opted_in and agenda.department_id not in department_ids(client):
        # It could never see the agenda: an opt-in would promise what the scope refuses.
        raise PartnerRefused(
            RefusalCode.INVALID,
            _("This partner portal's scope does not include this agenda's department."),
        )
    with acting_as(by), transaction.atomic(durable=True):
        current = PartnerOptIn.objects.select_for_update().filter(agenda=agenda, client=client)
        if opted_in:
            if current.exists():
                return False
            PartnerOptIn.objects.create(agenda=agenda, client=client, created_by=by)
            return True
        return current.delete()[0] > 0
