"""The practitioner sets, in the portal, the capacity their agenda reserves per
channel (issue 24): weekly hours kept for a channel, and a share of the slots
with its release delay, which the free slots follow at once."""

import datetime

import pytest
from django.utils import timezone

from scheduling.models import OpeningRule, Slot
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def doctor(client):
    user = f.user("dr_x", staff=False)
    agenda = f.agenda(f.practitioner(last_name="Xavier", user=user))
    reason = f.reason(agenda)
    client.force_login(user)
    return agenda, reason


def _hours(client, agenda, reason, **extra):
    return client.post(
        f"/portal/agendas/{agenda.pk}/rules/",
        {
            "weekday": 2,
            "start_time": "14:00",
            "end_time": "16:00",
            "valid_from": timezone.localdate().isoformat(),
            "reasons": [reason.pk],
            **extra,
        },
    )


def test_weekly_hours_kept_for_partner_portals(client, doctor):
    agenda, reason = doctor
    _hours(client, agenda, reason, reserved_for="partners")
    slots = Slot.objects.filter(rule=OpeningRule.objects.get(agenda=agenda, weekday=2))
    assert slots.count() >= 6 * 10
    assert set(slots.values_list("reserved_for", flat=True)) == {"partners"}


def test_a_share_for_the_phone_reserves_the_free_slots_at_once(client, doctor):
    agenda, reason = doctor
    _hours(client, agenda, reason)
    page = client.get(f"/portal/agendas/{agenda.pk}/hours/")
    assert 'id="reservation-form"' in page.content.decode()
    client.post(
        f"/portal/agendas/{agenda.pk}/reservation/",
        {"reserved_share": 50, "reserved_for": "phone", "release_hours": 24},
    )
    agenda.refresh_from_db()
    assert (agenda.reserved_share, agenda.reserved_for, agenda.release_hours) == (50, "phone", 24)
    # Whole openings only (from a local midnight): the share is per day's
    # opening, so a cut in the middle of one would make the count odd.
    from_day = timezone.localdate() + datetime.timedelta(days=2)
    far = Slot.objects.filter(
        agenda=agenda,
        start__gte=timezone.make_aware(datetime.datetime.combine(from_day, datetime.time())),
    )
    assert far.count() >= 6 * 5
    assert far.filter(reserved_for="phone").count() * 2 == far.count()


def test_another_practitioner_cannot_set_the_reservation(client, doctor):
    agenda, _reason = doctor
    other = f.user("dr_y", staff=False)
    f.agenda(f.practitioner(last_name="Yilmaz", user=other))
    client.force_login(other)
    response = client.post(
        f"/portal/agendas/{agenda.pk}/reservation/",
        {"reserved_share": 100, "reserved_for": "phone", "release_hours": 0},
    )
    assert response.status_code == 404
    agenda.refresh_from_db()
    assert agenda.reserved_share == 0
