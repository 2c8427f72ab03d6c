"""An opt-out and a partner portal's booking racing in two sessions of the
application role (PostgreSQL): the booking key-share locks the opt-in row
(scheduling/rules/partners.py), so whichever commits first decides — an
opt-out that commits first refuses the booking; one that comes second waits
for it, and the booking already made stands."""

import threading
import time
import uuid
from dataclasses import dataclass

import psycopg
import pytest
from django.db import connection  # noqa: F401 (read by the skipif condition)
from django.utils import timezone

from scheduling.models import Agenda, ApiClient, Booking, PartnerOptIn, Patient, Slot, VisitReason
from scheduling.services.api_clients import create_client
from tests import factories as f

pytestmark = pytest.mark.skipif("connection.vendor != 'postgresql'")


@dataclass(frozen=True)
class OptedIn:
    """An agenda of a hospital of its own, opted in to the partner portal
    "Doctoportail" (`partner`, which may book there); a free slot on it, a
    reason and a patient for the partner's booking."""

    agenda: Agenda
    partner: ApiClient
    slot: Slot
    reason: VisitReason
    patient: Patient


@pytest.fixture
def opted_in(attacker) -> OptedIn:
    hospital = f.establishment()
    agenda = f.agenda(f.practitioner(), f.department(hospital))
    reason = f.reason(agenda)
    partner, _token = create_client(
        name="Doctoportail", establishments=[hospital], can_book=True, kind=ApiClient.Kind.PARTNER
    )
    PartnerOptIn.objects.create(agenda=agenda, client=partner)
    return OptedIn(
        agenda=agenda,
        partner=partner,
        slot=f.slot(agenda),
        reason=reason,
        patient=f.patient(),
    )


def _partner_books(opted_in: OptedIn) -> tuple:
    return (
        "INSERT INTO scheduling_booking (public_id, slot_id, patient_id, reason_id, channel,"
        " status, created_at, created_by_id, cancel_reason, confirmation_digest,"
        " confirmation_attempts) VALUES (%s, %s, %s, %s, 'partner', 'booked', %s, %s, '', '', 0)",
        [
            str(uuid.uuid4()),
            opted_in.slot.pk,
            opted_in.patient.pk,
            opted_in.reason.pk,
            timezone.now().isoformat(),
            opted_in.partner.user_id,
        ],
    )


def _opt_out(opted_in: OptedIn) -> tuple:
    return (
        "DELETE FROM scheduling_partneroptin WHERE agenda_id = %s AND client_id = %s",
        [opted_in.agenda.pk, opted_in.partner.pk],
    )


def _race(attacker, first, second) -> tuple:
    """`first` runs in one transaction; `second`, in another session, starts
    before it commits and must wait for it."""
    info = attacker._pg.info
    other = psycopg.connect(
        host=info.host, port=info.port, dbname=info.dbname, user=info.user, autocommit=True
    )
    errors: list = [None, None]

    def run_second():
        try:
            with other.transaction(), other.cursor() as cursor:
                cursor.execute(*second)
        except psycopg.Error as error:
            errors[1] = error

    try:
        with attacker._pg.transaction(), attacker._pg.cursor() as cursor:
            cursor.execute(*first)
            thread = threading.Thread(target=run_second)
            thread.start()
            time.sleep(0.5)
            assert thread.is_alive(), "the second session did not wait for the first"
    except psycopg.Error as error:
        errors[0] = error
    thread.join(10)
    other.close()
    return errors


def test_a_partner_booking_waits_for_an_opt_out_then_is_refused(opted_in, attacker):
    first, second = _race(attacker, _opt_out(opted_in), _partner_books(opted_in))
    assert first is None
    assert second is not None and "not opted in to this partner portal" in str(second)
    assert not PartnerOptIn.objects.exists()
    assert not Booking.objects.filter(slot=opted_in.slot).exists()


def test_an_opt_out_waits_for_a_partner_booking_which_stands(opted_in, attacker):
    first, second = _race(attacker, _partner_books(opted_in), _opt_out(opted_in))
    assert (first, second) == (None, None)
    assert not PartnerOptIn.objects.exists()
    made = Booking.objects.get(slot=opted_in.slot)
    assert (made.channel, made.status, made.created_by_id) == (
        Booking.Channel.PARTNER,
        Booking.Status.BOOKED,
        opted_in.partner.user_id,
    )
