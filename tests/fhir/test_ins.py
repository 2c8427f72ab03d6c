"""The patient's INS (issue 22): optional, refused unless a valid NIR, kept by
the trail only as a keyed hash, taken from a FHIR client's Patient and shown
in Patient.identifier under the ANS's OID."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from scheduling.fhir.resources import INS_NIR_SYSTEM
from scheduling.models import Booking, Patient
from tests import factories as f
from tests.helpers import (
    events_after,
    fhir_get,
    fhir_post,
    find,
    last_seq,
    parameters,
    valid,
    with_patient,
)

pytestmark = pytest.mark.django_db
NIR = "295109912611193"


@pytest.mark.parametrize("ins", ["295109912611199", "29510991261119", "X95109912611193"])
def test_an_ins_that_is_not_a_nir_is_refused(ins):
    person = Patient(first_name="Zoé", last_name="L", birth_date=datetime.date(1995, 10, 1))
    person.ins = ins
    with pytest.raises(ValidationError) as refused:
        person.full_clean()
    assert "ins" in refused.value.message_dict


def test_an_ins_typed_with_spaces_is_kept_compact():
    person = Patient(
        first_name="Zoé",
        last_name="L",
        birth_date=datetime.date(1995, 10, 1),
        ins="2 95 10 99 126 111 93",
    )
    person.full_clean()
    assert person.ins == NIR
    person.ins = "253072b07300470"  # Corsica, typed in lower case
    person.full_clean()
    assert person.ins == "253072B07300470"


@pytest.mark.django_db(transaction=True)
def test_the_trail_keeps_the_ins_only_as_a_keyed_hash():
    mark = last_seq()
    person = f.patient(ins=NIR)
    Patient.objects.filter(pk=person.pk).update(ins="253072B07300470")
    events = list(events_after(mark, object_type="scheduling_patient"))
    assert [e.action for e in events] == ["insert", "update"]
    trail = " ".join(e.changes for e in events)
    assert '"ins"' in trail
    assert NIR not in trail and "253072B07300470" not in trail


def _with_ins(appointment: dict, ins: str) -> dict:
    given = with_patient(appointment)
    patient = {
        **given["contained"][0],
        "identifier": [{"system": INS_NIR_SYSTEM, "value": ins}],
    }
    return {**given, "contained": [patient]}


def test_a_booking_s_patient_gets_the_ins_a_fhir_client_gives_and_shows_it(actors):
    proposal = find(actors, 1)[0]
    booked = fhir_post(actors, "Appointment/$book", parameters(_with_ins(proposal, NIR)))
    assert booked.status_code == 201, booked.content
    person = Booking.objects.get().patient
    assert person.ins == NIR
    patient = valid(fhir_get(actors, f"Patient/{person.public_id}"), "Patient")
    ins = [i for i in patient["identifier"] if i["system"] == INS_NIR_SYSTEM]
    assert [(i["value"], i["type"]["coding"][0]["code"]) for i in ins] == [(NIR, "INS-NIR")]


def test_a_fhir_client_s_invalid_ins_is_a_400_and_books_nothing(actors):
    proposal = find(actors, 1)[0]
    refused = fhir_post(
        actors, "Appointment/$book", parameters(_with_ins(proposal, "295109912611199"))
    )
    assert refused.status_code == 400
    assert valid(refused, "OperationOutcome")["issue"][0]["code"] == "invalid"
    assert not Booking.objects.exists()


def test_erasing_a_person_erases_their_ins_and_their_fhir_patient(actors):
    from scheduling.services import rights
    from scheduling.services.booking import cancel

    booking = f.booking(actors.neuro_agenda.slots.order_by("start")[0], actors.first_visit)
    person = booking.patient
    Patient.objects.filter(pk=person.pk).update(ins=NIR)
    assert fhir_get(actors, f"Patient/{person.public_id}").status_code == 200
    staff = f.user("dpo", superuser=True)
    cancel(booking, reason="à sa demande", by=staff)  # nothing to come: erasable
    rights.erase(person, reason="demande de la personne", by=staff)
    person.refresh_from_db()
    assert person.ins == ""
    assert fhir_get(actors, f"Patient/{person.public_id}").status_code == 404
