"""What the REST API reads and writes. Ids of patients and bookings are their
opaque public ids; establishments are named by FINESS, practitioners by RPPS."""

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from hospital.models import Department, Establishment, Practitioner, Specialty
from hospital.phones import normalise_phone
from hospital.validators import EARLIEST_DATE, LATEST_DATE, validate_sane_date
from scheduling.forms import EMAIL_MAX_LENGTH
from scheduling.models import Booking, Slot, VisitReason

MAX_ID = 2**62  # bigger ids are refused before any query (SQLite binds 64-bit integers only)


def _no_surrogates(value: str) -> None:
    # A lone surrogate cannot be encoded to UTF-8: the database would fail on it.
    if any("\ud800" <= char <= "\udfff" for char in value):
        raise serializers.ValidationError(_("This text contains invalid characters."))


class Text(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("validators", []).append(_no_surrogates)
        super().__init__(**kwargs)


class Instant(serializers.DateTimeField):
    """A date and time between EARLIEST_DATE and LATEST_DATE (hospital.validators);
    one without an offset is the institution's local time. Year 1 or 9999, or
    an offset of a day, would overflow when converted to UTC: refused here."""

    def to_internal_value(self, value):
        try:
            moment = super().to_internal_value(value)
            validate_sane_date(moment)
        except (OverflowError, ValueError, DjangoValidationError):
            raise serializers.ValidationError(
                _("A date and time between %(earliest)s and %(latest)s, e.g. %(example)s.")
                % {
                    "earliest": EARLIEST_DATE.isoformat(),
                    "latest": LATEST_DATE.isoformat(),
                    "example": "2026-03-01T09:00:00+01:00",
                }
            ) from None
        return moment


def Id(**kwargs) -> serializers.IntegerField:  # noqa: N802 (a field, as DRF names them)
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class SpecialtySerializer(serializers.ModelSerializer):
    class Meta:
        model = Specialty
        fields = ["code", "name"]


class EstablishmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Establishment
        fields = ["finess", "name", "address", "postal_code", "city"]


class DepartmentSerializer(serializers.ModelSerializer):
    establishment = serializers.SlugRelatedField(slug_field="finess", read_only=True)
    specialty = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Department
        fields = ["id", "name", "establishment", "specialty"]


class PractitionerSerializer(serializers.ModelSerializer):
    specialties = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Practitioner
        fields = ["rpps", "first_name", "last_name", "specialties"]


class ReasonSerializer(serializers.ModelSerializer):
    class Meta:
        model = VisitReason
        fields = [
            "id",
            "agenda",
            "label",
            "duration_minutes",
            "for_new_patients",
            "for_returning_patients",
            "instructions",
        ]


class SlotSerializer(serializers.ModelSerializer):
    practitioner = serializers.CharField(source="agenda.practitioner.rpps", read_only=True)
    department = serializers.IntegerField(source="agenda.department_id", read_only=True)
    establishment = serializers.CharField(
        source="agenda.department.establishment.finess", read_only=True
    )

    class Meta:
        model = Slot
        fields = ["id", "start", "end", "agenda", "practitioner", "department", "establishment"]


class AvailabilityQuery(serializers.Serializer):
    specialty = Text(required=False, max_length=60, help_text=_("specialty code"))
    establishment = Text(required=False, max_length=9, help_text=_("FINESS number"))
    department = Id(required=False)
    practitioner = Text(required=False, max_length=11, help_text=_("RPPS number"))
    reason = Id(required=False, help_text=_("visit reason id"))
    start = Instant(required=False)
    end = Instant(required=False)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)


class PatientInput(serializers.Serializer):
    first_name = Text(max_length=100)
    last_name = Text(max_length=100)
    birth_date = serializers.DateField()
    # No `default` here: the schema would publish default "" for a field of
    # format email, which no email validator (nor openapi-spec-validator) accepts;
    # validate() fills in the blank instead.
    email = serializers.EmailField(required=False, allow_blank=True, max_length=EMAIL_MAX_LENGTH)
    phone = Text(required=False, allow_blank=True, default="", max_length=30)
    sms_consent = serializers.BooleanField(required=False, default=False)

    def validate_birth_date(self, value):
        try:
            validate_sane_date(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return value

    def validate_email(self, value: str) -> str:
        _no_surrogates(value)
        return value

    def validate(self, attrs: dict) -> dict:
        return {"email": "", **attrs}

    def validate_phone(self, value: str) -> str:
        if not value:
            return value
        try:
            return normalise_phone(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class BookingInput(serializers.Serializer):
    slot = Id()
    reason = Id()
    patient = PatientInput()
    returning = serializers.BooleanField(
        default=False, help_text=_("The patient has consulted this practitioner before.")
    )


class BookingsQuery(serializers.Serializer):
    updated_since = serializers.DateTimeField(
        required=False,
        validators=[validate_sane_date],
        help_text=_("only the bookings changed at or after this moment"),
    )


class CancelInput(serializers.Serializer):
    reason = Text(max_length=250, help_text=_("why the appointment is cancelled"))


class MoveInput(serializers.Serializer):
    slot = Id(help_text=_("the new slot; the booking keeps its id"))


class OutcomeInput(serializers.Serializer):
    honoured = serializers.BooleanField(help_text=_("true: the patient came; false: missed"))


class FieldsWorkedOutOnce(serializers.ModelSerializer):
    """A model serializer whose fields are worked out from the model once per
    process, then copied for each instance, as a plain serializer's declared
    fields are: DRF otherwise reads the model's fields anew for every object
    it answers (a tenth of an API booking's Python time once the booking's
    own queries were built once)."""

    def get_fields(self) -> dict[str, serializers.Field]:
        worked_out = type(self).__dict__.get("_worked_out")
        if worked_out is None:
            worked_out = super().get_fields()
            type(self)._worked_out = worked_out
        return copy.deepcopy(worked_out)


class BookingSerializer(FieldsWorkedOutOnce):
    id = serializers.UUIDField(source="public_id", read_only=True)
    patient = serializers.UUIDField(source="patient.public_id", read_only=True)
    start = serializers.DateTimeField(source="slot.start", read_only=True)
    end = serializers.DateTimeField(source="slot.end", read_only=True)
    practitioner = serializers.CharField(source="slot.agenda.practitioner.rpps", read_only=True)
    department = serializers.IntegerField(source="slot.agenda.department_id", read_only=True)
    establishment = serializers.CharField(
        source="slot.agenda.department.establishment.finess", read_only=True
    )
    revision = serializers.IntegerField(source="sequence", read_only=True)
    updated_at = serializers.DateTimeField(
        read_only=True, help_text=_("when the booking last changed (poll with updated_since)")
    )

    class Meta:
        model = Booking
        fields = [
            "id",
            "status",
            "channel",
            "slot",
            "reason",
            "start",
            "end",
            "practitioner",
            "department",
            "establishment",
            "patient",
            "revision",
            "updated_at",
        ]


class Refusal(serializers.Serializer):
    """Every 4xx of the API."""

    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(required=False)
