"""Erasure: on the person's request (staff, with a reason; refused while an
appointment is to come) and after the retention period. The bookings stay
as anonymous facts: the routing report reads the same figures; the trail
keeps its keyed hashes, records the erasure and still verifies."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import Event
from scheduling.models import Booking, Erasure, Patient
from scheduling.selectors.routing import routing_report
from scheduling.services import rights
from scheduling.services.booking import cancel
from scheduling.services.refusals import RefusalCode, RightsRefused
from tests import factories as f
from tests.helpers import events_after, last_seq

pytestmark = pytest.mark.django_db

IDENTITY = ("first_name", "last_name", "email", "phone")


def _erase_url(patient) -> str:
    return reverse("admin:scheduling_person_erase", args=[patient.pk])


def _figures():
    today = timezone.localdate()
    report = routing_report(
        today - datetime.timedelta(days=60), today + datetime.timedelta(days=60)
    )
    return (
        report.total,
        [(r["name"], r["bookings"]) for r in report.per_establishment],
        sorted((r["channel"], r["bookings"]) for r in report.per_channel),
        report.outside_institution,
    )


def test_erasure_is_refused_while_an_appointment_is_to_come(client, durand_file):
    client.force_login(durand_file.officer)
    response = client.post(_erase_url(durand_file.alex), {"reason": "written request"}, follow=True)
    assert "still has 1 appointment(s) to come" in response.content.decode()
    assert Patient.objects.get(pk=durand_file.alex.pk).email == "alex.durand@example.org"
    assert not Erasure.objects.exists()


def test_erasure_needs_a_reason(durand_file):
    with pytest.raises(RightsRefused) as refused:
        rights.erase(durand_file.alex_work, reason="  ", by=durand_file.officer)
    assert refused.value.code == RefusalCode.REASON_REQUIRED


def test_the_officer_erases_every_record_of_the_person_and_bookings_stay_anonymous(
    client, durand_file
):
    cancel(durand_file.future, reason="moving abroad", by=durand_file.officer)
    before = _figures()
    client.force_login(durand_file.officer)
    response = client.post(_erase_url(durand_file.alex), {"reason": "letter of 2 Dec"}, follow=True)
    assert "are erased" in response.content.decode()
    for record in Patient.objects.filter(pk__in=[durand_file.alex.pk, durand_file.alex_work.pk]):
        assert [getattr(record, name) for name in IDENTITY] == ["", "", "", ""]
        assert record.birth_date == Patient.ERASED_BIRTH_DATE
        assert record.erasure.basis == Erasure.Basis.REQUEST
        assert record.erasure.reason == "letter of 2 Dec"
        assert record.erasure.erased_by == durand_file.officer
    assert Patient.objects.get(pk=durand_file.other.pk).last_name == "Martin"
    assert Booking.objects.filter(patient=durand_file.alex_work).get() == durand_file.past
    assert _figures() == before
    page = client.get(reverse("admin:scheduling_person_detail", args=[durand_file.alex.pk]))
    assert "Durand" not in page.content.decode()
    with pytest.raises(RightsRefused) as again:
        rights.erase(durand_file.alex, reason="again", by=durand_file.officer)
    assert again.value.code == RefusalCode.ALREADY_ERASED


def test_erased_records_leave_the_search_and_the_patients_link(client, durand_file):
    cancel(durand_file.future, reason="moving abroad", by=durand_file.officer)
    rights.erase(durand_file.alex, reason="request", by=durand_file.officer)
    client.force_login(durand_file.officer)
    response = client.get(reverse("admin:scheduling_person_search"), {"name": "durand"})
    assert response.context["results"] == []
    sent = len(mail.outbox)
    rights.send_person_link(email="alex.durand@example.org", birth_date=datetime.date(1980, 5, 17))
    assert len(mail.outbox) == sent


def _old(patient, days: int) -> None:
    with f.as_history():
        Patient.objects.filter(pk=patient.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=days)
        )


def test_retention_erases_only_records_whose_last_appointment_is_long_past(durand_file, settings):
    settings.PATIENT_RETENTION_DAYS = 20
    forgotten = f.patient(first_name="Chloé", last_name="Old", email="chloe@example.org")
    _old(forgotten, 400)
    _old(durand_file.other, 400)
    f.booking(f.slot(durand_file.agenda), patient=durand_file.other)  # comes back next week
    for record in (durand_file.alex, durand_file.alex_work):
        _old(record, 400)
    before = _figures()
    out = StringIO()
    call_command("erase_expired_patients", "--dry-run", stdout=out)
    assert out.getvalue().startswith("2 records")  # Chloé, and Alex's work record (past 30 days)
    call_command("erase_expired_patients", stdout=out)
    erased = set(Erasure.objects.values_list("patient_id", "basis"))
    # Alex's work record had its last appointment 30 days ago, but Alex (the
    # person, by another record) comes next week: the person is still followed.
    assert erased == {(forgotten.pk, "retention")}
    assert Patient.objects.get(pk=forgotten.pk).email == ""
    assert _figures() == before


def test_retention_off_erases_nothing(durand_file, settings):
    settings.PATIENT_RETENTION_DAYS = 0
    _old(durand_file.other, 5000)
    assert rights.erase_expired() == 0
    assert not Erasure.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_trail_records_the_erasure_keeps_its_hashes_and_still_verifies(durand_file):
    """Committed for real: on PostgreSQL the events are sealed at COMMIT."""
    alex_work = durand_file.alex_work
    creation = Event.objects.filter(
        object_type="scheduling_patient", object_id=str(alex_work.pk), action="insert"
    ).get()
    cancel(durand_file.future, reason="moving abroad", by=durand_file.officer)
    mark = last_seq()
    rights.erase(alex_work, reason="request", by=durand_file.officer)
    events = list(events_after(mark))
    erasures = [e for e in events if e.object_type == "scheduling_erasure"]
    updates = [e for e in events if e.object_type == "scheduling_patient"]
    assert len(erasures) == 2 and len(updates) == 2
    assert all(e.actor.endswith(":dpo") for e in erasures + updates)
    assert "alex" not in "".join(e.changes for e in updates).lower()
    # The sealed creation event is as it was: its masked values, its hash.
    assert Event.objects.get(seq=creation.seq).hash == creation.hash
    assert "Durand" not in creation.changes and "hmac:" in creation.changes
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "audit chain intact" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_retention_run_is_attributed_to_the_retention_and_the_trail_verifies(settings):
    settings.PATIENT_RETENTION_DAYS = 10
    agenda = f.agenda()
    patient = f.patient()
    f.booking(f.slot(agenda, start=timezone.now() - datetime.timedelta(days=40)), patient=patient)
    _old(patient, 60)
    mark = last_seq()
    assert rights.erase_expired() == 1
    (erasure,) = events_after(mark, object_type="scheduling_erasure")
    assert erasure.actor == rights.RETENTION_ACTOR
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "audit chain intact" in out.getvalue()
