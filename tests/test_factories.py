"""The factories' default slot times never collide with an agenda's own slots:
a test that made a slot on Dr Neuro's agenda (weekly hours, 09:00–12:00 Paris)
failed when the suite ran at 08:51 UTC, a week before one of them (CI of
b6f0f05, tests/public/test_relatives.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_default_slot_steps_past_the_agenda_s_slots_where_it_would_land():
    agenda = f.agenda()
    f.restart_slot_times()
    where_the_first_would_land = timezone.now() + timedelta(days=7, minutes=30)
    taken = f.slot(
        agenda, start=where_the_first_would_land - timedelta(minutes=10), minutes=60, by_hand=True
    )
    f.restart_slot_times()

    made = f.slot(agenda)

    assert made.start >= taken.end
    assert agenda.slots.count() == 2


def test_a_started_slot_ends_before_the_slot_under_way_and_is_today():
    """A slot started five minutes ago, 20 minutes long, overlapped Dr Neuro's
    next generated slot when the suite ran at 10:51 Paris time (CI of
    3017ea9: tests/interfaces/test_feed_triggers.py, the board's check-in)."""
    agenda = f.agenda()
    now = timezone.now()
    under_way = f.slot(agenda, start=now - timedelta(minutes=1), minutes=30, by_hand=True)
    next_one = f.slot(agenda, start=under_way.end, minutes=30, by_hand=True)

    made = f.started_slot(agenda)

    assert made.start < now and made.end <= under_way.start
    assert agenda.slots.filter(start__lt=made.end, end__gt=made.start).count() == 1
    assert next_one.start > now
