"""Every public, staff and portal form and URL parameter, as the fuzz suite sends them.

An endpoint names its path parameters and its fields, each with the valid
values of the world (tests/fuzz/world.py); the strategies put anything
else in their place (tests/fuzz/strategies.py). Adding a view or a field
means adding it here: tests/fuzz/test_every_input.py checks that every URL
pattern of the site has an entry.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.fuzz.world import FuzzWorld

DATES = ["2027-01-05", "2026-12-01", "1980-05-17"]
TIMES = ["09:00", "10:30", "12:00"]
MOMENTS = ["2027-01-05T09:00", "2027-01-06T18:00"]
NAMES = ["Alex", "Zoé", "Lefort"]
Values = Callable[[FuzzWorld], dict[str, list]]


def _none(world: FuzzWorld) -> dict[str, list]:
    return {}


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str  # with {placeholders} for path parameters
    who: str = "anonymous"  # or secretary, practitioner, admin
    params: Values = _none  # path parameters: name -> valid values
    fields: Values = _none  # query string (GET) or form (POST): name -> valid values
    lists: frozenset[str] = frozenset()  # fields sent several times (checkboxes)
    # Sent as they are: an inline formset's management form (Django caps its
    # counts; a count of a million only makes the page slow to fuzz).
    fixed: tuple[tuple[str, str], ...] = ()
    # What a refusal still changes by design (besides the audit trail recording it).
    refusal_writes: tuple[str, ...] = ()
    # A post that, accepted, answers 200 with its result (the calendar link, shown once).
    answers_in_place: bool = False
    covers: tuple[str, ...] = field(default=())  # URL names this entry exercises


def _patient_fields(world) -> dict[str, list]:
    return {
        "first_name": NAMES,
        "last_name": NAMES,
        "birth_date": ["1980-05-17", "2001-12-31"],
        "email": ["alex@example.org", "eve@example.org"],
        "phone": ["06 12 34 56 78", "+33612345678"],
        "seen_before": ["new", "returning"],
    }


def _booking_form(world) -> dict[str, list]:
    return {
        "reason": world.reason,
        "for_whom": ["self", "relative"],
        "consent": ["on"],
        "form_token": ["form-1", "form-2"],
        **_patient_fields(world),
    }


PUBLIC = [
    Endpoint(
        "search",
        "GET",
        "/",
        fields=lambda w: {"q": ["Coeur", "Paris", "cardio"], "specialty": w.specialty},
        covers=("public:home",),
    ),
    Endpoint(
        "specialty",
        "GET",
        "/specialties/{code}/",
        params=lambda w: {"code": w.specialty},
        covers=("public:specialty_detail",),
    ),
    Endpoint(
        "establishment",
        "GET",
        "/establishments/{finess}/",
        params=lambda w: {"finess": w.finess},
        covers=("public:establishment_detail",),
    ),
    Endpoint(
        "practitioner",
        "GET",
        "/{language}practitioners/{rpps}/",
        params=lambda w: {"rpps": w.rpps, "language": ["", "en/"]},
        fields=lambda w: {"week": DATES + ["2027-03-01"], "reason": w.reason},
        covers=("public:practitioner_detail",),
    ),
    Endpoint(
        "booking form",
        "GET",
        "/book/{slot}/",
        params=lambda w: {"slot": w.slot},
        covers=("public:booking_create",),
    ),
    Endpoint(
        "booking",
        "POST",
        "/book/{slot}/",
        params=lambda w: {"slot": w.slot + w.other_slot},
        fields=_booking_form,
    ),
    Endpoint(
        "confirmation",
        "POST",
        "/book/confirm/{public_id}/",
        params=lambda w: {"public_id": w.public_id},
        fields=lambda w: {"code": ["123456", " 654321 "]},
        # A wrong code counts as an attempt; the fifth releases the slot.
        refusal_writes=("booking statuses",),
        covers=("public:booking_confirm",),
    ),
    Endpoint(
        "confirmation page",
        "GET",
        "/book/confirm/{public_id}/",
        params=lambda w: {"public_id": w.public_id},
    ),
    Endpoint(
        "appointment",
        "GET",
        "/appointment/{token}/",
        params=lambda w: {"token": w.token},
        covers=("public:appointment_manage",),
    ),
    Endpoint(
        "appointment calendar",
        "GET",
        "/appointment/{token}/calendar.ics",
        params=lambda w: {"token": w.token},
        covers=("public:appointment_ics",),
    ),
    Endpoint(
        "cancellation",
        "POST",
        "/appointment/{token}/cancel/",
        params=lambda w: {"token": w.token},
        fields=lambda w: {"reason": ["empêchement", "x"]},
        covers=("public:appointment_cancel",),
    ),
    Endpoint(
        "move",
        "POST",
        "/appointment/{token}/move/",
        params=lambda w: {"token": w.token},
        fields=lambda w: {"slot": w.slot},
        covers=("public:appointment_move",),
    ),
    Endpoint(
        "move page",
        "GET",
        "/appointment/{token}/move/",
        params=lambda w: {"token": w.token},
    ),
    Endpoint(
        "code sent again",
        "POST",
        "/book/confirm/{public_id}/resend/",
        params=lambda w: {"public_id": w.public_id},
        covers=("public:booking_resend",),
    ),
    Endpoint(
        "waiting list",
        "POST",
        "/practitioners/{rpps}/waitlist/",
        params=lambda w: {"rpps": w.rpps},
        fields=lambda w: {"wanted_before": DATES + ["2027-06-30"], **_booking_form(w)},
        covers=("public:waitlist_join",),
    ),
    Endpoint(
        "waiting list page",
        "GET",
        "/practitioners/{rpps}/waitlist/",
        params=lambda w: {"rpps": w.rpps},
    ),
    Endpoint(
        "specialty waiting list",
        "POST",
        "/specialties/{code}/waitlist/",
        params=lambda w: {"code": w.specialty},
        fields=lambda w: {
            "establishment": w.establishment,
            "wanted_before": DATES + ["2027-06-30"],
            **_booking_form(w),
        },
        covers=("public:specialty_waitlist_join",),
    ),
    Endpoint(
        "waiting-list offer",
        "POST",
        "/waitlist/offer/{token}/",
        params=lambda w: {"token": w.offer_token + w.token},
        fields=lambda w: {"answer": ["accept", "decline"]},
        covers=("public:offer_respond",),
    ),
    Endpoint(
        "leave the waiting list",
        "POST",
        "/waitlist/leave/{token}/",
        # Tokens signed for other links: each must be a 404, never a 500.
        params=lambda w: {"token": w.offer_token + w.token},
        covers=("public:waitlist_leave",),
    ),
    Endpoint("privacy", "GET", "/privacy/", covers=("public:privacy",)),
    Endpoint(
        "person link request",
        "POST",
        "/my/",
        fields=lambda w: {
            "email": ["alex@example.org", "eve@example.org"],
            "birth_date": ["1980-05-17", "2001-12-31"],
        },
        covers=("public:person_link_request",),
    ),
    Endpoint(
        "my appointments",
        "GET",
        "/my/{token}/",
        params=lambda w: {"token": w.person_token},
        covers=("public:my_appointments",),
    ),
    Endpoint(
        "my data",
        "GET",
        "/my/{token}/data/",
        params=lambda w: {"token": w.person_token},
        covers=("public:my_data",),
    ),
    Endpoint(
        "my data as JSON",
        "GET",
        "/my/{token}/data.json",
        params=lambda w: {"token": w.person_token},
        covers=("public:my_data_json",),
    ),
    Endpoint(
        "language",
        "POST",
        "/i18n/setlang/",
        fields=lambda w: {"language": ["fr", "en"], "next": ["/", "/privacy/", "//evil.example/"]},
        covers=("set_language",),
    ),
    Endpoint("health", "GET", "/health/", fields=lambda w: {"verbose": ["1"]}),
]

PORTAL = [
    Endpoint(
        "portal login",
        "POST",
        "/portal/login/",
        fields=lambda w: {
            "username": w.username,
            "password": ["pw", "wrong"],
            "next": ["/portal/"],
        },
        covers=("portal:login",),
    ),
    Endpoint(
        "portal logout", "POST", "/portal/logout/", who="practitioner", covers=("portal:logout",)
    ),
    Endpoint(
        "portal day",
        "GET",
        "/portal/",
        who="practitioner",
        fields=lambda w: {"day": DATES},
        covers=("portal:dashboard",),
    ),
    Endpoint(
        "portal agenda",
        "GET",
        "/portal/agendas/{agenda}/",
        who="practitioner",
        params=lambda w: {"agenda": w.agenda},
        covers=("portal:agenda_detail",),
    ),
    Endpoint(
        "portal weekly hours",
        "POST",
        "/portal/agendas/{agenda}/rules/",
        who="practitioner",
        params=lambda w: {"agenda": w.agenda[:1]},
        fields=lambda w: {
            "weekday": ["0", "4", "6"],
            "start_time": TIMES,
            "end_time": TIMES,
            "valid_from": DATES,
            "valid_until": DATES + [""],
            "reasons": w.reason,
        },
        lists=frozenset({"reasons"}),
        covers=("portal:rule_add",),
    ),
    Endpoint(
        "portal end of weekly hours",
        "POST",
        "/portal/agendas/{agenda}/rules/{rule}/end/",
        who="practitioner",
        params=lambda w: {"agenda": w.agenda, "rule": w.rule},
        fields=lambda w: {"confirm": ["1", "0"]},
        covers=("portal:rule_remove",),
    ),
    Endpoint(
        "portal absence",
        "POST",
        "/portal/agendas/{agenda}/absences/",
        who="practitioner",
        params=lambda w: {"agenda": w.agenda},
        fields=lambda w: {
            "start": MOMENTS,
            "end": MOMENTS,
            "label": ["Congrès"],
            "confirm": ["1", "0"],
        },
        covers=("portal:absence_add",),
    ),
    Endpoint(
        "portal weekly hours page",
        "GET",
        "/portal/agendas/{agenda}/hours/",
        who="practitioner",
        params=lambda w: {"agenda": w.agenda},
        covers=("portal:hours",),
    ),
    Endpoint(
        "portal absence form",
        "GET",
        "/portal/agendas/{agenda}/absences/new/",
        who="practitioner",
        params=lambda w: {"agenda": w.agenda},
        covers=("portal:absence_new",),
    ),
    Endpoint(
        "portal week",
        "GET",
        "/portal/week/",
        who="practitioner",
        fields=lambda w: {"week": DATES},
        covers=("portal:week",),
    ),
    Endpoint(
        "portal slot",
        "POST",
        "/portal/agendas/{agenda}/slots/{slot}/",
        who="practitioner",
        params=lambda w: {"agenda": w.agenda, "slot": w.slot},
        fields=lambda w: {
            "open": ["0", "1"],
            "confirm": ["1", "0"],
            "back": ["week", "agenda"],
            "week": DATES,
        },
        covers=("portal:slot_toggle",),
    ),
    Endpoint(
        "portal visit reason",
        "POST",
        "/portal/agendas/{agenda}/reasons/{reason}/",
        who="practitioner",
        params=lambda w: {"agenda": w.agenda, "reason": w.reason},
        fields=lambda w: {"duration_minutes": ["20", "45", "480"], "online_bookable": ["on"]},
        covers=("portal:reason_update",),
    ),
    Endpoint(
        "portal calendar link",
        "POST",
        "/portal/calendar/",
        who="practitioner",
        fields=lambda w: {"action": ["issue", "revoke"]},
        answers_in_place=True,
        covers=("portal:feed",),
    ),
    Endpoint(
        "portal reserved capacity",
        "POST",
        "/portal/agendas/{agenda}/reservation/",
        who="practitioner",
        params=lambda w: {"agenda": w.agenda},
        fields=lambda w: {
            "reserved_share": ["0", "20", "100", "101"],
            "reserved_for": ["phone", "partners", "online"],
            "release_hours": ["0", "48", "2161"],
        },
        covers=("portal:reservation_change",),
    ),
    Endpoint(
        "portal partner opt-in",
        "POST",
        "/portal/agendas/{agenda}/partners/",
        who="practitioner",
        params=lambda w: {"agenda": w.agenda},
        fields=lambda w: {"partner": w.partner, "opt": ["in", "out"]},
        covers=("portal:partners",),
    ),
    Endpoint(
        "portal calendar feed",
        "GET",
        "/portal/calendar/{token}.ics",
        params=lambda w: {"token": w.feed_token},
        covers=("portal_calendar",),
    ),
]

BOOKINGS = "/admin/scheduling/booking"
STAFF = [
    Endpoint(
        "admin login",
        "POST",
        "/admin/login/",
        fields=lambda w: {
            "username": w.username,
            "password": ["pw", "wrong"],
            "next": ["/admin/"],
        },
    ),
    Endpoint(
        "phone screen",
        "GET",
        f"{BOOKINGS}/phone/",
        who="secretary",
        fields=lambda w: {"agenda": w.agenda},
        covers=("admin:scheduling_booking_phone",),
    ),
    Endpoint(
        "phone booking",
        "POST",
        f"{BOOKINGS}/phone/",
        who="secretary",
        fields=lambda w: {
            "slot": w.slot + w.other_slot,
            "reason": w.reason,
            **_patient_fields(w),
        },
    ),
    Endpoint(
        "to rebook",
        "GET",
        f"{BOOKINGS}/to-rebook/",
        who="secretary",
        covers=("admin:scheduling_booking_worklist",),
    ),
    Endpoint(
        "department day",
        "GET",
        f"{BOOKINGS}/day/",
        who="secretary",
        fields=lambda w: {"department": w.department, "day": DATES, "week": ["on"]},
        covers=("admin:scheduling_department_day",),
    ),
    Endpoint(
        "staff cancellation",
        "POST",
        f"{BOOKINGS}/{{booking}}/cancel/",
        who="secretary",
        params=lambda w: {"booking": w.booking},
        fields=lambda w: {"reason": ["appel du patient"], "back": ["board"], "week": ["1"]},
        covers=("admin:scheduling_booking_cancel",),
    ),
    Endpoint(
        "staff move",
        "POST",
        f"{BOOKINGS}/{{booking}}/move/",
        who="secretary",
        params=lambda w: {"booking": w.booking},
        fields=lambda w: {"slot": w.slot, "back": ["board"], "week": ["1"]},
        covers=("admin:scheduling_booking_move",),
    ),
    Endpoint(
        "staff outcome",
        "POST",
        f"{BOOKINGS}/{{booking}}/outcome/",
        who="secretary",
        params=lambda w: {"booking": w.booking},
        fields=lambda w: {"outcome": ["honoured", "missed"], "back": ["board"]},
        covers=("admin:scheduling_booking_outcome",),
    ),
    Endpoint(
        "staff check-in",
        "POST",
        f"{BOOKINGS}/{{booking}}/check-in/",
        who="secretary",
        params=lambda w: {"booking": w.booking},
        fields=lambda w: {"back": ["board"], "week": ["1"]},
        covers=("admin:scheduling_booking_check_in",),
    ),
    Endpoint(
        "agenda board",
        "GET",
        f"{BOOKINGS}/board/",
        who="secretary",
        fields=lambda w: {
            "department": w.department,
            "day": DATES,
            "week": ["1"],
            "slot": w.slot + w.other_slot,
            "booking": w.booking,
            "move": w.booking,
            "name": NAMES,
            "birth_date": ["1980-05-17"],
            "phone": ["06 12 34 56 78"],
        },
        covers=("admin:scheduling_board",),
    ),
    Endpoint(
        "board booking",
        "POST",
        f"{BOOKINGS}/board/book/",
        who="secretary",
        fields=lambda w: {
            "slot": w.slot + w.other_slot,
            "reason": w.reason,
            "patient": ["new", *w.patient],
            "returning": ["on"],
            "sms_consent": ["on"],
            **{k: v for k, v in _patient_fields(w).items() if k != "seen_before"},
        },
        covers=("admin:scheduling_board_book",),
    ),
    Endpoint(
        "person search",
        "GET",
        f"{BOOKINGS}/person/",
        who="admin",
        fields=lambda w: {
            "name": NAMES,
            "birth_date": ["1980-05-17"],
            "email": ["alex@example.org"],
            "phone": ["06 12 34 56 78"],
        },
        covers=("admin:scheduling_person_search",),
    ),
    Endpoint(
        "person's data",
        "GET",
        f"{BOOKINGS}/person/{{patient}}/",
        who="admin",
        params=lambda w: {"patient": w.patient},
        covers=("admin:scheduling_person_detail",),
    ),
    Endpoint(
        "person's data as JSON",
        "GET",
        f"{BOOKINGS}/person/{{patient}}/export.json",
        who="admin",
        params=lambda w: {"patient": w.patient},
        covers=("admin:scheduling_person_json",),
    ),
    Endpoint(
        "person erasure",
        "POST",
        f"{BOOKINGS}/person/{{patient}}/erase/",
        who="admin",
        params=lambda w: {"patient": w.patient},
        fields=lambda w: {"reason": ["written request", "x"]},
        covers=("admin:scheduling_person_erase",),
    ),
    Endpoint(
        "routing report",
        "GET",
        "/admin/routing-report/",
        who="secretary",
        fields=lambda w: {"start": DATES, "end": DATES, "format": ["csv", "html"]},
        covers=("admin_routing_report",),
    ),
    Endpoint(
        "admin autocomplete",
        "GET",
        "/admin/autocomplete/",
        who="secretary",
        fields=lambda w: {
            "app_label": ["scheduling", "hospital"],
            "model_name": ["absence", "visitreason", "openingrule", "agenda", "affiliation"],
            "field_name": ["agenda", "practitioner", "department"],
            "term": NAMES + ["Coeur"],
            "page": ["1", "2"],
        },
    ),
]

# The admin's own pages, for every model a secretary or an administrator works on.
_MODELS = {
    "scheduling/booking": "secretary",
    "scheduling/patient": "secretary",
    "scheduling/slot": "secretary",
    "scheduling/openingrule": "secretary",
    "scheduling/absence": "secretary",
    "scheduling/visitreason": "secretary",
    "scheduling/agenda": "secretary",
    "hospital/establishment": "admin",
    "hospital/department": "admin",
    "hospital/practitioner": "admin",
    "hospital/affiliation": "admin",
    "hospital/specialty": "admin",
    "audit/event": "admin",
    "auth/user": "admin",
    "scheduling/apiclient": "admin",
}


_WORLD_IDS = {"openingrule": "rule", "visitreason": "reason", "apiclient": "api_client"}


def _ids_of(world: FuzzWorld, model: str) -> list:
    name = model.split("/")[1]
    return getattr(world, _WORLD_IDS.get(name, name), world.booking)


def _changelist_fields(world) -> dict[str, list]:
    return {
        "q": NAMES + ["Coeur", "=1"],
        "o": ["1", "-2", "1.2"],
        "p": ["1", "2"],
        "all": [""],
        "e": ["1"],
        "_popup": ["1"],
        "_to_field": ["id"],
        "status": ["open", "booked"],
        "status__exact": ["open", "booked"],
        "channel__exact": ["web", "phone"],
        "start__year": ["2027"],
        "start__month": ["1"],
        "start__day": ["5"],
        "start_date__year": ["2027"],
        "is_active__exact": ["1", "0"],
        "since": ["1", "7", "30"],
        "actor": ["public", "system"],
        "weekday__exact": ["1"],
        "slot__agenda__department__establishment__id__exact": world.department,
    }


ADMIN = (
    [
        Endpoint(
            f"{model} list",
            "GET",
            f"/admin/{model}/",
            who=who,
            fields=_changelist_fields,
        )
        for model, who in _MODELS.items()
    ]
    + [
        Endpoint(
            f"{model} object",
            "GET",
            f"/admin/{model}/{{id}}/{{page}}",
            who=who,
            params=lambda w, model=model: {
                "id": _ids_of(w, model),
                "page": ["change/", "history/", "delete/"],
            },
        )
        for model, who in _MODELS.items()
    ]
    + [
        Endpoint(
            "absence added",
            "POST",
            "/admin/scheduling/absence/add/",
            who="secretary",
            fields=lambda w: {
                "agenda": w.agenda,
                "start_0": DATES,
                "start_1": TIMES,
                "end_0": DATES,
                "end_1": TIMES,
                "label": ["Congrès"],
            },
        ),
        Endpoint(
            "visit reason added",
            "POST",
            "/admin/scheduling/visitreason/add/",
            who="secretary",
            fields=lambda w: {
                "agenda": w.agenda,
                "label": ["Bilan"],
                "duration_minutes": ["15", "60"],
                "online_bookable": ["on"],
                "for_new_patients": ["on"],
                "for_returning_patients": ["on"],
                "instructions": ["Apportez vos examens."],
            },
        ),
        Endpoint(
            "visit reason changed",
            "POST",
            "/admin/scheduling/visitreason/{reason}/change/",
            who="secretary",
            params=lambda w: {"reason": w.reason},
            fields=lambda w: {
                "label": ["Suivi"],
                "duration_minutes": ["20", "45"],
                "online_bookable": ["on"],
                "for_new_patients": ["on"],
                "for_returning_patients": ["on"],
            },
        ),
        Endpoint(
            "weekly hours added",
            "POST",
            "/admin/scheduling/openingrule/add/",
            who="secretary",
            fields=lambda w: {
                "agenda": w.agenda,
                "weekday": ["0", "5"],
                "start_time": TIMES,
                "end_time": TIMES,
                "valid_from": DATES,
                "valid_until": DATES + [""],
                "reasons": w.reason,
            },
            lists=frozenset({"reasons"}),
        ),
        Endpoint(
            "weekly hours ended",
            "POST",
            "/admin/scheduling/openingrule/{rule}/change/",
            who="secretary",
            params=lambda w: {"rule": w.rule},
            fields=lambda w: {"valid_until": DATES + [""]},
        ),
        Endpoint(
            "slot opened by hand",
            "POST",
            "/admin/scheduling/slot/add/",
            who="secretary",
            fields=lambda w: {
                "agenda": w.agenda,
                "start_0": DATES,
                "start_1": TIMES,
                "end_0": DATES,
                "end_1": TIMES,
            },
        ),
        Endpoint(
            "slot opened or closed",
            "POST",
            "/admin/scheduling/slot/{slot}/change/",
            who="secretary",
            params=lambda w: {"slot": w.slot},
            fields=lambda w: {"status": ["open", "closed"]},
        ),
        Endpoint(
            "patient changed",
            "POST",
            "/admin/scheduling/patient/{patient}/change/",
            who="secretary",
            params=lambda w: {"patient": w.patient},
            fields=lambda w: {k: v for k, v in _patient_fields(w).items() if k != "seen_before"},
        ),
        Endpoint(
            "agenda changed",
            "POST",
            "/admin/scheduling/agenda/{agenda}/change/",
            who="secretary",
            params=lambda w: {"agenda": w.agenda},
            fields=lambda w: {
                "practitioner": w.practitioner,
                "department": w.department,
                "is_active": ["on"],
            },
            fixed=(("reasons-TOTAL_FORMS", "0"), ("reasons-INITIAL_FORMS", "0")),
        ),
        Endpoint(
            "affiliation added",
            "POST",
            "/admin/hospital/affiliation/add/",
            who="admin",
            fields=lambda w: {
                "practitioner": w.practitioner,
                "department": w.department,
                "start_date": DATES,
                "end_date": DATES + [""],
            },
        ),
        Endpoint(
            "establishment added",
            "POST",
            "/admin/hospital/establishment/add/",
            who="admin",
            fields=lambda w: {
                "name": ["Hôpital Nord"],
                "finess": w.finess + ["750000018"],
                "address": ["1 rue du Nord"],
                "postal_code": ["75018"],
                "city": ["Paris"],
            },
            fixed=(
                ("memberships-TOTAL_FORMS", "0"),
                ("memberships-INITIAL_FORMS", "0"),
                ("departments-TOTAL_FORMS", "0"),
                ("departments-INITIAL_FORMS", "0"),
            ),
        ),
        Endpoint(
            "department rights",
            "GET",
            "/admin/hospital/department/{department}/permissions/{page}",
            who="admin",
            params=lambda w: {
                "department": w.department,
                "page": ["", *(f"user-manage/{user}/" for user in w.user)],
            },
        ),
        Endpoint(
            "department rights given",
            "POST",
            "/admin/hospital/department/{department}/permissions/",
            who="admin",
            params=lambda w: {"department": w.department},
            fields=lambda w: {
                "user": w.username,
                "submit_manage_user": ["1"],
                "group": ["Secrétariat"],
                "submit_manage_group": ["1"],
            },
        ),
        Endpoint(
            "department rights of a user",
            "POST",
            "/admin/hospital/department/{department}/permissions/user-manage/{user}/",
            who="admin",
            params=lambda w: {"department": w.department, "user": w.user},
            fields=lambda w: {"permissions": ["work_in_department", "change_department"]},
            lists=frozenset({"permissions"}),
        ),
    ]
)

ADMIN += [
    Endpoint(
        "API client added",
        "POST",
        "/admin/scheduling/apiclient/add/",
        who="admin",
        fields=lambda w: {
            "name": ["Centre d'appels", "PAS"],
            "is_active": ["on"],
            "can_read": ["on"],
            "can_book": ["on"],
            "establishments": w.establishment,
            "departments": w.department,
        },
        lists=frozenset({"establishments", "departments"}),
    ),
]

# The REST API's reads and FHIR's searches, with the fuzz world's API client
# (its writes take JSON: schemathesis generates them, .ci/schemathesis.sh).
API = [
    Endpoint(
        "API availability",
        "GET",
        "/api/v1/availability/",
        who="api",
        fields=lambda w: {
            "specialty": w.specialty,
            "establishment": w.finess,
            "department": w.department,
            "practitioner": w.rpps,
            "reason": w.reason,
            "start": MOMENTS,
            "end": MOMENTS,
            "limit": ["1", "100"],
        },
        covers=("api:availability",),
    ),
    Endpoint(
        "API booking",
        "GET",
        "/api/v1/bookings/{public_id}/",
        who="api",
        params=lambda w: {"public_id": w.public_id},
        covers=("api:booking",),
    ),
    Endpoint(
        "API lists",
        "GET",
        "/api/v1/{list}/",
        who="api",
        params=lambda w: {
            "list": ["specialties", "establishments", "departments", "practitioners", "reasons"]
        },
        fields=lambda w: {"limit": ["1", "10"], "offset": ["0", "5"]},
    ),
    Endpoint(
        "FHIR slots",
        "GET",
        "/fhir/Slot",
        who="api",
        fields=lambda w: {
            "schedule": [f"Schedule/{a}" for a in w.agenda],
            "start": ["ge2027-01-05", "le2027-02-01", "gt2027-01-05T09:00:00Z"],
            "status": ["free", "busy"],
            "service-type": w.specialty,
        },
        covers=("fhir:slots",),
    ),
    Endpoint(
        "FHIR appointments",
        "GET",
        "/fhir/Appointment",
        who="api",
        fields=lambda w: {
            "patient": [f"Patient/{p}" for p in w.patient_public_id],
            "date": ["ge2027-01-05", "lt2027-02-01"],
            "status": ["booked", "pending", "cancelled"],
        },
        covers=("fhir:appointments",),
    ),
    Endpoint(
        "FHIR reads",
        "GET",
        "/fhir/{kind}/{id}",
        who="api",
        params=lambda w: {
            "kind": ["Schedule", "Appointment", "Practitioner", "Organization"],
            "id": w.agenda + w.public_id + w.rpps + w.finess,
        },
        fields=lambda w: {"actor": [f"Practitioner/{r}" for r in w.rpps]},
    ),
]

CALL_CENTRE = [
    Endpoint(
        "call-centre console",
        "GET",
        "/call-centre/",
        who="agent",
        fields=lambda w: {
            "specialty": [str(pk) for pk in w.specialty_id],
            "establishment": w.establishment,
            "practitioner": NAMES,
            "earliest": ["1"],
            "name": NAMES,
            "birth_date": ["1980-05-17"],
            "phone": ["06 12 34 56 78"],
        },
        covers=("call_centre:console",),
    ),
    Endpoint(
        "call-centre slot",
        "GET",
        "/call-centre/slot/{slot}/",
        who="agent",
        params=lambda w: {"slot": w.slot + w.other_slot},
        fields=lambda w: {"name": NAMES, "birth_date": ["1980-05-17"], "phone": ["0612345678"]},
        covers=("call_centre:slot",),
    ),
    Endpoint(
        "call-centre booking",
        "POST",
        "/call-centre/slot/{slot}/book/",
        who="agent",
        params=lambda w: {"slot": w.slot + w.other_slot},
        fields=lambda w: {
            "reason": w.reason,
            "patient": ["new", *w.patient],
            "returning": ["on"],
            **{k: v for k, v in _patient_fields(w).items() if k != "seen_before"},
        },
        covers=("call_centre:book",),
    ),
    Endpoint(
        "call-centre appointment",
        "GET",
        "/call-centre/booking/{booking}/",
        who="agent",
        params=lambda w: {"booking": w.booking},
        covers=("call_centre:booking",),
    ),
    Endpoint(
        "call-centre cancellation",
        "POST",
        "/call-centre/booking/{booking}/cancel/",
        who="agent",
        params=lambda w: {"booking": w.booking},
        fields=lambda w: {"reason": ["appel du patient"]},
        covers=("call_centre:booking_cancel",),
    ),
    Endpoint(
        "call-centre move",
        "POST",
        "/call-centre/booking/{booking}/move/",
        who="agent",
        params=lambda w: {"booking": w.booking},
        fields=lambda w: {"slot": w.slot + w.other_slot},
        covers=("call_centre:booking_move",),
    ),
    Endpoint(
        "call-centre waiting list",
        "POST",
        "/call-centre/slot/{slot}/waitlist/",
        who="agent",
        params=lambda w: {"slot": w.slot + w.other_slot},
        fields=lambda w: {
            "reason": w.reason,
            "patient": ["new", *w.patient],
            "returning": ["on"],
            **{k: v for k, v in _patient_fields(w).items() if k != "seen_before"},
        },
        covers=("call_centre:waitlist_join",),
    ),
    Endpoint(
        "call-centre waiting-list place",
        "GET",
        "/call-centre/waitlist/{entry}/",
        who="agent",
        params=lambda w: {"entry": w.waitlist_entry},
        covers=("call_centre:waitlist_entry",),
    ),
    Endpoint(
        "call-centre waiting-list leave",
        "POST",
        "/call-centre/waitlist/{entry}/leave/",
        who="agent",
        params=lambda w: {"entry": w.waitlist_entry},
        covers=("call_centre:waitlist_leave",),
    ),
]

ENDPOINTS = PUBLIC + PORTAL + STAFF + ADMIN + CALL_CENTRE + API
