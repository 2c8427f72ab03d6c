"""The institution rule as SQLite enforces it.

The same invariant and history rules as on PostgreSQL
(scheduling/rules/postgresql.py: read its docstring for what they say), with
SQLite's strongest equivalent of a check at COMMIT: SQLite has no deferred
triggers, so every write re-checks the bookings that depend on the row it
changed *at once*, which is stricter (a change can never be "repaired"
later in the same transaction) and never weaker.

SQLite has no time zones and stores datetimes as text: the rules compare
texts, so every datetime a rule reads must be stored in Django's one
canonical UTC form, 'YYYY-MM-DD HH:MM:SS[.ffffff]', and the database refuses
any other ('…-05:00', 'T' separators, impossible dates).

The rules read no state of the Python process (issue 21, point 5):

- A slot's local date is computed in SQL from `platform_time_zone`: the
  configured zone's UTC offsets and the instants they start at, which
  `migrate` writes after the migrations (scheduling/rules/state.py). Without
  its rows every local date is NULL and every check fails closed. (Before,
  the rules called django_datetime_cast_date(), a Python function that code
  in the process could register again to move any slot's date.)
- The rules stand aside only while `platform_maintenance` holds its row,
  written inside the transaction that needs it by `rules_suspended()` (the
  test suite's `flush`, its history helpers) and gone at its end; `migrate`
  does not write it: the triggers stay on while migrating. (Before, they read
  a Python flag through a registered function.)

Both tables are written through the application's connections only inside
`maintenance()` (scheduling/rules/connection.py, which also refuses schema
changes and dangerous PRAGMAs): SQL sent through the application cannot
write them. Code running in the process can still do anything the file's
holder can — the README says so.

"Now" is SQLite's 'now', fixed for the length of one statement (SQLite has
no transaction time); every rule that asks "has it started?" or "today"
reads it.

SQLite's RAISE() takes a constant message: the refusals name the rule, and
model validation names the bookings.
"""

from django.apps import apps

from scheduling.rules.objects import DbObject
from scheduling.rules.postgresql import (
    EARLY_START,
    HOLD_RELEASE_COLUMNS,
    IMMUTABLE_IDS,
    KEPT_UNDER_BOOKINGS,
    MARKER,
    STARTED_BOOKING_COLUMNS,
)

ACTIVE = "('booked', 'pending')"
NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
MAINTENANCE_TABLE = "platform_maintenance"
TIME_ZONE_TABLE = "platform_time_zone"


def local_date(utc: str) -> str:
    """The local date of a canonical UTC text, from the offset in force at
    that instant (NULL when the zone's rows are missing: fails closed)."""
    return (
        f"date({utc}, (SELECT z.utc_offset_seconds || ' seconds' FROM {TIME_ZONE_TABLE} z"
        f" WHERE z.since <= {utc} ORDER BY z.since DESC LIMIT 1))"
    )


DAY = local_date("s.start")
TODAY = local_date(NOW)
NOT_CANCELLED = "<> 'cancelled'"


def _member_on(establishment: str, day: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM hospital_membership m WHERE m.establishment_id = {establishment}"
        f" AND m.starts_on <= {day} AND (m.ends_on IS NULL OR m.ends_on >= {day}))"
    )


LIVE = f"NOT EXISTS (SELECT 1 FROM {MAINTENANCE_TABLE})"

# Dates the rules compare as text ('2027-9-1' would sort after '2027-12-02').
CANONICAL_DATES = {
    "hospital_affiliation": ("start_date", "end_date"),
    "hospital_membership": ("starts_on", "ends_on"),
    "scheduling_openingrule": ("valid_from", "valid_until"),
    "scheduling_patient": ("birth_date",),
}
CANONICAL_DATETIMES = {
    "scheduling_slot": ("start", "end", "opens_to_all_at"),
    "scheduling_absence": ("start", "end"),
    "scheduling_booking": (
        "created_at",
        "cancelled_at",
        "hold_expires_at",
        "checked_in_at",
        "updated_at",
    ),
    "scheduling_patient": ("created_at",),
    "scheduling_waitlistentry": ("created_at",),
    "scheduling_apiclient": ("created_at",),
}


def _trigger(table: str, name: str, timing: str, when: str, body: str) -> DbObject:
    # SQLite trigger names are unique per database, not per table.
    sql_name = f"{table}__{name}"
    condition = f"{LIVE} AND ({when})" if when else LIVE
    return DbObject(
        "trigger",
        f"{table}.{name}",
        f"CREATE TRIGGER {sql_name}\n{timing} ON {table}\nFOR EACH ROW WHEN {condition}\n"
        f"BEGIN\n{body.strip()}\nEND;",
        f"DROP TRIGGER IF EXISTS {sql_name};",
    )


def _refuse(message: str, where: str) -> str:
    return f"    SELECT RAISE(ABORT, '{MARKER} {message}') WHERE {where.strip()};"


def _violations(bookings: str) -> str:
    """EXISTS over the given bookings that are not cancelled and do not resolve
    inside as of their slot's time (an open agenda asked of active bookings
    whose slot has not ended)."""
    return f"""EXISTS (
        SELECT 1 FROM scheduling_booking b
          LEFT JOIN scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN hospital_department d ON d.id = a.department_id
          LEFT JOIN hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN scheduling_visitreason r ON r.id = b.reason_id
         WHERE b.id IN ({bookings}) AND b.status {NOT_CANCELLED}
           AND (e.id IS NULL OR NOT {_member_on("e.id", DAY)}
                OR (NOT a.is_active AND b.status IN {ACTIVE} AND s."end" > {NOW})
                OR r.id IS NULL OR r.agenda_id IS NOT a.id
                OR NOT EXISTS (
                    SELECT 1 FROM hospital_affiliation f
                     WHERE f.practitioner_id = a.practitioner_id
                       AND f.department_id = a.department_id
                       AND f.start_date <= {DAY}
                       AND (f.end_date IS NULL OR f.end_date >= {DAY}))))"""


_BY_SLOT = (
    f"SELECT id FROM scheduling_booking WHERE slot_id IN ({{ids}}) AND status {NOT_CANCELLED}"
)
_BY_AGENDA = (
    "SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id"
    f" WHERE bb.status IN {ACTIVE} AND ss.agenda_id IN ({{agendas}})"
)
# Affiliations and membership periods date the past: every booking that is
# not cancelled depends on them.
_ALL_BY_AGENDA = (
    "SELECT bb.id FROM scheduling_booking bb JOIN scheduling_slot ss ON ss.id = bb.slot_id"
    f" WHERE bb.status {NOT_CANCELLED} AND ss.agenda_id IN ({{agendas}})"
)
# table -> (what is changed, the bookings depending on the row given as {row})
DEPENDENTS = {
    "scheduling_slot": ("a slot", _BY_SLOT.format(ids="{row}.id")),
    "scheduling_agenda": ("an agenda", _BY_AGENDA.format(agendas="{row}.id")),
    "scheduling_visitreason": (
        "a visit reason",
        f"SELECT id FROM scheduling_booking WHERE reason_id = {{row}}.id AND status IN {ACTIVE}",
    ),
    "hospital_department": (
        "a department",
        _BY_AGENDA.format(
            agendas="SELECT id FROM scheduling_agenda WHERE department_id = {row}.id"
        ),
    ),
    "hospital_establishment": (
        "an establishment",
        _BY_AGENDA.format(
            agendas="SELECT aa.id FROM scheduling_agenda aa"
            " JOIN hospital_department dd ON dd.id = aa.department_id"
            " WHERE dd.establishment_id = {row}.id"
        ),
    ),
    "hospital_affiliation": (
        "an affiliation",
        _ALL_BY_AGENDA.format(
            agendas="SELECT id FROM scheduling_agenda"
            " WHERE practitioner_id = {row}.practitioner_id"
            " AND department_id = {row}.department_id"
        ),
    ),
    "hospital_membership": (
        "a membership period",
        _ALL_BY_AGENDA.format(
            agendas="SELECT aa.id FROM scheduling_agenda aa"
            " JOIN hospital_department dd ON dd.id = aa.department_id"
            " WHERE dd.establishment_id = {row}.establishment_id"
        ),
    ),
}


def _invariant() -> list[DbObject]:
    booking = [
        _trigger(
            "scheduling_booking",
            f"institution_rule_{event.lower()}",
            f"AFTER {event}",
            f"NEW.status {NOT_CANCELLED}",
            _refuse("this booking would resolve outside the institution", _violations("NEW.id")),
        )
        for event in ("INSERT", "UPDATE")
    ]
    dependents = []
    # INSERT too: SQLite's REPLACE deletes a conflicting row without its
    # DELETE triggers unless recursive_triggers is on (the connection guard
    # turns it on); checking inserted rows does not depend on that.
    events = (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",)))
    for table, (what, bookings) in DEPENDENTS.items():
        for event, rows in events:
            ids = " UNION ".join(bookings.format(row=row) for row in rows)
            dependents.append(
                _trigger(
                    table,
                    f"institution_rule_{event.lower()}",
                    f"AFTER {event}",
                    "",
                    _refuse(
                        f"this change to {what} would leave bookings outside the institution;"
                        " move or cancel them first",
                        _violations(ids),
                    ),
                )
            )
    return booking + dependents


def _canonical(column: str) -> str:
    value = f'NEW."{column}"'
    return (
        f"{value} IS NOT NULL AND NOT (typeof({value}) = 'text'"
        f" AND substr({value}, 1, 19) IS strftime('%Y-%m-%d %H:%M:%S', {value})"
        f" AND (length({value}) = 19 OR (length({value}) = 26 AND substr({value}, 20, 1) = '.'"
        f" AND substr({value}, 21) GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]')))"
    )


def _canonical_date(column: str) -> str:
    value = f'NEW."{column}"'
    return f"{value} IS NOT NULL AND NOT (typeof({value}) = 'text' AND {value} IS date({value}))"


def _datetimes() -> list[DbObject]:
    objects = []
    kinds = [
        (
            "datetimes",
            CANONICAL_DATETIMES,
            _canonical,
            "a UTC datetime as YYYY-MM-DD HH:MM:SS[.ffffff]",
        ),
        ("dates", CANONICAL_DATES, _canonical_date, "a date as YYYY-MM-DD"),
    ]
    for kind, tables, check, form in kinds:
        for table, columns in tables.items():
            quoted = ", ".join(f'"{c}"' for c in columns)
            refusal = "\n".join(_refuse(f"{table}.{c} must be {form}", check(c)) for c in columns)
            for event in ("INSERT", f"UPDATE OF {quoted}"):
                objects.append(
                    _trigger(
                        table,
                        f"platform_canonical_{kind}_{event.split()[0].lower()}",
                        f"BEFORE {event}",
                        "",
                        refusal,
                    )
                )
    return objects


def _immutable() -> list[DbObject]:
    objects = []
    for table, columns in IMMUTABLE_IDS.items():
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
        objects.append(
            _trigger(
                table,
                "platform_immutable_identity",
                "BEFORE UPDATE",
                changed,
                _refuse(f"the identity of a {table} row never changes", "1"),
            )
        )
    return objects


_TRANSITION_ALLOWED = """(OLD.status = 'pending' AND NEW.status IN ('booked', 'cancelled'))
        OR (OLD.status = 'booked' AND NEW.status IN ('cancelled', 'honoured', 'missed'))
        OR (OLD.status IN ('honoured', 'missed') AND NEW.status IN ('honoured', 'missed'))"""
_NOT_STARTED = (
    f"NOT EXISTS (SELECT 1 FROM scheduling_slot s WHERE s.id = NEW.slot_id AND s.start <= {NOW})"
)


def _lifecycle() -> list[DbObject]:
    return [
        _trigger(
            "scheduling_booking",
            "scheduling_booking_never_deleted",
            "BEFORE DELETE",
            "",
            _refuse("bookings are never deleted; cancel them, with a reason", "1"),
        ),
        _trigger(
            "scheduling_booking",
            "scheduling_booking_status_path",
            "BEFORE UPDATE OF status",
            f"OLD.status IS NOT NEW.status AND NOT ({_TRANSITION_ALLOWED})",
            _refuse("this change of status is not allowed", "1"),
        ),
        _trigger(
            "scheduling_booking",
            "scheduling_booking_cancellation_is_kept",
            "BEFORE UPDATE",
            "OLD.status = 'cancelled' AND (OLD.cancelled_at IS NOT NEW.cancelled_at"
            " OR OLD.cancelled_by_id IS NOT NEW.cancelled_by_id"
            " OR OLD.cancel_reason IS NOT NEW.cancel_reason)",
            _refuse("a cancelled booking keeps who cancelled it, when and why", "1"),
        ),
        _trigger(
            "scheduling_booking",
            "scheduling_booking_over_is_kept",
            "BEFORE UPDATE",
            f"OLD.status NOT IN {ACTIVE} AND (OLD.slot_id IS NOT NEW.slot_id"
            " OR OLD.reason_id IS NOT NEW.reason_id OR OLD.patient_id IS NOT NEW.patient_id)",
            _refuse("a booking that is over keeps its slot, reason and patient", "1"),
        ),
        _trigger(
            "scheduling_booking",
            "scheduling_booking_revision",
            "BEFORE UPDATE OF sequence, slot_id",
            "NEW.sequence < OLD.sequence"
            " OR (OLD.slot_id IS NOT NEW.slot_id AND NEW.sequence <= OLD.sequence)",
            _refuse("the revision of a booking goes up when it moves, and never back", "1"),
        ),
        *(
            _trigger(
                "scheduling_booking",
                f"scheduling_booking_outcome_started_{event.split()[0].lower()}",
                f"BEFORE {event}",
                "NEW.status IN ('honoured', 'missed')",
                _refuse(
                    "an outcome is recorded only once the appointment has started", _NOT_STARTED
                ),
            )
            for event in ("INSERT", "UPDATE")
        ),
    ]


_BOOKINGS_OF_AGENDA = f"""EXISTS (
        SELECT 1 FROM scheduling_booking b JOIN scheduling_slot s ON s.id = b.slot_id
         WHERE s.agenda_id = NEW.id AND b.status {NOT_CANCELLED})"""
_MEMBER_DEPARTMENT = f"""NOT EXISTS (
        SELECT 1 FROM hospital_department d
          JOIN hospital_membership m ON m.establishment_id = d.establishment_id
         WHERE d.id = NEW.department_id AND (m.ends_on IS NULL OR m.ends_on >= {TODAY}))"""


def _guards() -> list[DbObject]:
    return [
        *(
            _trigger(
                "scheduling_agenda",
                f"scheduling_agenda_member_department_{event.split()[0].lower()}",
                f"BEFORE {event}",
                "",
                _refuse(
                    "an agenda can only be opened in an establishment that is or will be a member",
                    _MEMBER_DEPARTMENT,
                ),
            )
            for event in ("INSERT", "UPDATE OF department_id")
        ),
        _trigger(
            "scheduling_agenda",
            "scheduling_agenda_repoint_guard",
            "AFTER UPDATE OF practitioner_id, department_id",
            "OLD.practitioner_id IS NOT NEW.practitioner_id"
            " OR OLD.department_id IS NOT NEW.department_id",
            _refuse(
                "this agenda cannot change practitioner or department;"
                " bookings, past or upcoming, resolve through it",
                _BOOKINGS_OF_AGENDA,
            ),
        ),
        _trigger(
            "hospital_department",
            "scheduling_department_move_guard",
            "AFTER UPDATE OF establishment_id",
            "OLD.establishment_id IS NOT NEW.establishment_id",
            _refuse(
                "this department has agendas and cannot move to another establishment",
                "EXISTS (SELECT 1 FROM scheduling_agenda WHERE department_id = NEW.id)",
            ),
        ),
        _trigger(
            "scheduling_slot",
            "scheduling_slot_booked_guard",
            'AFTER UPDATE OF agenda_id, start, "end"',
            'OLD.agenda_id IS NOT NEW.agenda_id OR OLD.start IS NOT NEW.start OR OLD."end" IS NOT NEW."end"',
            _refuse(
                "this slot is booked; move the booking, not the slot",
                "EXISTS (SELECT 1 FROM scheduling_booking"
                " WHERE slot_id = OLD.id AND status <> 'cancelled')",
            ),
        ),
        *(
            _trigger(
                "scheduling_slot",
                f"scheduling_slot_no_overlap_{event.split()[0].lower()}",
                f"BEFORE {event}",
                "",
                "    SELECT RAISE(ABORT, 'scheduling_slot_no_overlap: this slot overlaps another"
                " slot of the agenda')\n     WHERE EXISTS (\n"
                "        SELECT 1 FROM scheduling_slot o\n"
                '         WHERE o.agenda_id = NEW.agenda_id AND o.start < NEW."end"'
                f' AND o."end" > NEW.start{exclude});',
            )
            for event, exclude in (
                ("INSERT", ""),
                ('UPDATE OF agenda_id, start, "end"', " AND o.id <> NEW.id"),
            )
        ),
    ]


def _kept_under_bookings() -> list[DbObject]:
    """postgresql.py's KEPT_UNDER_BOOKINGS: a row a booking resolves through is
    never deleted. The statement's institution rule already refuses it for
    bookings that are not cancelled; this says why, for cancelled ones too."""
    return [
        _trigger(
            table,
            "kept_under_bookings",
            "BEFORE DELETE",
            "",
            _refuse(
                message,
                "EXISTS (SELECT 1 FROM scheduling_booking b WHERE b.slot_id "
                + (
                    "= OLD.id)"
                    if agendas is None
                    else "IN (SELECT s.id FROM scheduling_slot s"
                    f" WHERE s.agenda_id IN ({agendas.format(schema='')})))"
                ),
            ),
        )
        for table, (message, agendas) in KEPT_UNDER_BOOKINGS.items()
    ]


_STARTED = "(SELECT start FROM scheduling_slot WHERE id = {slot}) <= " + NOW
_OUTCOME_ONLY = """OLD.status IS NOT NEW.status AND NOT (
            (OLD.status = 'booked' AND NEW.status IN ('honoured', 'missed'))
         OR (OLD.status IN ('honoured', 'missed') AND NEW.status IN ('honoured', 'missed'))
         OR (OLD.status = 'pending' AND NEW.status = 'cancelled'))"""
# Today's appointments that have started are the past too: a period starting
# today never covers this morning's booking that resolved outside.
_PERIOD_COVERS_PAST_BOOKINGS = f"""NEW.starts_on <= {TODAY} AND EXISTS (
        SELECT 1 FROM scheduling_booking b
          JOIN scheduling_slot s ON s.id = b.slot_id
          JOIN scheduling_agenda a ON a.id = s.agenda_id
          JOIN hospital_department d ON d.id = a.department_id
         WHERE d.establishment_id = NEW.establishment_id AND b.status {NOT_CANCELLED}
           AND s.start <= {NOW} AND {DAY} >= NEW.starts_on
           AND (NEW.ends_on IS NULL OR {DAY} <= NEW.ends_on))"""


def _affiliation_covers(row: str) -> str:
    return f"{DAY} >= {row}.start_date AND ({row}.end_date IS NULL OR {DAY} <= {row}.end_date)"


# postgresql.py's AFFILIATION_HISTORY: a booking whose appointment has started
# and that no affiliation covered is not covered by one afterwards.
_AFFILIATION_COVERS_OUTSIDE_BOOKINGS = f"""EXISTS (
        SELECT 1 FROM scheduling_booking b
          JOIN scheduling_slot s ON s.id = b.slot_id
          JOIN scheduling_agenda a ON a.id = s.agenda_id
         WHERE a.practitioner_id = NEW.practitioner_id AND a.department_id = NEW.department_id
           AND b.status {NOT_CANCELLED} AND s.start <= {NOW}
           AND {_affiliation_covers("NEW")}
           AND NOT EXISTS (
               SELECT 1 FROM hospital_affiliation o
                WHERE o.id IS NOT NEW.id AND o.practitioner_id = NEW.practitioner_id
                  AND o.department_id = NEW.department_id AND {_affiliation_covers("o")}){{old}})"""
_OPEN_PERIOD = (
    "EXISTS (SELECT 1 FROM hospital_membership m"
    " WHERE m.establishment_id = {id} AND m.ends_on IS NULL)"
)
_OVERLAP = """EXISTS (
        SELECT 1 FROM hospital_membership o
         WHERE o.establishment_id = NEW.establishment_id AND o.id IS NOT NEW.id
           AND (NEW.ends_on IS NULL OR o.starts_on <= NEW.ends_on)
           AND (o.ends_on IS NULL OR o.ends_on >= NEW.starts_on))"""


def _started_booking_changed() -> str:
    """A booking whose slot has started changed a column that is not its
    outcome's, its check-in's or a lapsed hold's release's (postgresql.py's
    STARTED_BOOKING_COLUMNS, HOLD_RELEASE_COLUMNS). SQLite's triggers cannot
    read a row as a whole: the columns come from the model, so that a column
    added later is compared (and the frozen rules differ until frozen again)."""
    booking = apps.get_model("scheduling", "Booking")
    columns = [f.column for f in booking._meta.concrete_fields]
    kept = [c for c in columns if c not in STARTED_BOOKING_COLUMNS + HOLD_RELEASE_COLUMNS]
    released = [c for c in columns if c in HOLD_RELEASE_COLUMNS]
    changed = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in kept)
    release = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in released)
    return (
        f"{changed} OR (NOT (OLD.status = 'pending' AND NEW.status = 'cancelled') AND ({release}))"
    )


def _history() -> list[DbObject]:
    """What has happened stays as it happened (postgresql.py's HISTORY)."""
    booking = "scheduling_booking"
    return [
        _trigger(
            booking,
            "scheduling_booking_history_insert",
            "BEFORE INSERT",
            _STARTED.format(slot="NEW.slot_id"),
            _refuse("no booking is made on a slot that has started", "1"),
        ),
        _trigger(
            booking,
            "scheduling_booking_history_author",
            "BEFORE UPDATE",
            "OLD.channel IS NOT NEW.channel OR OLD.created_by_id IS NOT NEW.created_by_id"
            " OR OLD.created_at IS NOT NEW.created_at",
            _refuse("a booking keeps its channel, its author and its creation time", "1"),
        ),
        _trigger(
            booking,
            "scheduling_booking_history_check_in",
            "BEFORE UPDATE",
            "OLD.checked_in_at IS NOT NULL AND OLD.checked_in_at IS NOT NEW.checked_in_at",
            _refuse("a check-in, once recorded, never changes", "1"),
        ),
        _trigger(
            booking,
            "scheduling_booking_history_started",
            "BEFORE UPDATE",
            f"({_STARTED.format(slot='OLD.slot_id')}) AND ({_started_booking_changed()}"
            f" OR ({_OUTCOME_ONLY}))",
            _refuse(
                "this appointment has started: only its outcome and check-in are recorded now",
                "1",
            ),
        ),
        _trigger(
            booking,
            "scheduling_booking_history_move",
            "BEFORE UPDATE OF slot_id",
            f"OLD.slot_id IS NOT NEW.slot_id AND {_STARTED.format(slot='NEW.slot_id')}",
            _refuse("no booking is moved to a slot that has started", "1"),
        ),
        _trigger(
            "scheduling_slot",
            "scheduling_slot_history",
            'BEFORE UPDATE OF agenda_id, start, "end"',
            "(OLD.agenda_id IS NOT NEW.agenda_id OR OLD.start IS NOT NEW.start"
            f' OR OLD."end" IS NOT NEW."end") AND (OLD.start <= {NOW} OR NEW.start <= {NOW})',
            _refuse(
                "a slot that has started keeps its agenda and times, and none moves into the past",
                "1",
            ),
        ),
        # A slot that has started is history: the routing report counts last
        # month's open reserved slots, booked and free, from these columns.
        _trigger(
            "scheduling_slot",
            "scheduling_slot_history_insert",
            "BEFORE INSERT",
            f"NEW.start <= {NOW}",
            _refuse("no slot is opened in the past", "1"),
        ),
        _trigger(
            "scheduling_slot",
            "scheduling_slot_history_delete",
            "BEFORE DELETE",
            f"OLD.start <= {NOW}",
            _refuse("this slot has started: it is never deleted", "1"),
        ),
        _trigger(
            "scheduling_slot",
            "scheduling_slot_history_state",
            "BEFORE UPDATE OF status, reserved_for, opens_to_all_at",
            "(OLD.status IS NOT NEW.status OR OLD.reserved_for IS NOT NEW.reserved_for"
            f" OR OLD.opens_to_all_at IS NOT NEW.opens_to_all_at) AND OLD.start <= {NOW}",
            _refuse(
                "this slot has started: its agenda, times, status and reservation never change",
                "1",
            ),
        ),
        _trigger(
            "scheduling_visitreason",
            "scheduling_reason_move_guard",
            "AFTER UPDATE OF agenda_id",
            "OLD.agenda_id IS NOT NEW.agenda_id",
            _refuse(
                "bookings, past or upcoming, use this visit reason: it stays in its agenda",
                f"EXISTS (SELECT 1 FROM scheduling_booking WHERE reason_id = NEW.id"
                f" AND status {NOT_CANCELLED})",
            ),
        ),
        _trigger(
            "hospital_establishment",
            "scheduling_establishment_finess_guard",
            "AFTER UPDATE OF finess",
            "OLD.finess IS NOT NEW.finess",
            _refuse(
                "bookings resolve to this establishment: its FINESS number never changes",
                f"""EXISTS (SELECT 1 FROM scheduling_booking b
                 JOIN scheduling_slot s ON s.id = b.slot_id
                 JOIN scheduling_agenda a ON a.id = s.agenda_id
                 JOIN hospital_department d ON d.id = a.department_id
                WHERE d.establishment_id = NEW.id AND b.status {NOT_CANCELLED})""",
            ),
        ),
        *_membership(),
        *_affiliation(),
        *_agent(),
        *_api_client(),
    ]


def _agent() -> list[DbObject]:
    """postgresql.py's AGENT_HISTORY: an account that has made bookings keeps its team."""
    table = "scheduling_callcentreagent"
    message = (
        "this account has made bookings, which the routing report counts for its call centre:"
        " it keeps its team"
    )
    booked = "EXISTS (SELECT 1 FROM scheduling_booking b WHERE b.created_by_id = {row}.user_id)"
    return [
        _trigger(
            table,
            "agent_history_insert",
            "BEFORE INSERT",
            "",
            _refuse(message, booked.format(row="NEW")),
        ),
        _trigger(
            table,
            "agent_history_update",
            "BEFORE UPDATE OF call_centre_id",
            "NEW.call_centre_id IS NOT OLD.call_centre_id",
            _refuse(message, booked.format(row="OLD")),
        ),
        _trigger(
            table,
            "agent_history_delete",
            "BEFORE DELETE",
            "",
            _refuse(message, booked.format(row="OLD")),
        ),
    ]


def _api_client() -> list[DbObject]:
    """postgresql.py's API_CLIENT_HISTORY: no client is given an account that
    has made bookings, and a client that booked is deactivated, not deleted."""
    table = "scheduling_apiclient"
    booked = "EXISTS (SELECT 1 FROM scheduling_booking b WHERE b.created_by_id = {row}.user_id)"
    return [
        _trigger(
            table,
            "api_client_history_insert",
            "BEFORE INSERT",
            "",
            _refuse(
                "this account has made bookings, which the routing report would count for this"
                " API client: a client is given a new service account",
                booked.format(row="NEW"),
            ),
        ),
        _trigger(
            table,
            "api_client_history_delete",
            "BEFORE DELETE",
            "",
            _refuse(
                "this API client has made bookings, which the routing report counts for it:"
                " it is not deleted, deactivate it",
                booked.format(row="OLD"),
            ),
        ),
    ]


def _affiliation() -> list[DbObject]:
    table = "hospital_affiliation"
    message = (
        "bookings of the past resolved outside the institution on these dates:"
        " an affiliation never covers them afterwards"
    )
    unchanged_pair = (
        "OLD.practitioner_id = NEW.practitioner_id AND OLD.department_id = NEW.department_id"
    )
    return [
        _trigger(
            table,
            "hospital_affiliation_history_insert",
            "BEFORE INSERT",
            "",
            _refuse(message, _AFFILIATION_COVERS_OUTSIDE_BOOKINGS.format(old="")),
        ),
        _trigger(
            table,
            "hospital_affiliation_history_update",
            "BEFORE UPDATE",
            "",
            _refuse(
                message,
                _AFFILIATION_COVERS_OUTSIDE_BOOKINGS.format(
                    old=f"\n           AND NOT ({unchanged_pair} AND {_affiliation_covers('OLD')})"
                ),
            ),
        ),
    ]


def _membership() -> list[DbObject]:
    table = "hospital_membership"
    objects = [
        _trigger(
            table,
            f"hospital_membership_no_overlap_{event}",
            f"BEFORE {event.upper()}",
            "",
            _refuse("membership periods of one establishment never overlap", _OVERLAP),
        )
        for event in ("insert", "update")
    ]
    objects += [
        _trigger(
            table,
            f"hospital_membership_ended_{event}",
            f"BEFORE {event.upper()}",
            f"OLD.ends_on < {TODAY}",
            _refuse("this membership period has ended: it never changes", "1"),
        )
        for event in ("update", "delete")
    ]
    objects += [
        _trigger(
            table,
            "hospital_membership_started_delete",
            "BEFORE DELETE",
            f"OLD.starts_on <= {TODAY}",
            _refuse(
                "this membership period has started: it is never deleted; give it an end date",
                "1",
            ),
        ),
        _trigger(
            table,
            "hospital_membership_started_update",
            "BEFORE UPDATE",
            f"OLD.starts_on <= {TODAY} AND NEW.starts_on IS NOT OLD.starts_on",
            _refuse("this membership period has started: its start never changes", "1"),
        ),
        _trigger(
            table,
            "hospital_membership_end_insert",
            "BEFORE INSERT",
            f"NEW.ends_on < {TODAY}",
            _refuse("a membership ends today or later: the past is not rewritten", "1"),
        ),
        _trigger(
            table,
            "hospital_membership_end_update",
            "BEFORE UPDATE",
            f"NEW.ends_on < {TODAY} AND NEW.ends_on IS NOT OLD.ends_on",
            _refuse("a membership ends today or later: the past is not rewritten", "1"),
        ),
    ]
    # postgresql.py's MEMBERSHIP_HISTORY: a period starts today or later,
    # but an establishment's first, before any booking.
    early = (
        f"NEW.starts_on < {TODAY} AND (EXISTS (SELECT 1 FROM hospital_membership o"
        " WHERE o.establishment_id = NEW.establishment_id AND o.id IS NOT NEW.id)"
        " OR EXISTS (SELECT 1 FROM scheduling_booking b"
        " JOIN scheduling_slot s ON s.id = b.slot_id"
        " JOIN scheduling_agenda a ON a.id = s.agenda_id"
        " JOIN hospital_department d ON d.id = a.department_id"
        " WHERE d.establishment_id = NEW.establishment_id))"
    )
    objects += [
        _trigger(
            table,
            "hospital_membership_start_insert",
            "BEFORE INSERT",
            early,
            _refuse(EARLY_START, "1"),
        ),
        _trigger(
            table,
            "hospital_membership_start_update",
            "BEFORE UPDATE OF starts_on",
            f"NEW.starts_on < OLD.starts_on AND {early}",
            _refuse(EARLY_START, "1"),
        ),
    ]
    past = (
        "bookings of the past resolved outside the institution on these dates:"
        " a new period never covers them"
    )
    objects += [
        _trigger(
            table,
            "hospital_membership_past_insert",
            "BEFORE INSERT",
            "",
            _refuse(past, _PERIOD_COVERS_PAST_BOOKINGS),
        ),
        _trigger(
            table,
            "hospital_membership_past_update",
            "BEFORE UPDATE",
            "NEW.starts_on IS NOT OLD.starts_on",
            _refuse(past, _PERIOD_COVERS_PAST_BOOKINGS),
        ),
    ]
    # is_member: an open-ended period; the database refuses any other value.
    derived = _OPEN_PERIOD.format(id="NEW.id")
    objects += [
        _trigger(
            "hospital_establishment",
            f"hospital_establishment_member_flag_{event}",
            f"BEFORE {event.upper()}",
            f"NEW.is_member IS NOT ({derived})",
            _refuse("is_member follows the membership periods; change the periods", "1"),
        )
        for event in ("insert", "update")
    ]
    for event, row in (("insert", "NEW"), ("update", "NEW"), ("update", "OLD"), ("delete", "OLD")):
        flag = _OPEN_PERIOD.format(id="e.id")
        objects.append(
            _trigger(
                table,
                f"hospital_membership_refresh_flag_{event}_{row.lower()}",
                f"AFTER {event.upper()}",
                "",
                f"    UPDATE hospital_establishment SET is_member = ({flag.replace('e.id', 'hospital_establishment.id')})"
                f" WHERE id = {row}.establishment_id"
                f" AND is_member IS NOT ({flag.replace('e.id', 'hospital_establishment.id')});",
            )
        )
    return objects


def _state() -> list[DbObject]:
    """The two tables the rules read instead of the process's state."""
    return [
        DbObject(
            "table",
            MAINTENANCE_TABLE,
            f"CREATE TABLE IF NOT EXISTS {MAINTENANCE_TABLE} (\n"
            "    id INTEGER PRIMARY KEY CHECK (id = 1)\n);",
            f"DROP TABLE IF EXISTS {MAINTENANCE_TABLE};",
        ),
        DbObject(
            "table",
            TIME_ZONE_TABLE,
            f"CREATE TABLE IF NOT EXISTS {TIME_ZONE_TABLE} (\n"
            "    since TEXT PRIMARY KEY,\n"
            "    utc_offset_seconds INTEGER NOT NULL,\n"
            "    zone TEXT NOT NULL\n) WITHOUT ROWID;",
            f"DROP TABLE IF EXISTS {TIME_ZONE_TABLE};",
        ),
    ]


def objects() -> list[DbObject]:
    return [
        *_state(),
        *_datetimes(),
        *_immutable(),
        *_lifecycle(),
        *_guards(),
        *_kept_under_bookings(),
        *_history(),
        *_invariant(),
    ]
