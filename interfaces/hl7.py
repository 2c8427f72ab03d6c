"""HL7 v2.5 SIU messages, built and validated with hl7apy.

| event | trigger | SCH-25 filler status |
| --- | --- | --- |
| created | S12 new appointment | Booked |
| moved | S13 rescheduled | Booked |
| modified | S14 modified | Booked, Complete (honoured) |
| cancelled | S15 cancelled | Cancelled |
| noshow | S26 no-show | Noshow |

Identifiers (French conventions, IHE PAM France and the ANS's OIDs):
PID-3 the patient's id on this platform (its public reference, type PI,
assigned by HL7_ASSIGNING_AUTHORITY); AIL-3 the department, its facility the
establishment's FINESS (OID 1.2.250.1.71.4.2.2); AIP-3 the practitioner's
RPPS (OID 1.2.250.1.71.4.2.1, identifier type RPPS). A patient's INS (the
national health identifier, their NIR), when the record holds one, goes as a
second PID-3 repetition: assigning authority ASIP-SANTE-INS-NIR, OID
1.2.250.1.213.1.4.8, identifier type INS.

Every message uses the SIU_S12 structure, which v2.5 shares across these
triggers (MSH-9.3). MSH-10, the message control id, is the dispatch's: the
same on every attempt, so a receiver that gets a message twice (its ACK
lost) sees one message.
"""

from django.conf import settings
from django.utils import timezone
from hl7apy.consts import VALIDATION_LEVEL
from hl7apy.core import Message
from hl7apy.parser import parse_message

from interfaces.facts import AppointmentFacts

TRIGGERS = {
    "created": ("S12", "Nouveau rendez-vous"),
    "moved": ("S13", "Rendez-vous déplacé"),
    "modified": ("S14", "Rendez-vous modifié"),
    "cancelled": ("S15", "Rendez-vous annulé"),
    "noshow": ("S26", "Patient absent"),
}
INS_OID = "1.2.250.1.213.1.4.8"
INS_AUTHORITY = f"ASIP-SANTE-INS-NIR&{INS_OID}&ISO"
FILLER_STATUS = {
    "booked": "Booked",
    "honoured": "Complete",
    "missed": "Noshow",
    "cancelled": "Cancelled",
}
FINESS_OID = "1.2.250.1.71.4.2.2"
RPPS_OID = "1.2.250.1.71.4.2.1"
_ESCAPES = (("\\", "\\E\\"), ("|", "\\F\\"), ("^", "\\S\\"), ("&", "\\T\\"), ("~", "\\R\\"))


def escape(text: object) -> str:
    """A value as HL7 text: delimiters escaped, line breaks as spaces."""
    value = " ".join(str(text).split())
    for raw, escaped in _ESCAPES:
        value = value.replace(raw, escaped)
    return value


def _ts(moment) -> str:
    return timezone.localtime(moment).strftime("%Y%m%d%H%M%S%z")


def siu(
    facts: AppointmentFacts, *, receiving_application: str = "", receiving_facility: str = ""
) -> bytes:
    """The SIU message for one event, validated (hl7apy, strict), as ER7 bytes."""
    trigger, label = TRIGGERS[facts.kind]
    message = Message("SIU_S12", version="2.5", validation_level=VALIDATION_LEVEL.STRICT)
    msh = message.msh
    msh.msh_3 = escape(settings.HL7_SENDING_APPLICATION)
    msh.msh_4 = escape(settings.HL7_SENDING_FACILITY)
    msh.msh_5 = escape(receiving_application)
    msh.msh_6 = escape(receiving_facility)
    msh.msh_7 = _ts(timezone.now())
    msh.msh_9 = f"SIU^{trigger}^SIU_S12"
    msh.msh_10 = facts.control_id
    msh.msh_11 = "P"
    msh.msh_12 = "2.5"
    msh.msh_18 = "UNICODE UTF-8"
    _sch(message, facts, trigger, label)
    _pid(message.add_group("SIU_S12_PATIENT"), facts)
    _resources(message.add_group("SIU_S12_RESOURCES"), facts)
    message.validate()
    return message.to_er7().encode()


def _sch(message, facts: AppointmentFacts, trigger: str, label: str) -> None:
    sch = message.sch
    appointment = f"{facts.booking_id}^{escape(settings.HL7_SENDING_APPLICATION)}"
    sch.sch_1 = appointment
    sch.sch_2 = appointment
    sch.sch_6 = f"{trigger}^{escape(label)}^HL70306"
    sch.sch_7 = f"{facts.reason_id}^{escape(facts.reason_label)}"
    sch.sch_9 = str(facts.minutes)
    sch.sch_10 = "min^minutes^ISO+"
    sch.sch_11 = f"^^{facts.minutes}^{_ts(facts.starts_at)}^{_ts(facts.ends_at)}"
    sch.sch_16 = f"^{escape(facts.department_name)}"
    sch.sch_20 = f"{escape(facts.channel)}^{escape(facts.channel)}"
    sch.sch_25 = FILLER_STATUS.get(facts.status, "Booked")


def _pid(group, facts: AppointmentFacts) -> None:
    authority = escape(settings.HL7_ASSIGNING_AUTHORITY)
    group.pid.pid_1 = "1"
    group.pid.pid_3 = f"{facts.patient_id}^^^{authority}^PI"
    if facts.ins:
        group.pid.add_field("pid_3").value = f"{facts.ins}^^^{INS_AUTHORITY}^INS"
    group.pid.pid_5 = f"{escape(facts.family_name).upper()}^{escape(facts.given_name)}^^^^^L"
    group.pid.pid_7 = facts.birth_date.strftime("%Y%m%d")


def _resources(group, facts: AppointmentFacts) -> None:
    group.rgs.rgs_1 = "1"
    location = group.add_group("SIU_S12_LOCATION_RESOURCE")
    location.ail.ail_1 = "1"
    facility = f"{facts.finess}&{FINESS_OID}&ISO"
    location.ail.ail_3 = f"{facts.department_id}^^^{facility}^^^^^{escape(facts.department_name)}"
    location.ail.ail_6 = _ts(facts.starts_at)
    person = group.add_group("SIU_S12_PERSONNEL_RESOURCE")
    person.aip.aip_1 = "1"
    person.aip.aip_3 = (
        f"{facts.rpps}^{escape(facts.practitioner_family).upper()}^{escape(facts.practitioner_given)}"
        f"^^^^^^ASIP-SANTE-PS&{RPPS_OID}&ISO^L^^^RPPS"
    )
    person.aip.aip_6 = _ts(facts.starts_at)


def read_ack(raw: bytes) -> tuple[str, str, str]:
    """(MSA-1 code, MSA-2 the acknowledged control id, MSA-3 text) of an ACK."""
    ack = parse_message(raw.decode("utf-8", "replace").strip(), find_groups=False)
    msa = ack.msa
    return msa.msa_1.value, msa.msa_2.value, msa.msa_3.value if msa.msa_3 else ""
