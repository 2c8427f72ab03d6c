"""What a message says about one event, read when it is sent.

The event row holds what changed and when the appointment was then (its
time, agenda, status, revision); the patient's identity, the visit reason
and the names are read from the database now, so a message retried after the
patient's record was corrected carries the corrected identity, and a
message about a move says the time it moved *to* even if the booking has
moved again since (that later move has its own message)."""

import datetime
import uuid
from dataclasses import dataclass

from interfaces.models import Dispatch
from scheduling.models import Agenda, Booking


@dataclass(frozen=True)
class AppointmentFacts:
    control_id: str
    kind: str
    occurred_at: datetime.datetime
    booking_id: uuid.UUID
    status: str
    revision: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    channel: str
    reason_id: int
    reason_label: str
    patient_id: uuid.UUID
    family_name: str
    given_name: str
    birth_date: datetime.date
    ins: str  # "" when the record holds none
    rpps: str
    practitioner_family: str
    practitioner_given: str
    department_id: int
    department_name: str
    finess: str
    establishment_name: str

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


def facts(dispatch: Dispatch) -> AppointmentFacts:
    event = dispatch.event
    booking = Booking.objects.select_related("patient", "reason").get(pk=event.booking_id)
    agenda = Agenda.objects.select_related("practitioner", "department__establishment").get(
        pk=event.agenda_id
    )
    patient, department = booking.patient, agenda.department
    return AppointmentFacts(
        control_id=dispatch.control_id,
        kind=event.kind,
        occurred_at=event.occurred_at,
        booking_id=booking.public_id,
        status=event.status,
        revision=event.sequence,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        channel=booking.channel,
        reason_id=booking.reason_id,
        reason_label=booking.reason.label,
        patient_id=patient.public_id,
        family_name=patient.last_name,
        given_name=patient.first_name,
        birth_date=patient.birth_date,
        ins=patient.ins,
        rpps=agenda.practitioner.rpps,
        practitioner_family=agenda.practitioner.last_name,
        practitioner_given=agenda.practitioner.first_name,
        department_id=department.pk,
        department_name=department.name,
        finess=department.establishment.finess,
        establishment_name=department.establishment.name,
    )
