"""What a client asks of an existing appointment, read from the Appointment it
sends (a PUT, a PATCH once applied, or the appointment of a `$book` that
names a booked appointment, IHE ITI-117's reschedule and cancel):

- `status` cancelled: cancel it (the reason from `cancelationReason`);
- `status` fulfilled or noshow: record whether the patient came;
- another `slot`: move it there (start, end and minutesDuration follow the
  slot; a client may leave them as they were or set the slot's);
- nothing different: nothing to do.

Everything else an appointment says (its patient, practitioner, reason,
identifiers) is the platform's to say: a PUT that changes it is refused
(422) rather than half applied. The changes go through the booking service,
as every other surface's do."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from scheduling.fhir.input import FhirInputError, _id

# Derived from the slot, or the server's own bookkeeping: a PUT may leave them stale.
DERIVED = frozenset({"meta", "text", "start", "end", "minutesDuration"})
# What a client may change, each read below.
CHANGEABLE = frozenset({"status", "slot", "cancelationReason"})
OUTCOMES = {"fulfilled": True, "noshow": False}


@dataclass(frozen=True)
class Update:
    cancel_reason: str | None = None  # cancel, with this reason ("" when none given)
    honoured: bool | None = None  # record the outcome
    slot_id: int | None = None  # move to this slot

    @property
    def nothing(self) -> bool:
        return self.cancel_reason is None and self.honoured is None and self.slot_id is None


class UnsupportedChange(Exception):
    """A change the platform does not make through FHIR (a 422)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_update(current: dict, wanted, *, whole: bool = True) -> Update:
    """`whole`: `wanted` is the whole resource (PUT, PATCH), so any other
    element it changes is refused; a $book's appointment says only what it
    asks for."""
    if not isinstance(wanted, dict) or wanted.get("resourceType") != "Appointment":
        raise FhirInputError(_("The body is an Appointment."))
    if "id" in wanted and wanted["id"] != current["id"]:
        raise FhirInputError(_("The Appointment's id is not the one in the URL."))
    if whole:
        _refuse_other_changes(current, wanted)
    status = wanted.get("status", current["status"])
    if not isinstance(status, str):
        raise FhirInputError(_("An Appointment's status is a code."))
    slot_id = _slot_id(current, wanted)
    if status == current["status"]:
        return Update(slot_id=slot_id)
    if slot_id is not None:
        raise UnsupportedChange(_("Change either the status or the slot, not both at once."))
    if current["status"] != "booked":
        raise UnsupportedChange(
            _("This appointment is %(status)s: its status no longer changes.")
            % {"status": current["status"]}
        )
    if status == "cancelled":
        return Update(cancel_reason=_reason_text(wanted.get("cancelationReason")))
    if status in OUTCOMES:
        return Update(honoured=OUTCOMES[status])
    raise UnsupportedChange(
        _("A booked appointment's status changes to cancelled, fulfilled or noshow only.")
    )


def _refuse_other_changes(current: dict, wanted: dict) -> None:
    for key in (set(current) | set(wanted)) - DERIVED - CHANGEABLE - {"id"}:
        if current.get(key) != wanted.get(key):
            raise UnsupportedChange(
                _(
                    "Only an appointment's status and slot change through FHIR; "
                    "%(element)s is the platform's to say."
                )
                % {"element": key[:40]}
            )
    if "cancelationReason" in wanted and wanted.get("status") != "cancelled":
        if wanted["cancelationReason"] != current.get("cancelationReason"):
            raise UnsupportedChange(_("A cancelationReason comes with the status cancelled."))


def _slot_id(current: dict, wanted: dict) -> int | None:
    """The slot asked for when it is not the current one, else None."""
    slots = wanted.get("slot")
    if slots is None or slots == current["slot"]:
        if wanted.get("start", current["start"]) != current["start"]:
            raise UnsupportedChange(_("To move an appointment, name its new Slot."))
        return None
    if not isinstance(slots, list) or len(slots) != 1 or not isinstance(slots[0], dict):
        raise FhirInputError(_("slot is a list of one Slot reference."))
    found = _id(slots[0].get("reference"), "Slot")
    return None if f"Slot/{found}" == current["slot"][0]["reference"] else found


def _reason_text(reason) -> str:
    """cancelationReason's text, else its first coding's display or code."""
    if reason is None:
        return ""
    if not isinstance(reason, dict):
        raise FhirInputError(_("cancelationReason is a CodeableConcept."))
    text = reason.get("text")
    codings = reason.get("coding") or [{}]
    if not text and isinstance(codings, list) and isinstance(codings[0], dict):
        text = codings[0].get("display") or codings[0].get("code")
    if text is not None and not isinstance(text, str):
        raise FhirInputError(_("cancelationReason is a CodeableConcept."))
    return (text or "")[:250]
