"""FHIR search parameters as real clients send them (FHIR R4 §3.1.1.4 "search").

Dates: a date parameter's value is a range as wide as its precision (a year,
a month, a day, a minute, a second); a value without a time zone is the
institution's local time, so `start=2026-12-12` is that local day, and
`le2026-12-12` ends at the local midnight, not UTC's. The target (Slot.start,
Appointment.start, meta.lastUpdated) is an instant t, compared with the
range [lo, hi) as the specification's prefixes say:

    eq  lo <= t < hi      ne  not eq
    gt  t >= hi           lt  t < lo
    ge  t >= lo           le  t < hi
    sa  t >= hi           eb  t < lo      (an instant starts and ends at t)

Parameters a search does not serve are refused (400, OperationOutcome),
since an answer that looks filtered and is not misleads the client, unless
the client asks for `Prefer: handling=lenient`, which ignores them.
"""

import datetime
import re
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from hospital.validators import EARLIEST_DATE, LATEST_DATE
from scheduling.fhir.input import FhirInputError

MAX_COUNT = 100
DEFAULT_COUNT = 50
PAGING = ("_count", "_offset")
PREFIXES = ("eq", "ne", "gt", "lt", "ge", "le", "sa", "eb")

# What each search serves (the views and the CapabilityStatement read these).
SCHEDULE_PARAMS = ("_id", "actor", "specialty", "service-type", "_include")
SLOT_PARAMS = ("schedule", "start", "status", "service-type", "specialty", "_include")
APPOINTMENT_PARAMS = (
    "_id",
    "patient",
    "actor",
    "practitioner",
    "identifier",
    "date",
    "status",
    "_lastUpdated",
    "_include",
)
LOCATION_PARAMS = ("_id", "organization")
HEALTHCARE_SERVICE_PARAMS = ("_id", "organization", "location", "specialty", "_include")
PRACTITIONER_ROLE_PARAMS = (
    "_id",
    "practitioner",
    "organization",
    "location",
    "service",
    "specialty",
    "_include",
)
PATIENT_PARAMS = ("_id", "identifier")
CODE_SYSTEM_PARAMS = ("url",)

# The references each search can bring along (`_include`), per resource type.
INCLUDES = {
    "Schedule": ("Schedule:actor",),
    "Slot": ("Slot:schedule",),
    "Appointment": ("Appointment:patient", "Appointment:practitioner", "Appointment:actor"),
    "HealthcareService": ("HealthcareService:organization", "HealthcareService:location"),
    "PractitionerRole": (
        "PractitionerRole:practitioner",
        "PractitionerRole:organization",
        "PractitionerRole:location",
        "PractitionerRole:service",
    ),
}

_DATE = re.compile(
    r"(?P<year>\d{4})(-(?P<month>\d{2})(-(?P<day>\d{2})"
    r"(T(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<fraction>\.\d{1,6})?)?"
    r"(?P<zone>Z|[+-]\d{2}:\d{2})?)?)?)?"
)


@dataclass(frozen=True)
class DateBound:
    prefix: str
    lo: datetime.datetime
    hi: datetime.datetime

    def q(self, field: str) -> Q:
        """The condition on an instant column `field` this bound asks for."""
        inside = Q(**{f"{field}__gte": self.lo, f"{field}__lt": self.hi})
        return {
            "eq": inside,
            "ne": ~inside,
            "gt": Q(**{f"{field}__gte": self.hi}),
            "sa": Q(**{f"{field}__gte": self.hi}),
            "ge": Q(**{f"{field}__gte": self.lo}),
            "lt": Q(**{f"{field}__lt": self.lo}),
            "eb": Q(**{f"{field}__lt": self.lo}),
            "le": Q(**{f"{field}__lt": self.hi}),
        }[self.prefix]


def local_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def date_bound(name: str, raw: str) -> DateBound:
    """One value of a date parameter: [prefix]YYYY[-MM[-DD[Thh:mm[:ss[.f]][zone]]]]."""
    # An unencoded '+' of a time zone arrives as a space: take it back.
    raw = raw.strip().replace(" ", "+")
    prefix = raw[:2] if raw[:2].isalpha() else "eq"
    value = raw[2:] if raw[:2].isalpha() else raw
    found = _DATE.fullmatch(value)
    if prefix not in PREFIXES or found is None:
        # The value is not repeated: whatever a client sent, the answer stays readable.
        raise FhirInputError(
            _("%(name)s takes a FHIR date with a prefix (eq, ne, gt, lt, ge, le, sa, eb).")
            % {"name": name}
        )
    try:
        lo, hi = _range(found)
    except (ValueError, OverflowError):
        lo = None
    if lo is None or not EARLIEST_DATE <= lo.date() <= hi.date() <= LATEST_DATE:
        raise FhirInputError(
            _("Not a FHIR date or dateTime between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()}
        )
    return DateBound(prefix, lo, hi)


def _range(found: re.Match) -> tuple[datetime.datetime, datetime.datetime]:
    part = {k: v for k, v in found.groupdict().items() if v is not None}
    year, month, day = int(part["year"]), int(part.get("month", 1)), int(part.get("day", 1))
    if "hour" not in part:
        start = datetime.date(year, month, day)
        if "day" in part:
            end = start + datetime.timedelta(days=1)
        elif "month" in part:
            end = (start + datetime.timedelta(days=31)).replace(day=1)
        else:
            end = start.replace(year=year + 1)
        zone = local_zone()
        return _midnight(start, zone), _midnight(end, zone)
    zone = _zone(part.get("zone"))
    second = int(part.get("second", 0))
    micro = int(part.get("fraction", ".0")[1:].ljust(6, "0"))
    lo = datetime.datetime(
        year, month, day, int(part["hour"]), int(part["minute"]), second, micro, tzinfo=zone
    )
    if "fraction" in part:
        width = datetime.timedelta(microseconds=10 ** (6 - len(part["fraction"][1:])))
    elif "second" in part:
        width = datetime.timedelta(seconds=1)
    else:
        width = datetime.timedelta(minutes=1)
    return lo.astimezone(datetime.UTC), (lo + width).astimezone(datetime.UTC)


def _midnight(day: datetime.date, zone) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=zone).astimezone(datetime.UTC)


def _zone(raw: str | None):
    if raw is None:
        return local_zone()
    if raw == "Z":
        return datetime.UTC
    sign = -1 if raw[0] == "-" else 1
    hours, minutes = int(raw[1:3]), int(raw[4:6])
    return datetime.timezone(sign * datetime.timedelta(hours=hours, minutes=minutes))


def token(raw: str) -> tuple[str | None, str]:
    """A token value: `code`, `system|code` or `|code` (system, code); system
    None when the client did not name one."""
    if "|" in raw:
        system, code = raw.split("|", 1)
        return system, code
    return None, raw


def reference_id(raw: str, kind: str) -> str:
    """`Kind/id`, or a bare id, or an absolute URL ending in Kind/id."""
    marker = f"{kind}/"
    if marker in raw:
        return raw.rsplit(marker, 1)[1]
    if "/" in raw:
        return ""  # a reference to another kind of resource: matches nothing
    return raw


def lenient(request) -> bool:
    prefer = request.headers.get("Prefer", "")
    return any(p.strip() == "handling=lenient" for p in prefer.split(","))


def check_known(request, served: tuple[str, ...]) -> None:
    """Refuse a parameter (or a modifier, `start:missing`) the search does not
    serve, unless the client prefers lenient handling."""
    if lenient(request):
        return
    for name in request.query_params:
        if name not in served and name not in PAGING:
            raise FhirInputError(
                _("This search does not support the parameter %(name)s.") % {"name": name[:40]}
            )


def includes(request, kind: str) -> set[str]:
    """The `_include` values asked for, each one this search serves (else a
    400, unless the client prefers lenient handling, which drops it)."""
    served = INCLUDES.get(kind, ())
    asked = set()
    for raw in request.query_params.getlist("_include"):
        if raw in served:
            asked.add(raw)
        elif not lenient(request):
            raise FhirInputError(
                _("This search does not support _include=%(value)s.") % {"value": raw[:60]}
            )
    return asked


def page_bounds(request) -> tuple[int, int]:
    """(_count, _offset) of the page asked for."""
    raw_count = request.query_params.get("_count", str(DEFAULT_COUNT))
    raw_offset = request.query_params.get("_offset", "0")
    if not (raw_count.isascii() and raw_count.isdigit() and len(raw_count) <= 4):
        raise FhirInputError(_("_count is a whole number."))
    if not (raw_offset.isascii() and raw_offset.isdigit() and len(raw_offset) <= 9):
        raise FhirInputError(_("_offset is a whole number."))
    # A client asking for more than a page's worth gets a page and the next link.
    return min(int(raw_count), MAX_COUNT), int(raw_offset)
