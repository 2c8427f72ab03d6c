"""Bad input on the staff screens and the admin gets a clear 4xx or a form
error, and changes nothing; the busy staff pages keep a fixed number of queries."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.utils import timezone

from scheduling.models import Absence, Booking, OpeningRule, Slot
from tests import factories as f
from tests.helpers import caller, in_hours

pytestmark = pytest.mark.django_db
PHONE = "/admin/scheduling/booking/phone/"


def test_a_routing_report_to_the_end_of_time_is_a_form_error(client, desk):
    page = client.get("/admin/routing-report/?start=2026-01-01&end=9999-12-31")
    assert page.status_code == 200 and "end" in page.context["form"].errors


def test_a_day_view_at_the_end_of_time_is_a_form_error(client, desk):
    page = client.get(f"/admin/scheduling/booking/day/?department={desk.cardio.pk}&day=9999-12-31")
    assert page.status_code == 200 and "day" in page.context["form"].errors


@pytest.mark.parametrize("agenda", ["²", "99999999999999999999999999", "-3", "%00"])
def test_the_phone_screen_ignores_an_agenda_that_is_not_an_id(client, desk, agenda):
    f.slot(desk.agenda_a, start=in_hours(30))
    page = client.get(f"{PHONE}?agenda={agenda}")
    assert page.status_code in (200, 400)


def test_a_phone_booking_with_an_email_longer_than_the_column_is_a_form_error(client, desk):
    slot = f.slot(desk.agenda_a, start=in_hours(30))
    email = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".fra"
    page = client.post(PHONE, {"slot": slot.pk, "reason": desk.reason_a.pk, **caller(email=email)})
    assert page.status_code == 200 and "email" in page.context["form"].errors
    assert not Booking.objects.exists()


def test_a_nul_byte_in_an_autocomplete_search_is_a_bad_request(client, desk):
    url = "/admin/autocomplete/?app_label=scheduling&model_name=absence&field_name=agenda"
    assert client.get(url + "&term=%00").status_code == 400
    assert client.get("/admin/scheduling/patient/?q=A%00").status_code == 400


@pytest.mark.parametrize("model", ["absence", "visitreason", "openingrule"])
def test_an_agenda_that_is_not_an_id_is_a_form_error_in_the_admin(client, desk, model):
    page = client.post(
        f"/admin/scheduling/{model}/add/",
        {"agenda": "abc", "label": "x", "duration_minutes": "20", "weekday": "1"},
    )
    assert page.status_code == 200 and "agenda" in page.context["adminform"].form.errors
    assert not Absence.objects.exists() and not OpeningRule.objects.exists()


# --- cross-department choices ------------------------------------------------------


def test_foreign_key_choices_are_the_secretarys_departments_rows(rf, desk):
    """Every foreign key of the scheduling admin lists the secretary's rows only
    (a slot's opening rule, a rule's reasons, an agenda's practitioner)."""
    from django.contrib import admin

    from scheduling.models import Agenda

    theirs = f.slot(desk.agenda_b, start=in_hours(40))
    ours = f.slot(desk.agenda_a, start=in_hours(40))
    request = rf.get("/", {"agenda": desk.agenda_a.pk})  # a rule's reasons: its agenda's
    request.user = desk.secretary

    def choices(model, field):
        model_admin = admin.site._registry[model]
        db_field = model._meta.get_field(field)
        if db_field.many_to_many:
            return set(model_admin.formfield_for_manytomany(db_field, request).queryset)
        return set(model_admin.formfield_for_foreignkey(db_field, request).queryset)

    assert choices(Slot, "rule") == {ours.rule}
    assert choices(Slot, "agenda") == {desk.agenda_a}
    assert choices(OpeningRule, "reasons") == {desk.reason_a}
    assert choices(Agenda, "practitioner") == {desk.agenda_a.practitioner}
    assert theirs.rule not in choices(Slot, "rule")


def test_a_rule_offers_only_the_secretarys_departments_reasons(client, desk):
    for agenda in (desk.agenda_a, desk.agenda_b):
        page = client.get(f"/admin/scheduling/openingrule/add/?agenda={agenda.pk}")
        offered = set(page.context["adminform"].form.fields["reasons"].queryset)
        assert (desk.reason_a in offered) == (agenda == desk.agenda_a)
        assert desk.reason_b not in offered
    page = client.post(
        "/admin/scheduling/openingrule/add/",
        {
            "agenda": desk.agenda_a.pk,
            "weekday": "1",
            "start_time": "09:00",
            "end_time": "10:00",
            "valid_from": "2027-01-01",
            "reasons": [desk.reason_b.pk],
        },
    )
    assert "reasons" in page.context["adminform"].form.errors
    assert not OpeningRule.objects.filter(reasons=desk.reason_b).exists()


def test_an_agenda_cannot_be_repointed_to_another_departments_practitioner(client, desk):
    outsider = desk.agenda_b.practitioner
    agenda = desk.agenda_a
    page = client.post(
        f"/admin/scheduling/agenda/{agenda.pk}/change/",
        {
            "practitioner": outsider.pk,
            "department": agenda.department_id,
            "is_active": "on",
            "reasons-TOTAL_FORMS": "0",
            "reasons-INITIAL_FORMS": "0",
        },
    )
    agenda.refresh_from_db()
    assert agenda.practitioner != outsider
    if page.status_code == 200:
        assert "practitioner" in page.context["adminform"].form.errors


def test_the_admin_log_never_names_the_patient(client, desk):
    patient = f.patient(last_name="Lefort", first_name="Eve")
    f.booking(f.slot(desk.agenda_a, start=in_hours(30)), desk.reason_a, patient=patient)
    page = client.post(
        f"/admin/scheduling/patient/{patient.pk}/change/",
        {
            "first_name": "Eve",
            "last_name": "Lefort",
            "birth_date": "1980-05-17",
            "email": "eve@example.org",
            "phone": "0612345678",
        },
    )
    assert page.status_code == 302
    entry = LogEntry.objects.get()
    assert "LEFORT" not in entry.object_repr.upper() and "Eve" not in entry.object_repr
    assert entry.object_repr == f"patient #{patient.pk}"


# --- query counts ------------------------------------------------------------------


_hours = iter(range(30, 10_000))


def _many_slots(desk, count: int) -> list[Slot]:
    return [f.slot(desk.agenda_a, start=in_hours(next(_hours))) for _ in range(count)]


# Pinned per database: PostgreSQL also sets the audit context of the request.
PHONE_SCREEN = {"sqlite": 6, "postgresql": 8}
REFUSED_PHONE_BOOKING = {"sqlite": 15, "postgresql": 20}
DAY_VIEW = {"sqlite": 10, "postgresql": 12}


def _pinned(counts: dict[str, int]) -> int:
    return counts[connection.vendor]


def test_the_phone_screen_lists_its_slots_in_a_fixed_number_of_queries(
    client, desk, django_assert_num_queries
):
    _many_slots(desk, 10)
    client.get(PHONE)  # the session and the user's permissions, once
    for more in (0, 30):
        _many_slots(desk, more)
        with django_assert_num_queries(_pinned(PHONE_SCREEN)):
            assert client.get(PHONE).status_code == 200


def test_a_refused_phone_booking_shows_the_slots_again_in_a_fixed_number_of_queries(
    client, desk, django_assert_num_queries
):
    """The loser of two phone bookings of one slot sees the form again: once,
    that was two queries per open slot of the department (3,347 at demo size)."""
    taken = _many_slots(desk, 10)[0]
    f.booking(taken, desk.reason_a)
    data = {"slot": taken.pk, "reason": desk.reason_a.pk, **caller()}
    client.get(PHONE)
    for more in (0, 30):
        _many_slots(desk, more)
        with django_assert_num_queries(_pinned(REFUSED_PHONE_BOOKING)):
            page = client.post(PHONE, data)
        assert page.status_code == 200 and "just been taken" in page.content.decode()
        assert Booking.objects.count() == 1


def _slots_on(desk, day, count: int, *, first: int = 0) -> list[Slot]:
    """`count` slots of 20 minutes on `day` (local time), from 08:00 + `first` slots."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8)))
    step = datetime.timedelta(minutes=20)
    return [
        f.slot(desk.agenda_a, start=start + step * n, minutes=20)
        for n in range(first, first + count)
    ]


def test_the_day_view_costs_the_same_whatever_the_bookings(client, desk, django_assert_num_queries):
    """One booking on the day or eleven: the same queries. (Comparing a day
    with none against a day with some measured whether the bookings'
    prefetch ran at all, and the slots once fell outside the week shown.)"""
    day = timezone.localdate() + datetime.timedelta(days=8)
    url = f"/admin/scheduling/booking/day/?department={desk.cardio.pk}&day={day}&week=on"
    client.get(url)  # the session, the user's permissions and content types, once
    made = 0
    for bookings in (1, 10):
        for slot in _slots_on(desk, day, bookings, first=made):
            f.booking(slot, desk.reason_a)
        made += bookings
        with django_assert_num_queries(_pinned(DAY_VIEW)):
            page = client.get(url)
        assert page.status_code == 200
        shown = [b for a in page.context["agendas"] for s in a.day_slots for b in s.live_bookings]
        assert len(shown) == made
