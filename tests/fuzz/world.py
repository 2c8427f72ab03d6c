"""The world the fuzz suites send their requests into, typed: each attribute
names a path parameter or a field of tests/fuzz/catalogue.py and holds its
valid values, as a client sends them (ids, public ids, tokens, codes).

Built on the named actors (tests/actors.py): their hospital, external
clinic, cardiology and neurosurgery, Dr Coeur (with her portal account) and
the cardiology secretary; the fuzz adds an administrator, a call centre and
its agent, one booking in each state the screens act on, an absence, the
API's clients and a waiting-list entry.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractUser, Group
from django.utils import timezone

from scheduling.ics import issue_feed_token
from scheduling.models import ApiClient, Booking, CallCentre, CallCentreAgent
from scheduling.roles import CALL_CENTRE
from scheduling.selectors.links import manage_token, offer_path, person_token
from scheduling.services import agendas, waitlist
from scheduling.services import booking as service
from scheduling.services.api_clients import create_client
from scheduling.services.patients import PatientDetails
from tests import factories as f
from tests.actors import Actors


@dataclass(frozen=True)
class FuzzWorld:
    # Who signs in, by the catalogue's `who`: secretary, practitioner, admin, agent.
    users: dict[str, AbstractUser]
    api_token: str  # the hospital's patient administration, reads and books
    partner: list[str]
    waitlist_entry: list[int]
    api_client: list[int]
    establishment: list[int]  # the member hospital, the external clinic
    patient_public_id: list[str]
    finess: list[str]
    rpps: list[str]
    specialty: list[str]
    specialty_id: list[int]
    department: list[int]
    agenda: list[int]  # Dr Coeur's in cardiology (the call centre's), one in neurosurgery
    reason: list[int]
    rule: list[int]
    slot: list[int]  # free ones of Dr Coeur's agenda, then the booked one
    other_slot: list[int]
    booking: list[int]  # booked, past, pending
    patient: list[int]
    practitioner: list[int]
    absence: list[int]
    public_id: list[str]
    token: list[str]
    offer_token: list[str]
    feed_token: list[str]
    person_token: list[str]
    user: list[int]
    username: list[str]


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


def build_fuzz_world(actors: Actors) -> FuzzWorld:
    hospital, external = actors.hospital, actors.clinic
    cardio, neuro = actors.cardio, actors.neuro
    cardiology = cardio.specialty
    doctor, secretary = actors.practitioner, actors.secretary
    doctor.specialties.add(cardiology)
    agenda = actors.agenda
    first = f.reason(agenda, minutes=30, label="Première consultation")
    follow_up = f.reason(agenda, minutes=20, label="Suivi")
    other_agenda = f.agenda(department_=neuro)
    other_reason = f.reason(other_agenda)
    _weekly_hours(agenda, [first, follow_up], weekdays=(1, 3))  # 4 slots a week
    _weekly_hours(other_agenda, [other_reason], weekdays=(2,))
    administrator = f.user("admin_fuzz", superuser=True)
    # A call centre for cardiology at the hospital: the cardio agenda is in its
    # rights, the neurosurgery one is not.
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
    return FuzzWorld(
        users={
            "secretary": secretary,
            "practitioner": doctor.user,
            "admin": administrator,
            "agent": agent,
        },
        api_token=api_token,
        partner=[str(partner.public_id)],
        waitlist_entry=[in_line.pk],
        api_client=[api_client.pk],
        establishment=[hospital.pk, external.pk],
        patient_public_id=[str(booked.patient.public_id), str(pending.patient.public_id)],
        finess=[hospital.finess, external.finess],
        rpps=[doctor.rpps, other_agenda.practitioner.rpps],
        specialty=[cardiology.code],
        specialty_id=[cardiology.pk],
        department=[cardio.pk, neuro.pk],
        agenda=[agenda.pk, other_agenda.pk],
        reason=[first.pk, follow_up.pk, other_reason.pk],
        rule=list(agenda.opening_rules.values_list("pk", flat=True)),
        slot=[s.pk for s in free[2:]] + [free[0].pk],
        other_slot=list(other_agenda.slots.values_list("pk", flat=True)[:3]),
        booking=[booked.pk, past.pk, pending.pk],
        patient=[booked.patient_id, pending.patient_id],
        practitioner=[doctor.pk, other_agenda.practitioner.pk],
        absence=[absence.absence.pk],
        public_id=[str(pending.public_id), str(booked.public_id)],
        token=[manage_token(booked), manage_token(pending)],
        # Signed as an offer's link is (the pending hold is no offer: a 404 too).
        offer_token=[offer_path(pending).rstrip("/").rsplit("/", 1)[-1]],
        feed_token=[issue_feed_token(doctor)],
        person_token=[person_token(booked.patient), person_token(pending.patient)],
        user=[secretary.pk, doctor.user.pk],
        username=[secretary.username, doctor.user.username, administrator.username],
    )
