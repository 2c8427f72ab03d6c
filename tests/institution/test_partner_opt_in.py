"""A partner portal books only in the agendas opted in to it, on its own
channel, whatever the path: Django connected with the application's rights
writes the bookings the service would refuse, and the database refuses them
(scheduling/rules/partners.py). Both databases."""

import datetime

import pytest
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from scheduling.models import ApiClient, Booking, PartnerOptIn
from scheduling.rules.holds import acting_for
from scheduling.services.api_clients import create_client
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

REFUSED = (DatabaseError, IntegrityError)


@pytest.fixture
def partner(world):
    client, _token = create_client(
        name="Doctoportail",
        establishments=[world.hospital],
        can_book=True,
        kind=ApiClient.Kind.PARTNER,
    )
    PartnerOptIn.objects.create(agenda=world.agenda, client=client)
    return client


def _write(attacker, maker: str = "", **fields) -> Booking:
    with attacker.orm(), transaction.atomic(), acting_for(maker):
        return Booking.objects.bulk_create([Booking(**fields)])[0]


def _fields(world, slot, reason, **overrides) -> dict:
    return {
        "slot": slot,
        "reason": reason,
        "patient": f.patient(),
        "channel": Booking.Channel.PARTNER,
        **overrides,
    }


def test_a_partner_books_in_an_opted_in_agenda(world, partner, attacker):
    slot = f.slot(world.agenda)
    made = _write(attacker, **_fields(world, slot, world.reason, created_by=partner.user))
    assert Booking.objects.get(pk=made.pk).channel == "partner"


def test_a_partner_booking_outside_its_opted_in_agendas_is_refused(world, partner, attacker):
    fields = _fields(world, world.colleague_slot, world.colleague_reason, created_by=partner.user)
    with pytest.raises(REFUSED, match="not opted in"):
        _write(attacker, **fields)
    assert not Booking.objects.filter(slot=world.colleague_slot).exists()


def test_a_partner_hold_confirmed_after_an_opt_out_is_refused(world, partner, attacker):
    slot = f.slot(world.agenda)
    maker = "api:partner"
    fields = _fields(
        world,
        slot,
        world.reason,
        created_by=partner.user,
        status=Booking.Status.PENDING,
        held_by=maker,
        hold_expires_at=timezone.now() + datetime.timedelta(minutes=10),
    )
    held = _write(attacker, maker, **fields)
    PartnerOptIn.objects.filter(client=partner).delete()
    with pytest.raises(REFUSED, match="not opted in"):
        with attacker.orm(), transaction.atomic(), acting_for(maker):
            Booking.objects.filter(pk=held.pk).update(status=Booking.Status.BOOKED)
    assert Booking.objects.get(pk=held.pk).status == Booking.Status.PENDING


def test_a_partner_booking_moved_to_an_agenda_not_opted_in_is_refused(world, partner, attacker):
    made = _write(
        attacker, **_fields(world, f.slot(world.agenda), world.reason, created_by=partner.user)
    )
    with pytest.raises(REFUSED, match="not opted in"):
        with attacker.orm(), transaction.atomic():
            Booking.objects.filter(pk=made.pk).update(
                slot=world.colleague_slot,
                reason=world.colleague_reason,
                sequence=F("sequence") + 1,
            )
    assert Booking.objects.get(pk=made.pk).slot_id == made.slot_id


def test_after_an_opt_out_a_partner_booking_still_moves_within_its_agenda(world, partner, attacker):
    made = _write(
        attacker, **_fields(world, f.slot(world.agenda), world.reason, created_by=partner.user)
    )
    PartnerOptIn.objects.filter(client=partner).delete()
    later = f.slot(world.agenda)
    with attacker.orm(), transaction.atomic():
        Booking.objects.filter(pk=made.pk).update(slot=later, sequence=F("sequence") + 1)
    assert Booking.objects.get(pk=made.pk).slot_id == later.pk


def test_a_partner_books_on_the_partner_channel_only(world, partner, attacker):
    fields = _fields(
        world, f.slot(world.agenda), world.reason, created_by=partner.user, channel="api"
    )
    with pytest.raises(REFUSED, match="partner channel only"):
        _write(attacker, **fields)


def test_only_a_partner_books_on_the_partner_channel(world, partner, attacker):
    other, _token = create_client(name="PAS", establishments=[world.hospital], can_book=True)
    for author in (other.user, None):
        fields = _fields(world, f.slot(world.agenda), world.reason, created_by=author)
        with pytest.raises(REFUSED, match="partner portal"):
            _write(attacker, **fields)


def test_a_partner_books_a_slot_reserved_for_partner_portals_not_one_for_the_phone(
    world, partner, attacker
):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=9)
    release = start - datetime.timedelta(days=1)
    for_partners = f.slot(
        world.agenda, start=start, reserved_for="partners", opens_to_all_at=release
    )
    later = start + datetime.timedelta(hours=1)
    for_phone = f.slot(world.agenda, start=later, reserved_for="phone", opens_to_all_at=release)
    made = _write(attacker, **_fields(world, for_partners, world.reason, created_by=partner.user))
    assert Booking.objects.get(pk=made.pk).slot_id == for_partners.pk
    with pytest.raises(REFUSED, match="reserved for other channels"):
        _write(attacker, **_fields(world, for_phone, world.reason, created_by=partner.user))
