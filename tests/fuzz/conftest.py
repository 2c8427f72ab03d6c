import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from guardian.shortcuts import assign_perm

from scheduling.ics import issue_feed_token
from scheduling.models import ApiClient, Booking, CallCentre, CallCentreAgent
from scheduling.roles import CALL_CENTRE
from scheduling.selectors.links import manage_token, offer_path, person_token
from scheduling.services import agendas, waitlist
from scheduling.services import booking as service
from scheduling.services.api_clients import create_client
from scheduling.services.patients import PatientDetails
from tests import factories as f


def _weekly_hours(agenda, reasons, weekdays) -> None:
    """One morning hour a week: a few dozen slots keep each page quick to render."""
    for weekday in weekdays:
        agendas.add_rule(
            agenda,
            weekday=weekday,
            start_time=datetime.time(9),
            end_time=datetime.time(10),
            valid_from=timezone.localdate(),
            valid_until=None,
            reasons=reasons,
            by=None,
        )


@pytest.fixture
def fuzz_world(db, settings) -> dict:
    """A member hospital with two departments, a practitioner with a portal
    account, a secretary of one department, an administrator, and one booking
    in each state the screens act on. Values are strings, as a client sends them."""
    settings.SEARCH_RATE = settings.BOOKING_RATE = "100000/m"
    hospital = f.establishment(name="Hôpital Fuzz")
    external = f.establishment(is_member=False)
    cardiology = f.specialty("cardiologie")
    cardio = f.department(hospital, name="Cardiologie", specialty=cardiology)
    neuro = f.department(hospital, name="Neurologie")
    doctor_user = f.user("dr_fuzz", staff=False)
    doctor = f.practitioner(last_name="Fuzz", user=doctor_user)
    doctor.specialties.add(cardiology)
    agenda = f.agenda(doctor, cardio)
    first = f.reason(agenda, minutes=30, label="Première consultation")
    follow_up = f.reason(agenda, minutes=20, label="Suivi")
    other_agenda = f.agenda(department_=neuro)
    other_reason = f.reason(other_agenda)
    _weekly_hours(agenda, [first, follow_up], weekdays=(1, 3))  # 4 slots a week
    _weekly_hours(other_agenda, [other_reason], weekdays=(2,))
    secretary = f.user("secretaire_fuzz")
    secretary.groups.add(Group.objects.get(name="Secrétariat"))
    assign_perm("hospital.work_in_department", secretary, cardio)
    administrator = f.user("admin_fuzz", superuser=True)
    # A call centre for cardiology at the hospital: the cardio agenda is in its
    # rights, the neurology one is not.
    call_centre = CallCentre.objects.create(name="Centre Fuzz")
    call_centre.establishments.add(hospital)
    call_centre.specialties.add(cardiology)
    agent = f.user("agent_fuzz")
    agent.groups.add(Group.objects.get(name=CALL_CENTRE))
    CallCentreAgent.objects.create(user=agent, call_centre=call_centre)

    later = timezone.now() + datetime.timedelta(days=3)
    free = list(agenda.slots.filter(start__gte=later).order_by("start")[:6])
    booked = service.book(
        slot=free[0],
        reason=first,
        patient=PatientDetails(
            "Eve", "Lefort", datetime.date(1980, 5, 17), "eve@example.org", "0612345678"
        ),
        channel=Booking.Channel.PHONE,
        returning=False,
        by=secretary,
    )
    pending, _code = service.hold(
        slot=free[1],
        reason=first,
        patient=PatientDetails(
            "Léa", "Martin", datetime.date(1990, 1, 2), "lea@example.org", "0612345679"
        ),
        returning=False,
        maker="web:test",
    )
    past = f.booking(
        f.slot(agenda, start=timezone.now().replace(microsecond=0) - datetime.timedelta(days=2)),
        first,
        channel=Booking.Channel.PHONE,
    )
    absence = agendas.add_absence(
        agenda,
        start=timezone.now() + datetime.timedelta(days=60),
        end=timezone.now() + datetime.timedelta(days=61),
        label="Congrès",
        by=None,
    )
    api_client, api_token = create_client(
        name="Fuzz PAS", establishments=[hospital], can_read=True, can_book=True
    )
    partner, _partner_token = create_client(
        name="Fuzz Portail",
        establishments=[hospital],
        can_read=True,
        can_book=True,
        kind=ApiClient.Kind.PARTNER,
    )
    in_line = waitlist.join(
        patient=PatientDetails(
            "Noé", "Durand", datetime.date(1975, 3, 4), "noe@example.org", "0612345680"
        ),
        returning=False,
        wanted_before=timezone.localdate() + datetime.timedelta(days=30),
        reason=first,
        by=agent,
    )
    return {
        "objects": locals(),
        "partner": [str(partner.public_id)],
        "waitlist_entry": [in_line.pk],
        "api_client": [api_client.pk],
        "api_token": api_token,
        "establishment": [hospital.pk, external.pk],
        "patient_public_id": [str(booked.patient.public_id), str(pending.patient.public_id)],
        "finess": [hospital.finess, external.finess],
        "rpps": [doctor.rpps, other_agenda.practitioner.rpps],
        "specialty": ["cardiologie"],
        "specialty_id": [cardiology.pk],
        "department": [cardio.pk, neuro.pk],
        "agenda": [agenda.pk, other_agenda.pk],
        "reason": [first.pk, follow_up.pk, other_reason.pk],
        "rule": list(agenda.opening_rules.values_list("pk", flat=True)),
        "slot": [s.pk for s in free[2:]] + [free[0].pk],
        "other_slot": list(other_agenda.slots.values_list("pk", flat=True)[:3]),
        "booking": [booked.pk, past.pk, pending.pk],
        "patient": [booked.patient_id, pending.patient_id],
        "practitioner": [doctor.pk, other_agenda.practitioner.pk],
        "absence": [absence.absence.pk],
        "public_id": [str(pending.public_id), str(booked.public_id)],
        "token": [manage_token(booked), manage_token(pending)],
        # Signed as an offer's link is (the pending hold is no offer: a 404 too).
        "offer_token": [offer_path(pending).rstrip("/").rsplit("/", 1)[-1]],
        "feed_token": [issue_feed_token(doctor)],
        "person_token": [person_token(booked.patient), person_token(pending.patient)],
        "user": [secretary.pk, doctor_user.pk],
        "username": ["secretaire_fuzz", "dr_fuzz", "admin_fuzz"],
        "users": {
            "secretary": secretary,
            "practitioner": doctor_user,
            "admin": administrator,
            "agent": agent,
        },
    }


def pytest_terminal_summary(terminalreporter):
    """The fuzz run's figures, at the end of the test session's report."""
    from tests.helpers import FUZZ_FIGURES

    for name, run in FUZZ_FIGURES.items():
        if run.sent:
            server_errors = sum(count for code, count in run.answers.items() if code >= 500)
            terminalreporter.write_line(
                f"{name}: {sum(run.sent.values())} requests over {len(run.sent)} endpoints, "
                f"{server_errors} answered 5xx; "
                f"answers by status: {dict(sorted(run.answers.items()))}"
            )
