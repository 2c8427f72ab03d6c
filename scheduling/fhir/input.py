"""Reading what a FHIR client posts to $find, $hold and $book: a Parameters
resource (or a bare Appointment). Anything malformed is a FhirInputError,
answered 400 with an OperationOutcome, never a 500."""

import datetime
import re
import uuid
from dataclasses import dataclass

from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from hospital.validators import EARLIEST_DATE, LATEST_DATE
from scheduling.fhir.resources import INS_NIR_SYSTEM
from scheduling.services.patients import PatientDetails

MAX_COUNT = 100

_DIGITS = re.compile(r"[0-9]{1,18}")


class FhirInputError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class AppointmentRequest:
    held_id: uuid.UUID | None = None
    slot_id: int | None = None
    reason_id: int | None = None
    patient: PatientDetails | None = None
    patient_id: uuid.UUID | None = None  # Patient/{id}: a patient the client already sees
    returning: bool = False
    start: datetime.datetime | None = None
    end: datetime.datetime | None = None
    specialty: str = ""
    count: int = 20
    appointment: dict | None = None  # as posted ($book of a booked appointment reads it)
    ihe: bool = False  # named as IHE ITI Scheduling 1.0 does: answered with its Bundle


def search_instant(raw: str) -> datetime.datetime:
    """A FHIR date or dateTime (2026-03-01, 2026-03-01T09:00:00+01:00) in the sane range."""
    raw = raw.strip()
    try:
        when = parse_datetime(raw)
        if when is None and (day := parse_date(raw)) is not None:
            when = datetime.datetime.combine(day, datetime.time(0), tzinfo=datetime.UTC)
    except ValueError:
        when = None
    if when is None or not EARLIEST_DATE <= when.date() <= LATEST_DATE:
        # The value is not repeated: whatever a client sent, the answer stays readable.
        raise FhirInputError(
            _("Not a FHIR date or dateTime between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()}
        )
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return when


def _parameters(body) -> dict:
    if not isinstance(body, dict):
        raise FhirInputError(_("Post a Parameters resource."))
    if body.get("resourceType") == "Appointment":
        return {"appointment": body}
    if body.get("resourceType") != "Parameters" or not isinstance(body.get("parameter", []), list):
        raise FhirInputError(_("Post a Parameters resource."))
    found = {}
    for parameter in body.get("parameter", []):
        if not isinstance(parameter, dict) or not isinstance(parameter.get("name"), str):
            raise FhirInputError(_("Each parameter needs a name."))
        value = parameter.get("resource")
        if value is None:
            value = next((v for k, v in parameter.items() if k.startswith("value")), None)
        found[parameter["name"]] = value
    return found


def _text(value) -> str:
    if isinstance(value, dict):  # a Coding
        value = value.get("code", "")
    if not isinstance(value, str) or len(value) > 200:
        raise FhirInputError(_("A parameter has a value of the wrong type."))
    return value


def _token(value) -> str:
    """A Coding, CodeableConcept or string as a search token: system|code."""
    if isinstance(value, dict) and isinstance(value.get("coding"), list) and value["coding"]:
        value = value["coding"][0]
    if isinstance(value, dict) and isinstance(value.get("system"), str):
        return f"{_text(value['system'])}|{_text(value)}"
    return _text(value)


def _id(value, kind: str) -> int | None:
    if value is None:
        return None
    raw = _text(value).removeprefix(f"{kind}/")
    if not _DIGITS.fullmatch(raw):
        raise FhirInputError(_("Not a %(kind)s id.") % {"kind": kind})
    return int(raw)


def appointment_request(body, *, need_slot=True, need_patient=True) -> AppointmentRequest:
    given = _parameters(body)
    wanted = AppointmentRequest()
    for name in ("start", "end"):
        if given.get(name) is not None:
            setattr(wanted, name, search_instant(_text(given[name])))
    if given.get("service-type") or given.get("specialty"):
        wanted.specialty = _token(given.get("service-type") or given.get("specialty"))
    wanted.reason_id = _id(given.get("reason-code") or given.get("visit-reason"), "reason")
    if given.get("_count") is not None:
        count = given["_count"]
        if isinstance(count, str) and _DIGITS.fullmatch(count):
            count = int(count)
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_COUNT:
            raise FhirInputError(_("_count is a whole number from 1 to 100."))
        wanted.count = count
    if isinstance(given.get("returning"), bool):
        wanted.returning = given["returning"]
    # IHE ITI Scheduling 1.0 names them appointment-resource and appointment-reference.
    wanted.ihe = "appointment-resource" in given or "appointment-reference" in given
    appointment = given.get("appointment") or given.get("appointment-resource")
    if appointment is None and given.get("appointment-reference") is not None:
        appointment = {"resourceType": "Appointment", "id": _reference_id(given)}
    if appointment is not None:
        _read_appointment(appointment, wanted)
        wanted.appointment = appointment
    if need_slot and (wanted.slot_id is None or wanted.reason_id is None):
        raise FhirInputError(_("The appointment needs a slot and a reasonCode."))
    if need_patient and wanted.patient is None and wanted.patient_id is None:
        raise FhirInputError(
            _("The appointment needs a contained Patient, or a participant Patient/{id}.")
        )
    return wanted


def _reference_id(given: dict) -> str:
    """The id of an appointment-reference (Appointment/id, or an absolute URL ending so)."""
    reference = given["appointment-reference"]
    raw = reference.get("reference") if isinstance(reference, dict) else None
    if not isinstance(raw, str) or "Appointment/" not in raw:
        raise FhirInputError(_("appointment-reference is a reference to an Appointment."))
    return raw.rsplit("Appointment/", 1)[1]


# A proposal's id (scheduling.fhir.resources.proposal_id): its slot and reason.
_PROPOSAL = re.compile(r"proposed-([0-9]{1,18})-([0-9]{1,18})")


def _read_id(raw: str, wanted: AppointmentRequest) -> None:
    """A held or booked appointment's id, or a proposal's (its slot and reason,
    which the appointment's own slot and reasonCode, when given, override)."""
    if found := _PROPOSAL.fullmatch(raw):
        wanted.slot_id, wanted.reason_id = int(found[1]), int(found[2])
        return
    try:
        wanted.held_id = uuid.UUID(raw)
    except ValueError:
        raise FhirInputError(_("Not an appointment id of this server.")) from None


def _read_appointment(appointment, wanted: AppointmentRequest) -> None:
    if not isinstance(appointment, dict) or appointment.get("resourceType") != "Appointment":
        raise FhirInputError(_("The appointment parameter holds an Appointment."))
    if "id" in appointment:
        _read_id(_text(appointment["id"]), wanted)
    slots = appointment.get("slot") or []
    if slots:
        if not isinstance(slots, list) or not isinstance(slots[0], dict):
            raise FhirInputError(_("slot is a list of references."))
        wanted.slot_id = _id(slots[0].get("reference"), "Slot")
    codes = appointment.get("reasonCode") or []
    if codes:
        try:
            wanted.reason_id = _id(codes[0]["coding"][0]["code"], "reason")
        except (KeyError, IndexError, TypeError):
            raise FhirInputError(_("reasonCode holds a coding of a visit reason.")) from None
    contained = appointment.get("contained") or []
    if not isinstance(contained, list):
        raise FhirInputError(_("contained is a list of resources."))
    patients = [c for c in contained if isinstance(c, dict) and c.get("resourceType") == "Patient"]
    if patients:
        wanted.patient = _patient(patients[0])
    else:
        wanted.patient_id = _patient_reference(appointment.get("participant") or [])


# Patient/{id}, relative or absolute (https://…/fhir/Patient/{id}).
_PATIENT_REFERENCE = re.compile(r"(?:.*/)?Patient/([^/]*)")


def _patient_reference(participants) -> uuid.UUID | None:
    """The id of the participant Patient/{id}, when the patient is not contained:
    one the client already sees (the views check it is in its scope)."""
    if not isinstance(participants, list):
        raise FhirInputError(_("participant is a list."))
    for participant in participants:
        actor = participant.get("actor") if isinstance(participant, dict) else None
        reference = actor.get("reference") if isinstance(actor, dict) else None
        if isinstance(reference, str) and (found := _PATIENT_REFERENCE.fullmatch(reference)):
            try:
                return uuid.UUID(found[1])
            except ValueError:
                raise FhirInputError(_("Not a Patient id of this server.")) from None
    return None


def _patient(resource: dict) -> PatientDetails:
    try:
        name = resource["name"][0]
        family, given = _text(name["family"]), _text(name["given"][0])
        born = parse_date(_text(resource["birthDate"]))
    except (KeyError, IndexError, TypeError, ValueError):
        raise FhirInputError(
            _("The Patient needs a name (family, given) and a birthDate.")
        ) from None
    if born is None or not EARLIEST_DATE <= born <= LATEST_DATE or not family or not given:
        raise FhirInputError(_("The Patient needs a name (family, given) and a birthDate."))
    points = resource.get("telecom") or []
    if not isinstance(points, list):
        raise FhirInputError(_("The Patient's telecom is a list of contact points."))
    telecom = {}
    for point in points:
        if isinstance(point, dict) and point.get("system") in ("email", "phone"):
            telecom.setdefault(point["system"], _text(point.get("value", "")))
    if any(
        "\ud800" <= c <= "\udfff" or c == "\x00" for c in family + given + "".join(telecom.values())
    ):
        raise FhirInputError(_("The Patient's details contain invalid characters."))
    return PatientDetails(
        first_name=given[:100],
        last_name=family[:100],
        birth_date=born,
        email=_checked_email(telecom.get("email", "")),
        phone=_checked_phone(telecom.get("phone", "")),
        ins=_ins(resource.get("identifier")),
    )


def _ins(identifiers) -> str:
    """The INS among the Patient's identifiers (system urn:oid:1.2.250.1.213.1.4.8), checked."""
    from django.core.exceptions import ValidationError

    from hospital.validators import compact_ins, validate_ins

    if identifiers is None:
        return ""
    if not isinstance(identifiers, list):
        raise FhirInputError(_("The Patient's identifier is a list of identifiers."))
    for identifier in identifiers:
        if isinstance(identifier, dict) and identifier.get("system") == INS_NIR_SYSTEM:
            value = compact_ins(_text(identifier.get("value", "")))
            try:
                validate_ins(value)
            except ValidationError:
                raise FhirInputError(_("The Patient's INS is not a valid NIR.")) from None
            return value
    return ""


def _checked_email(value: str) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        raise FhirInputError(_("The Patient's email address is not valid.")) from None
    return value[:254]


def _checked_phone(value: str) -> str:
    from django.core.exceptions import ValidationError

    from hospital.phones import normalise_phone

    if not value:
        return ""
    try:
        return normalise_phone(value)
    except ValidationError:
        raise FhirInputError(_("The Patient's phone number is not valid.")) from None
