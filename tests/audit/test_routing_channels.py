"""The routing report per channel, API client, call centre and establishment
(issue 24), each figure checked against plain SQL on the database itself, and
"outside" still judged against membership periods at the slot's time."""

import csv
import datetime
import uuid
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from hospital.models import Membership
from scheduling.models import ApiClient, Booking, CallCentre, CallCentreAgent
from scheduling.selectors.routing import PARTLY, routing_report
from scheduling.services.api_clients import create_client
from tests import factories as f
from tests.helpers import triggers_disabled

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
START, END = TODAY - datetime.timedelta(days=10), TODAY + datetime.timedelta(days=60)


def _agent(name: str, team: CallCentre):
    user = f.user(name)
    CallCentreAgent.objects.create(user=user, call_centre=team)
    return user


@pytest.fixture
def traffic():
    avicenne = f.establishment(name="Hôpital Avicenne")
    bichat = f.establishment(name="Hôpital Bichat")
    one, two = (
        f.agenda(department_=f.department(avicenne)),
        f.agenda(department_=f.department(bichat)),
    )
    partner, _token = create_client(name="Partenaire Doc", can_book=True)
    national, _token = create_client(name="Plateforme nationale", can_book=True)
    north = CallCentre.objects.create(name="Centre Nord")
    south = CallCentre.objects.create(name="Centre Sud")
    made = [
        (one, Booking.Channel.WEB, None),
        (one, Booking.Channel.PHONE, f.user("secretary")),
        (two, Booking.Channel.API, partner.user),
        (two, Booking.Channel.API, partner.user),
        (one, Booking.Channel.API, national.user),
        (one, Booking.Channel.CALL_CENTRE, _agent("agent-n1", north)),
        (two, Booking.Channel.CALL_CENTRE, _agent("agent-n2", north)),
        (two, Booking.Channel.CALL_CENTRE, _agent("agent-s1", south)),
    ]
    for agenda, channel, author in made:
        f.booking(f.slot(agenda), channel=channel, created_by=author)
    # Neither counts: a cancelled booking, and one after the period.
    cancelled = f.booking(f.slot(one), channel=Booking.Channel.CALL_CENTRE)
    Booking.objects.filter(pk=cancelled.pk).update(status="cancelled", cancelled_at=timezone.now())
    f.booking(f.slot(one, start=timezone.now() + datetime.timedelta(days=90)))
    return one


def _bounds() -> list:
    zone = ZoneInfo(settings.TIME_ZONE)
    first = datetime.datetime.combine(START, datetime.time(), tzinfo=zone)
    after = datetime.datetime.combine(
        END + datetime.timedelta(days=1), datetime.time(), tzinfo=zone
    )
    return [connection.ops.adapt_datetimefield_value(moment) for moment in (first, after)]


ACTIVE = """FROM scheduling_booking b JOIN scheduling_slot s ON s.id = b.slot_id
WHERE b.status <> 'cancelled' AND s.start >= %s AND s.start < %s"""


def _sql(query: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(query, _bounds())
        return dict(cursor.fetchall())


def test_each_figure_of_the_report_is_what_plain_sql_counts(traffic):
    report = routing_report(START, END)
    assert report.total == _sql(f"SELECT 'all', COUNT(*) {ACTIVE}")["all"] == 8
    assert {r["channel"]: r["bookings"] for r in report.per_channel} == _sql(
        f"SELECT b.channel, COUNT(*) {ACTIVE} GROUP BY b.channel"
    )
    per_client = _sql(
        "SELECT c.public_id, COUNT(*) "
        + ACTIVE.replace(
            "WHERE", "JOIN scheduling_apiclient c ON c.user_id = b.created_by_id WHERE"
        )
        + " GROUP BY c.public_id"
    )
    assert {r["client_id"]: r["bookings"] for r in report.per_client} == {
        str(uuid.UUID(str(public_id))): count for public_id, count in per_client.items()
    }
    assert {r["team_id"]: r["bookings"] for r in report.per_team} == _sql(
        "SELECT t.id, COUNT(*) "
        + ACTIVE.replace(
            "WHERE",
            "JOIN scheduling_callcentreagent a ON a.user_id = b.created_by_id"
            " JOIN scheduling_callcentre t ON t.id = a.call_centre_id WHERE",
        )
        + " GROUP BY t.id"
    )
    assert {r["finess"]: r["bookings"] for r in report.per_establishment} == _sql(
        "SELECT e.finess, COUNT(*) "
        + ACTIVE.replace(
            "WHERE",
            "JOIN scheduling_agenda g ON g.id = s.agenda_id"
            " JOIN hospital_department d ON d.id = g.department_id"
            " JOIN hospital_establishment e ON e.id = d.establishment_id WHERE",
        )
        + " GROUP BY e.finess"
    )
    # And the figures themselves, so that two equal mistakes cannot agree.
    assert {r["channel"]: r["bookings"] for r in report.per_channel} == {
        "web": 1,
        "phone": 1,
        "api": 3,
        "call_centre": 3,
    }
    clients = {c.name: str(c.public_id) for c in ApiClient.objects.all()}
    assert report.per_client == [
        {"client_id": clients["Partenaire Doc"], "client": "Partenaire Doc", "bookings": 2},
        {
            "client_id": clients["Plateforme nationale"],
            "client": "Plateforme nationale",
            "bookings": 1,
        },
    ]
    teams = dict(CallCentre.objects.values_list("name", "id"))
    assert report.per_team == [
        {"team_id": teams["Centre Nord"], "team": "Centre Nord", "bookings": 2},
        {"team_id": teams["Centre Sud"], "team": "Centre Sud", "bookings": 1},
    ]


def _outside_by_plain_sql() -> int:
    """Bookings whose establishment had no membership period, or whose
    practitioner no affiliation, containing the slot's local date: the rows
    read in SQL, the dates compared here (SQLite has no time zones)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.start, d.establishment_id, g.practitioner_id, g.department_id "
            + ACTIVE.replace(
                "WHERE",
                "JOIN scheduling_agenda g ON g.id = s.agenda_id"
                " JOIN hospital_department d ON d.id = g.department_id WHERE",
            ),
            _bounds(),
        )
        bookings = cursor.fetchall()
        cursor.execute("SELECT establishment_id, starts_on, ends_on FROM hospital_membership")
        periods = cursor.fetchall()
        cursor.execute(
            "SELECT practitioner_id, department_id, start_date, end_date FROM hospital_affiliation"
        )
        affiliations = cursor.fetchall()

    def day(value):
        return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)

    def within(when, first, last) -> bool:
        return day(first) <= when and (last is None or when <= day(last))

    outside = 0
    for start, establishment, practitioner, department in bookings:
        if isinstance(start, str):
            start = datetime.datetime.fromisoformat(start).replace(tzinfo=datetime.UTC)
        local = start.astimezone(zone).date()
        member = any(e == establishment and within(local, a, b) for e, a, b in periods)
        affiliated = any(
            (p, d) == (practitioner, department) and within(local, a, b)
            for p, d, a, b in affiliations
        )
        outside += not (member and affiliated)
    return outside


def test_a_hospital_that_left_keeps_its_past_inside_and_the_sql_agrees():
    left = f.establishment(name="Hôpital parti")
    agenda = f.agenda(department_=f.department(left))
    f.booking(f.slot(agenda, start=timezone.now() - datetime.timedelta(days=5)))
    Membership.objects.filter(establishment=left).update(ends_on=TODAY + datetime.timedelta(days=3))
    if connection.vendor == "postgresql":
        connection.check_constraints()  # the rules' deferred checks of that end, run now
    report = routing_report(START, END)
    assert [r["membership"] for r in report.per_establishment] == [PARTLY]
    assert report.outside_institution == _outside_by_plain_sql() == 0
    # Forced in behind the database's back for after it leaves: outside, by both counts.
    slot, reason = f.slot(agenda), agenda.reasons.first() or f.reason(agenda)
    with triggers_disabled("scheduling_booking"):
        Booking.objects.bulk_create(
            [Booking(slot=slot, reason=reason, patient=f.patient(), channel="call_centre")]
        )
    assert routing_report(START, END).outside_institution == _outside_by_plain_sql() == 1


def test_csv_export_holds_every_line_of_the_report(traffic, admin_client):
    response = admin_client.get(
        "/admin/routing-report/", {"start": START, "end": END, "format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(StringIO(response.content.decode())))
    assert rows[0] == ["from", "to", "dimension", "key", "name", "bookings"]
    lines = {(r[2], r[3]): (r[4], int(r[5])) for r in rows[1:]}
    north = CallCentre.objects.get(name="Centre Nord")
    partner = ApiClient.objects.get(name="Partenaire Doc")
    assert lines[("total", "")] == ("", 8)
    assert lines[("call_centre", str(north.pk))] == ("Centre Nord", 2)
    assert lines[("api_client", str(partner.public_id))] == ("Partenaire Doc", 2)
    assert lines[("channel", "call_centre")] == ("", 3)
    assert lines[("outside_institution", "")] == ("", 0)
    out = StringIO()
    call_command("routing_report", "--from", str(START), "--to", str(END), "--csv", stdout=out)
    assert list(csv.reader(StringIO(out.getvalue()))) == rows


def test_report_page_draws_its_charts_as_svg_on_the_server(traffic, admin_client):
    response = admin_client.get("/admin/routing-report/", {"start": START, "end": END})
    page = response.content.decode()
    charts = [part.split("</svg>", 1)[0] for part in page.split('<svg class="report-chart"')[1:]]
    assert len(charts) == 2
    assert [chart.count("<rect") for chart in charts] == [4, 2]  # four channels, two hospitals
    assert "call centre" in charts[0] and "Hôpital Bichat" in charts[1]
    assert "<script" not in page.split('<div id="content"', 1)[1]
    assert "Centre Nord" in page and "Partenaire Doc" in page
    assert 'href="?start=' in page and "format=csv" in page
