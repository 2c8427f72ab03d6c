"""The routing report's capacity reserved per channel (issue 24): per
reservation, the open slots kept for it, those its channels booked, those
other channels booked once released, and those still free — each figure
checked against plain SQL, and against the numbers themselves."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from scheduling.models import Slot
from scheduling.selectors.routing import routing_report
from tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
START, END = TODAY, TODAY + datetime.timedelta(days=30)


def _reserved(agenda, group: str, days: float, *, released: bool = False) -> Slot:
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    release = hour_ago if released else start - datetime.timedelta(hours=48)
    return f.slot(agenda, start=start, reserved_for=group, opens_to_all_at=release)


@pytest.fixture
def reserved():
    agenda = f.agenda()
    f.booking(_reserved(agenda, "phone", 3), channel="phone")
    f.booking(_reserved(agenda, "phone", 4), channel="call_centre")
    f.booking(_reserved(agenda, "phone", 5, released=True), channel="web")
    _reserved(agenda, "phone", 6)  # still free
    closed = _reserved(agenda, "phone", 7)
    Slot.objects.filter(pk=closed.pk).update(status="closed")  # not capacity
    f.booking(_reserved(agenda, "partners", 3.5), channel="api")
    _reserved(agenda, "partners", 4.5)
    _reserved(agenda, "partners", 45)  # after the period
    f.booking(f.slot(agenda), channel="web")  # not reserved
    return agenda


ADMITS = {"phone": ("phone", "call_centre", "portal"), "partners": ("api", "portal")}


def _sql_figures(group: str) -> dict:
    zone = ZoneInfo(settings.TIME_ZONE)
    first = datetime.datetime.combine(START, datetime.time(), tzinfo=zone)
    after = datetime.datetime.combine(
        END + datetime.timedelta(days=1), datetime.time(), tzinfo=zone
    )
    bounds = [connection.ops.adapt_datetimefield_value(m) for m in (first, after)]
    channels = ", ".join(f"'{c}'" for c in ADMITS[group])
    slots = (
        "FROM scheduling_slot s WHERE s.reserved_for = %s AND s.status = 'open'"
        " AND s.start >= %s AND s.start < %s"
    )
    booked = (
        "AND EXISTS (SELECT 1 FROM scheduling_booking b WHERE b.slot_id = s.id"
        " AND b.status <> 'cancelled' AND b.channel {} IN (" + channels + "))"
    )
    with connection.cursor() as cursor:
        figures = {}
        for name, extra in (
            ("slots", ""),
            ("own", booked.format("")),
            ("released", booked.format("NOT")),
        ):
            cursor.execute(f"SELECT COUNT(*) {slots} {extra}", [group, *bounds])
            figures[name] = cursor.fetchone()[0]
    return figures


def test_reserved_and_used_capacity_per_channel_is_what_plain_sql_counts(reserved):
    report = routing_report(START, END)
    rows = {r["reserved_for"]: r for r in report.per_reservation}
    for group in ("phone", "partners"):
        figures = _sql_figures(group)
        assert {k: rows[group][k] for k in figures} == figures
    assert {k: rows["phone"][k] for k in ("slots", "own", "released", "free")} == {
        "slots": 4,
        "own": 2,
        "released": 1,
        "free": 1,
    }
    assert {k: rows["partners"][k] for k in ("slots", "own", "released", "free")} == {
        "slots": 2,
        "own": 1,
        "released": 0,
        "free": 1,
    }
    lines = {(d, k): v for d, k, _name, v in report.rows()}
    assert lines[("reserved_slots", "phone")] == 4
    assert lines[("reserved_used_once_released", "phone")] == 1


def test_the_report_page_shows_the_reserved_capacity(reserved, admin_client):
    page = admin_client.get("/admin/routing-report/", {"start": START, "end": END})
    html = page.content.decode()
    assert 'id="reserved-capacity"' in html
    table = html[html.index('id="reserved-capacity"') :]
    assert "<td>4</td><td>2</td><td>1</td><td>1</td>" in table
