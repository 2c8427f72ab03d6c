"""The institution rule as PostgreSQL enforces it.

One invariant, re-checked at COMMIT (deferred constraint triggers, all named
`institution_rule`, so that `SET CONSTRAINTS institution_rule IMMEDIATE`
runs them all at once: hospital/db_refusals.check_rules_now): every booking
that is not cancelled — past ones included — resolves inside the
institution *as of its slot's time*: a membership period of its
establishment and an affiliation of its practitioner to the agenda's
department both contain the slot's local date, and its visit reason is one
of the slot's agenda; an active booking (booked or pending) whose slot has
not ended also needs its agenda open.

Any UPDATE or DELETE of a row the invariant reads — whatever column changed —
and any INSERT or UPDATE of a booking queues a re-check of exactly the
bookings that depend on that row (found through the old *and* the new keys),
so the check stays narrow. An INSERT elsewhere needs no check: a row can only
take over an id that bookings depend on after the previous row with that id
was deleted, and that DELETE is checked at COMMIT against the final state.

The check share-locks every row a booking resolves through, so a concurrent
change to one of them waits for the booking's transaction, then sees it.

Around the invariant: primary keys (and public ids) never change; bookings
are never deleted and move through their statuses one way (an outcome only
once the slot has started); a booked slot keeps its agenda and times; an
agenda keeps its practitioner and department while it has bookings that are
not cancelled, and only opens in an establishment that is or will be a
member; a visit reason keeps its agenda, and an establishment its FINESS,
under such bookings; a department with agendas stays in its establishment;
no slot, agenda, department or establishment that a booking (of any status)
resolves through is deleted, so none can come back with its id and other
columns before the foreign keys are checked at COMMIT.

The past is history (HISTORY below), by the wall clock at the statement,
clock_timestamp() (not now(), the time the transaction began: a transaction
held open across an appointment's start would write to the past as if it
were still to come): no booking is created on, or moved to or from, a slot that has started; a
booking whose slot has started changes only by its outcome (booked →
honoured or missed, honoured ↔ missed), its check-in, or a lapsed hold's
release (pending → cancelled) — every other column stays as it was
(STARTED_BOOKING_COLUMNS lists what may change); no booking ever changes its channel, author
or creation time, nor its check-in once recorded; a slot that has started
is never deleted and keeps its agenda, times, status (open or closed) and
reservation (reserved_for, opens_to_all_at), which the routing report
counts over past ranges; no slot is inserted with a start that has passed,
and none moves from the future into the past. Membership periods (hospital_membership) never overlap; one that has
ended never changes, one that has started keeps its start and is never
deleted, an end date is never set before today, a new period (or an
earlier start) never starts before today — except an establishment's first
period, before it has any booking — and never covers a past booking. `is_member` on the
establishment is derived by the database from the periods (an open-ended
one): a write that says otherwise is refused.

The dates and times the rules and the report read (membership periods,
affiliations, slots, bookings) are finite: 'infinity' passes every
comparison and no Python date holds it (FINITE_TIMES).

Every function pins its search_path (pg_temp last) and names tables with
their schema, so a temporary table cannot stand in for a real one.
"""

from scheduling.rules.objects import TIME_ZONE_PLACEHOLDER, DbObject

PIN = "SET search_path = pg_catalog, public, pg_temp"
MARKER = "institution rule:"
ACTIVE = "('booked', 'pending')"

# Every table whose rows have identities other rows rely on.
IMMUTABLE_IDS = {
    "hospital_establishment": ("id",),
    "hospital_specialty": ("id",),
    "hospital_department": ("id",),
    "hospital_practitioner": ("id",),
    "hospital_practitioner_specialties": ("id",),
    "hospital_affiliation": ("id",),
    "hospital_membership": ("id", "establishment_id"),
    "scheduling_agenda": ("id",),
    "scheduling_visitreason": ("id",),
    "scheduling_openingrule": ("id",),
    "scheduling_openingrule_reasons": ("id",),
    "scheduling_absence": ("id",),
    "scheduling_slot": ("id",),
    "scheduling_patient": ("id", "public_id"),
    "scheduling_booking": ("id", "public_id"),
    "scheduling_calendarfeed": ("id",),
    "scheduling_waitlistentry": ("id", "public_id"),
    "scheduling_apiclient": ("id", "public_id", "user_id"),
    "scheduling_apiclient_establishments": ("id",),
    "scheduling_apiclient_departments": ("id",),
    "scheduling_callcentre": ("id",),
    "scheduling_callcentre_establishments": ("id",),
    "scheduling_callcentre_specialties": ("id",),
    # An agent's bookings count for their call centre: the account stays theirs.
    "scheduling_callcentreagent": ("id", "user_id"),
    # Who may do what: a permission or group swapping identities would hand
    # secretaries the registry.
    "auth_group": ("id",),
    "auth_permission": ("id",),
    "django_content_type": ("id",),
}


def _function(name: str, body: str, *, returns: str = "trigger", args: str = "") -> DbObject:
    return DbObject(
        "function",
        name,
        f"CREATE OR REPLACE FUNCTION public.{name}({args}) RETURNS {returns}\n"
        f"LANGUAGE plpgsql {PIN} AS $$\n{body.strip()}\n$$;",
        f"DROP FUNCTION IF EXISTS public.{name}({_arg_types(args)}) CASCADE;",
    )


def _arg_types(args: str) -> str:
    return ", ".join(arg.split()[-1] for arg in args.split(",")) if args else ""


def _trigger(table: str, name: str, definition: str, *, constraint: bool = False) -> DbObject:
    kind = "CONSTRAINT TRIGGER" if constraint else "TRIGGER"
    return DbObject(
        "trigger",
        f"{table}.{name}",
        f"CREATE {kind} {name} {definition.strip()};".replace("{table}", f"public.{table}"),
        f"DROP TRIGGER IF EXISTS {name} ON public.{table};",
    )


LOCAL_DATE = DbObject(
    "function",
    "scheduling_local_date",
    "CREATE OR REPLACE FUNCTION public.scheduling_local_date(ts timestamptz) RETURNS date\n"
    f"LANGUAGE sql IMMUTABLE {PIN} AS $$\n"
    f"    SELECT (ts AT TIME ZONE '{TIME_ZONE_PLACEHOLDER}')::date\n$$;",
    "DROP FUNCTION IF EXISTS public.scheduling_local_date(timestamptz) CASCADE;",
)
# The wall clock at the statement, which the history rules ask "has it
# started?" and "today" of: now() is the transaction's start, and a session
# may hold a transaction open across an appointment's start, or midnight.
CLOCK = "clock_timestamp()"
# The institution's today, by that clock.
TODAY = f"public.scheduling_local_date({CLOCK})"
NOT_CANCELLED = "<> 'cancelled'"
DAY = "public.scheduling_local_date(s.start)"


def _member_on(establishment: str, day: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM public.hospital_membership m"
        f" WHERE m.establishment_id = {establishment} AND m.starts_on <= {day}"
        f" AND (m.ends_on IS NULL OR m.ends_on >= {day}))"
    )


def _check_statements(match: str) -> str:
    """The check's statements, for the bookings `match` selects."""
    return f"""
    PERFORM 1
       FROM public.scheduling_booking b
       JOIN public.scheduling_slot s ON s.id = b.slot_id
       JOIN public.scheduling_agenda a ON a.id = s.agenda_id
       JOIN public.hospital_department d ON d.id = a.department_id
       JOIN public.hospital_establishment e ON e.id = d.establishment_id
       JOIN public.scheduling_visitreason r ON r.id = b.reason_id
      WHERE {match} AND b.status {NOT_CANCELLED}
        FOR SHARE OF s, a, d, e, r;
    PERFORM 1
       FROM public.scheduling_booking b
       JOIN public.scheduling_slot s ON s.id = b.slot_id
       JOIN public.scheduling_agenda a ON a.id = s.agenda_id
       JOIN public.hospital_department d ON d.id = a.department_id
       JOIN public.hospital_membership m ON m.establishment_id = d.establishment_id
      WHERE {match} AND b.status {NOT_CANCELLED}
        AND m.starts_on <= {DAY} AND (m.ends_on IS NULL OR m.ends_on >= {DAY})
        FOR SHARE OF m;
    PERFORM 1
       FROM public.scheduling_booking b
       JOIN public.scheduling_slot s ON s.id = b.slot_id
       JOIN public.scheduling_agenda a ON a.id = s.agenda_id
       JOIN public.hospital_affiliation f
         ON f.practitioner_id = a.practitioner_id AND f.department_id = a.department_id
      WHERE {match} AND b.status {NOT_CANCELLED}
        AND f.start_date <= public.scheduling_local_date(s.start)
        AND (f.end_date IS NULL OR f.end_date >= public.scheduling_local_date(s.start))
        FOR SHARE OF f;
    SELECT count(*),
           array_to_string((array_agg(v.label ORDER BY v.start NULLS FIRST))[1:10], ', '),
           (array_agg(v.why ORDER BY v.start NULLS FIRST))[1]
      INTO n, listed, why
      FROM (
        SELECT left(b.public_id::text, 8) AS label, s.start,
               CASE
                 WHEN e.id IS NULL THEN 'it would resolve to no establishment'
                 WHEN NOT {_member_on("e.id", DAY)}
                   THEN 'it would resolve to an establishment outside the institution on its date'
                 WHEN NOT a.is_active AND b.status IN {ACTIVE} AND s."end" > now()
                   THEN 'its agenda would be closed'
                 WHEN r.id IS NULL OR r.agenda_id IS DISTINCT FROM a.id
                   THEN 'its visit reason would belong to another agenda'
                 WHEN NOT EXISTS (
                   SELECT 1 FROM public.hospital_affiliation f
                    WHERE f.practitioner_id = a.practitioner_id AND f.department_id = a.department_id
                      AND f.start_date <= public.scheduling_local_date(s.start)
                      AND (f.end_date IS NULL OR f.end_date >= public.scheduling_local_date(s.start)))
                   THEN 'the practitioner would not be affiliated to the department on its date'
               END AS why
          FROM public.scheduling_booking b
          LEFT JOIN public.scheduling_slot s ON s.id = b.slot_id
          LEFT JOIN public.scheduling_agenda a ON a.id = s.agenda_id
          LEFT JOIN public.hospital_department d ON d.id = a.department_id
          LEFT JOIN public.hospital_establishment e ON e.id = d.establishment_id
          LEFT JOIN public.scheduling_visitreason r ON r.id = b.reason_id
         WHERE {match} AND b.status {NOT_CANCELLED}
      ) v
     WHERE v.why IS NOT NULL;
"""


# Given booking ids: lock what they resolve through, then refuse, naming up to
# ten of them, if any that is not cancelled does not resolve as of its slot's
# time (an open agenda is asked of active bookings whose slot has not ended).
# One booking (a booking written, the common case) is matched by equality:
# PostgreSQL then keeps one plan per session for each statement. Given an
# array, it planned the four statements again at every commit (custom plans,
# ~10 ms a check on the bench's database under load, against 0.1 ms;
# bench/README.md), and a plan kept for any array can be a bad one.
CHECK = _function(
    "scheduling_invariant_check",
    f"""
DECLARE v_id bigint; n integer; listed text; why text;
BEGIN
    -- An older snapshot would miss bookings committed since it was taken
    -- (even the search for the bookings that depend on a change).
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION '{MARKER} % is checked in READ COMMITTED transactions only', p_change
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF p_bookings IS NULL OR cardinality(p_bookings) = 0 THEN
        RETURN;
    END IF;
    IF cardinality(p_bookings) = 1 THEN
        v_id := p_bookings[1];
{_check_statements("b.id = v_id")}    ELSE
{_check_statements("b.id = ANY (p_bookings)")}    END IF;
    IF n > 0 THEN
        RAISE EXCEPTION '{MARKER} % refused: % for % booking(s) (%); move or cancel the upcoming ones first, the past is not rewritten',
            p_change, why, n, listed
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
END
""",
    returns="void",
    args="p_bookings bigint[], p_change text",
)


def _dependents(name: str, change: str, bookings: str) -> DbObject:
    """A trigger function re-checking the bookings that depend on OLD or NEW."""
    return _function(
        name,
        f"""
BEGIN
    PERFORM public.scheduling_invariant_check(ARRAY(
        {bookings.strip()}
    ), '{change}');
    RETURN NULL;
END
""",
    )


ON_BOOKING = _function(
    "scheduling_invariant_on_booking",
    """
BEGIN
    PERFORM public.scheduling_invariant_check(ARRAY[NEW.id], 'this booking');
    RETURN NULL;
END
""",
)
ON_SLOT = _dependents(
    "scheduling_invariant_on_slot",
    "this change to a slot",
    f"SELECT b.id FROM public.scheduling_booking b"
    f" WHERE b.slot_id IN (OLD.id, NEW.id) AND b.status {NOT_CANCELLED}",
)
_VIA_SLOTS = (
    "SELECT b.id FROM public.scheduling_booking b"
    " JOIN public.scheduling_slot s ON s.id = b.slot_id"
    f' WHERE b.status IN {ACTIVE} AND s."end" > now() AND s.agenda_id IN ({{agendas}})'
)
ON_AGENDA = _dependents(
    "scheduling_invariant_on_agenda",
    "this change to an agenda",
    _VIA_SLOTS.format(agendas="OLD.id, NEW.id"),
)
ON_REASON = _dependents(
    "scheduling_invariant_on_visitreason",
    "this change to a visit reason",
    f"SELECT b.id FROM public.scheduling_booking b"
    f" WHERE b.reason_id IN (OLD.id, NEW.id) AND b.status IN {ACTIVE}",
)
ON_DEPARTMENT = _dependents(
    "scheduling_invariant_on_department",
    "this change to a department",
    _VIA_SLOTS.format(
        agendas="SELECT a.id FROM public.scheduling_agenda a"
        " WHERE a.department_id IN (OLD.id, NEW.id)"
    ),
)
ON_ESTABLISHMENT = _dependents(
    "scheduling_invariant_on_establishment",
    "this change to an establishment",
    _VIA_SLOTS.format(
        agendas="SELECT a.id FROM public.scheduling_agenda a"
        " JOIN public.hospital_department d ON d.id = a.department_id"
        " WHERE d.establishment_id IN (OLD.id, NEW.id)"
    ),
)
# The bookings of any time, not cancelled, whose local date the OLD row
# covered and the NEW row (NULL on DELETE) no longer covers for the same key.
_UNCOVERED = (
    "SELECT b.id FROM public.scheduling_booking b"
    " JOIN public.scheduling_slot s ON s.id = b.slot_id"
    f" WHERE b.status {NOT_CANCELLED} AND s.agenda_id IN ({{agendas}})"
    f" AND {DAY} BETWEEN OLD.{{start}} AND coalesce(OLD.{{end}}, 'infinity'::date)"
    " AND NOT coalesce({same} AND"
    f" {DAY} BETWEEN NEW.{{start}} AND coalesce(NEW.{{end}}, 'infinity'::date), false)"
)
ON_AFFILIATION = _dependents(
    "scheduling_invariant_on_affiliation",
    "this change to an affiliation",
    _VIA_SLOTS.format(
        agendas="SELECT a.id FROM public.scheduling_agenda a"
        " WHERE (a.practitioner_id = OLD.practitioner_id AND a.department_id = OLD.department_id)"
        " OR (a.practitioner_id = NEW.practitioner_id AND a.department_id = NEW.department_id)"
    )
    + " UNION "
    + _UNCOVERED.format(
        agendas="SELECT a.id FROM public.scheduling_agenda a"
        " WHERE a.practitioner_id = OLD.practitioner_id AND a.department_id = OLD.department_id",
        start="start_date",
        end="end_date",
        same="(NEW.practitioner_id, NEW.department_id) = (OLD.practitioner_id, OLD.department_id)",
    ),
)
_AGENDAS_OF_ESTABLISHMENT = (
    "SELECT a.id FROM public.scheduling_agenda a"
    " JOIN public.hospital_department d ON d.id = a.department_id"
    " WHERE d.establishment_id IN ({ids})"
)
ON_MEMBERSHIP = _dependents(
    "scheduling_invariant_on_membership",
    "this change to a membership period",
    _VIA_SLOTS.format(
        agendas=_AGENDAS_OF_ESTABLISHMENT.format(ids="OLD.establishment_id, NEW.establishment_id")
    )
    + " UNION "
    + _UNCOVERED.format(
        agendas=_AGENDAS_OF_ESTABLISHMENT.format(ids="OLD.establishment_id"),
        start="starts_on",
        end="ends_on",
        same="NEW.establishment_id = OLD.establishment_id",
    ),
)

_DEFERRED = "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.{function}()"
INVARIANT_TRIGGERS = [
    _trigger(
        "scheduling_booking",
        "institution_rule",
        "AFTER INSERT OR UPDATE ON {table} "
        + _DEFERRED.format(function="scheduling_invariant_on_booking"),
        constraint=True,
    ),
    *(
        _trigger(
            table,
            "institution_rule",
            "AFTER UPDATE OR DELETE ON {table} " + _DEFERRED.format(function=function.name),
            constraint=True,
        )
        for table, function in [
            ("scheduling_slot", ON_SLOT),
            ("scheduling_agenda", ON_AGENDA),
            ("scheduling_visitreason", ON_REASON),
            ("hospital_department", ON_DEPARTMENT),
            ("hospital_establishment", ON_ESTABLISHMENT),
            ("hospital_affiliation", ON_AFFILIATION),
            ("hospital_membership", ON_MEMBERSHIP),
        ]
    ),
]

IMMUTABLE = _function(
    "platform_immutable_identity",
    f"""
BEGIN
    RAISE EXCEPTION '{MARKER} the identity of a % row never changes', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END
""",
)


def _immutable_trigger(table: str, columns: tuple[str, ...]) -> DbObject:
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
    return _trigger(
        table,
        "platform_immutable_identity",
        f"BEFORE UPDATE ON {{table}} FOR EACH ROW WHEN ({changed}) "
        "EXECUTE FUNCTION public.platform_immutable_identity()",
    )


# A booking is never deleted, and moves through its statuses one way:
# pending -> booked | cancelled; booked -> cancelled | honoured | missed;
# honoured <-> missed (a correction). An outcome needs a started slot. A
# booking that is over keeps its slot, reason and patient. Its revision
# (sequence, the calendar event's SEQUENCE) never goes back, and goes up
# whenever it changes slot (a move in place), so the patient's calendar
# always replaces the event it has.
LIFECYCLE = _function(
    "scheduling_booking_lifecycle",
    f"""
DECLARE v_start timestamptz;
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '{MARKER} bookings are never deleted; cancel them, with a reason'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status IS DISTINCT FROM NEW.status AND NOT (
           (OLD.status = 'pending' AND NEW.status IN ('booked', 'cancelled'))
        OR (OLD.status = 'booked' AND NEW.status IN ('cancelled', 'honoured', 'missed'))
        OR (OLD.status IN ('honoured', 'missed') AND NEW.status IN ('honoured', 'missed'))) THEN
        RAISE EXCEPTION '{MARKER} a % booking cannot become %', OLD.status, NEW.status
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status NOT IN {ACTIVE}
       AND (OLD.slot_id, OLD.reason_id, OLD.patient_id)
           IS DISTINCT FROM (NEW.slot_id, NEW.reason_id, NEW.patient_id) THEN
        RAISE EXCEPTION '{MARKER} a % booking keeps its slot, reason and patient', OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status = 'cancelled'
       AND (OLD.cancelled_at, OLD.cancelled_by_id, OLD.cancel_reason)
           IS DISTINCT FROM (NEW.cancelled_at, NEW.cancelled_by_id, NEW.cancel_reason) THEN
        RAISE EXCEPTION '{MARKER} a cancelled booking keeps who cancelled it, when and why'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.sequence < OLD.sequence
        OR (OLD.slot_id IS DISTINCT FROM NEW.slot_id AND NEW.sequence <= OLD.sequence)) THEN
        RAISE EXCEPTION '{MARKER} the revision of a booking goes up when it moves, and never back'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.status IN ('honoured', 'missed') THEN
        SELECT s.start INTO v_start FROM public.scheduling_slot s WHERE s.id = NEW.slot_id;
        IF v_start IS NULL OR v_start > now() THEN
            RAISE EXCEPTION '{MARKER} an outcome is recorded only once the appointment has started'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    RETURN NEW;
END
""",
)
LIFECYCLE_TRIGGER = _trigger(
    "scheduling_booking",
    "scheduling_booking_lifecycle",
    "BEFORE INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW "
    "EXECUTE FUNCTION public.scheduling_booking_lifecycle()",
)

AGENDA_MEMBER = _function(
    "scheduling_agenda_member_department",
    f"""
BEGIN
    PERFORM 1 FROM public.hospital_department d
      JOIN public.hospital_membership m ON m.establishment_id = d.establishment_id
     WHERE d.id = NEW.department_id AND (m.ends_on IS NULL OR m.ends_on >= {TODAY})
       FOR SHARE OF d, m;
    IF NOT FOUND THEN
        RAISE EXCEPTION '{MARKER} an agenda can only be opened in an establishment that is or will be a member'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
""",
)
AGENDA_REPOINT = _function(
    "scheduling_agenda_repoint_guard",
    f"""
DECLARE n integer; listed text;
BEGIN
    SELECT count(*), array_to_string((array_agg(left(b.public_id::text, 8) ORDER BY s.start))[1:10], ', ')
      INTO n, listed
      FROM public.scheduling_booking b
      JOIN public.scheduling_slot s ON s.id = b.slot_id
     WHERE s.agenda_id = NEW.id AND b.status {NOT_CANCELLED};
    IF n > 0 THEN
        RAISE EXCEPTION '{MARKER} this agenda cannot change practitioner or department: % booking(s), past or upcoming, resolve through it (%)', n, listed
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
""",
)
DEPARTMENT_MOVE = _function(
    "scheduling_department_move_guard",
    f"""
BEGIN
    IF EXISTS (SELECT 1 FROM public.scheduling_agenda WHERE department_id = NEW.id) THEN
        RAISE EXCEPTION '{MARKER} this department has agendas and cannot move to another establishment'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
""",
)
SLOT_BOOKED = _function(
    "scheduling_slot_booked_guard",
    f"""
BEGIN
    IF EXISTS (SELECT 1 FROM public.scheduling_booking
                WHERE slot_id = OLD.id AND status <> 'cancelled') THEN
        RAISE EXCEPTION '{MARKER} this slot is booked; move the booking, not the slot'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
""",
)
REASON_MOVE = _function(
    "scheduling_reason_move_guard",
    f"""
BEGIN
    IF EXISTS (SELECT 1 FROM public.scheduling_booking
                WHERE reason_id = NEW.id AND status {NOT_CANCELLED}) THEN
        RAISE EXCEPTION '{MARKER} bookings, past or upcoming, use this visit reason: it stays in its agenda'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
""",
)
FINESS_KEPT = _function(
    "scheduling_establishment_finess_guard",
    f"""
BEGIN
    IF EXISTS (SELECT 1 FROM public.scheduling_booking b
                 JOIN public.scheduling_slot s ON s.id = b.slot_id
                 JOIN public.scheduling_agenda a ON a.id = s.agenda_id
                 JOIN public.hospital_department d ON d.id = a.department_id
                WHERE d.establishment_id = NEW.id AND b.status {NOT_CANCELLED}) THEN
        RAISE EXCEPTION '{MARKER} bookings resolve to this establishment: its FINESS number never changes'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
""",
)

# A row a booking resolves through is never deleted, whatever the booking's
# status (bookings are never deleted: cancelled ones keep pointing at their
# slot). The foreign keys are checked at COMMIT, so without this a slot,
# agenda, department or establishment deleted and inserted again with its id
# in one transaction came back with other times, practitioner, department or
# FINESS past every guard on UPDATE (round 4, F7). sqlite.py refuses the same
# with the same messages. {table: (the refusal, the agendas of OLD, a row of
# the table; None for a slot)}, {schema} being "public." here and "" there.
KEPT_UNDER_BOOKINGS: dict[str, tuple[str, str | None]] = {
    "scheduling_slot": ("bookings were made on this slot: it is never deleted", None),
    "scheduling_agenda": (
        "bookings were made in this agenda: it is never deleted; close it instead",
        "SELECT OLD.id",
    ),
    "hospital_department": (
        "bookings were made in the agendas of this department: it is never deleted",
        "SELECT a.id FROM {schema}scheduling_agenda a WHERE a.department_id = OLD.id",
    ),
    "hospital_establishment": (
        "bookings were made in this establishment: it is never deleted; end its membership instead",
        "SELECT a.id FROM {schema}scheduling_agenda a"
        " JOIN {schema}hospital_department d ON d.id = a.department_id"
        " WHERE d.establishment_id = OLD.id",
    ),
}


def bookings_through(table: str) -> str:
    """A query of the bookings made on the slots of OLD, a row of `table`.

    Each step gathers its ids before the next probes an index with them: an
    EXISTS over the join was planned for its first row, and PostgreSQL bet on
    a sequential scan of the slots finding a booked one early (reading the
    whole table when none was, the very case of a row that may go), or hashed
    every slot. An ARRAY sub-select is planned for all its rows, and a list
    of ids is looked up through the foreign keys' indexes."""
    agendas = KEPT_UNDER_BOOKINGS[table][1]
    slots = (
        "OLD.id"
        if agendas is None
        else "ANY (ARRAY(SELECT s.id FROM public.scheduling_slot s"
        f" WHERE s.agenda_id = ANY (ARRAY({agendas.format(schema='public.')}))))"
    )
    return f"SELECT 1 FROM public.scheduling_booking b WHERE b.slot_id = {slots}"


KEPT_UNDER_BOOKINGS_FUNCTIONS = [
    _function(
        f"{table}_kept_under_bookings",
        f"""
BEGIN
    IF EXISTS ({bookings_through(table)}) THEN
        RAISE EXCEPTION '{MARKER} {message}'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
END
""",
    )
    for table, (message, _agendas) in KEPT_UNDER_BOOKINGS.items()
]
KEPT_UNDER_BOOKINGS_TRIGGERS = [
    _trigger(
        table,
        "kept_under_bookings",
        "BEFORE DELETE ON {table} FOR EACH ROW "
        f"EXECUTE FUNCTION public.{table}_kept_under_bookings()",
    )
    for table in KEPT_UNDER_BOOKINGS
]

# HISTORY: what has happened stays as it happened (see the module's docstring).

# The columns of a booking whose slot has started that may still change: its
# outcome (status), its check-in (once: checked below), the worklist's flag
# (an absence flags an appointment under way, an outcome clears it) and the
# time of the last change, which every save() raises. Listed by what may
# change, so that a column added later is frozen by default.
STARTED_BOOKING_COLUMNS = ("status", "checked_in_at", "to_rebook", "updated_at")
# ...and, with a lapsed hold's release (pending → cancelled), what the
# release writes (services/booking/cancelling.py mark_cancelled).
HOLD_RELEASE_COLUMNS = ("cancelled_at", "cancelled_by_id", "cancel_reason", "sequence")


def _sql_array(columns: tuple[str, ...]) -> str:
    return "ARRAY[" + ", ".join(f"'{c}'" for c in columns) + "]::text[]"


BOOKING_HISTORY = _function(
    "scheduling_booking_history",
    f"""
DECLARE v_new_start timestamptz; v_old_start timestamptz;
    v_may_change text[] := {_sql_array(STARTED_BOOKING_COLUMNS)};
BEGIN
    SELECT s.start INTO v_new_start FROM public.scheduling_slot s WHERE s.id = NEW.slot_id;
    IF TG_OP = 'INSERT' THEN
        IF v_new_start <= {CLOCK} THEN
            RAISE EXCEPTION '{MARKER} no booking is made on a slot that has started'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF (OLD.channel, OLD.created_by_id, OLD.created_at)
       IS DISTINCT FROM (NEW.channel, NEW.created_by_id, NEW.created_at) THEN
        RAISE EXCEPTION '{MARKER} a booking keeps its channel, its author and its creation time'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.checked_in_at IS NOT NULL AND OLD.checked_in_at IS DISTINCT FROM NEW.checked_in_at THEN
        RAISE EXCEPTION '{MARKER} a check-in, once recorded, never changes'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    SELECT s.start INTO v_old_start FROM public.scheduling_slot s WHERE s.id = OLD.slot_id;
    -- What may change once the slot has started is listed; every other
    -- column, one added later included, stays as it was.
    IF OLD.status = 'pending' AND NEW.status = 'cancelled' THEN
        v_may_change := v_may_change || {_sql_array(HOLD_RELEASE_COLUMNS)};
    END IF;
    IF v_old_start <= {CLOCK} AND (
           to_jsonb(NEW) - v_may_change IS DISTINCT FROM to_jsonb(OLD) - v_may_change
        OR (OLD.status IS DISTINCT FROM NEW.status AND NOT (
               (OLD.status = 'booked' AND NEW.status IN ('honoured', 'missed'))
            OR (OLD.status IN ('honoured', 'missed') AND NEW.status IN ('honoured', 'missed'))
            OR (OLD.status = 'pending' AND NEW.status = 'cancelled')))) THEN
        RAISE EXCEPTION '{MARKER} this appointment has started: only its outcome and check-in are recorded now'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.slot_id IS DISTINCT FROM NEW.slot_id AND v_new_start <= {CLOCK} THEN
        RAISE EXCEPTION '{MARKER} no booking is moved to a slot that has started'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
""",
)
# A slot that has started is history: the routing report counts last month's
# open reserved slots, booked and free, from its status and reservation.
SLOT_HISTORY = _function(
    "scheduling_slot_history",
    f"""
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.start <= {CLOCK} THEN
            RAISE EXCEPTION '{MARKER} no slot is opened in the past'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.start <= {CLOCK} THEN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION '{MARKER} this slot has started: it is never deleted'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF (OLD.agenda_id, OLD.start, OLD."end", OLD.status, OLD.reserved_for, OLD.opens_to_all_at)
           IS DISTINCT FROM
           (NEW.agenda_id, NEW.start, NEW."end", NEW.status, NEW.reserved_for, NEW.opens_to_all_at) THEN
            RAISE EXCEPTION '{MARKER} this slot has started: its agenda, times, status and reservation never change'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF NEW.start <= {CLOCK} AND (OLD.agenda_id, OLD.start, OLD."end")
                                IS DISTINCT FROM (NEW.agenda_id, NEW.start, NEW."end") THEN
        RAISE EXCEPTION '{MARKER} a slot is never moved into the past'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
""",
)
EARLY_START = (
    "a membership period starts today or later:"
    " only the first period of an establishment without bookings starts earlier"
)
MEMBERSHIP_HISTORY = _function(
    "hospital_membership_history",
    f"""
DECLARE v_today date := {TODAY};
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.ends_on < v_today THEN
        RAISE EXCEPTION '{MARKER} this membership period has ended: it never changes'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF OLD.starts_on <= v_today THEN
            RAISE EXCEPTION '{MARKER} this membership period has started: it is never deleted; give it an end date'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.starts_on <= v_today AND NEW.starts_on IS DISTINCT FROM OLD.starts_on THEN
        RAISE EXCEPTION '{MARKER} this membership period has started: its start never changes'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.ends_on < v_today AND (TG_OP = 'INSERT' OR NEW.ends_on IS DISTINCT FROM OLD.ends_on) THEN
        RAISE EXCEPTION '{MARKER} a membership ends today or later: the past is not rewritten'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    -- A period starts today or later: one starting earlier would say the
    -- establishment was a member over days it was not (after it left, or
    -- before it joined), which the report counts. Only its first period,
    -- before it has any booking, starts earlier (the seed's, an import's).
    IF NEW.starts_on < v_today AND (TG_OP = 'INSERT' OR NEW.starts_on < OLD.starts_on) AND (
           EXISTS (SELECT 1 FROM public.hospital_membership o
                    WHERE o.establishment_id = NEW.establishment_id AND o.id <> NEW.id)
        OR EXISTS (SELECT 1 FROM public.scheduling_booking b
                     JOIN public.scheduling_slot s ON s.id = b.slot_id
                     JOIN public.scheduling_agenda a ON a.id = s.agenda_id
                     JOIN public.hospital_department d ON d.id = a.department_id
                    WHERE d.establishment_id = NEW.establishment_id)) THEN
        RAISE EXCEPTION '{MARKER} {EARLY_START}'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    -- Today's appointments that have started are the past too: a period
    -- starting today never covers this morning's booking that resolved outside.
    IF NEW.starts_on <= v_today AND (TG_OP = 'INSERT' OR NEW.starts_on IS DISTINCT FROM OLD.starts_on) THEN
        IF EXISTS (SELECT 1 FROM public.scheduling_booking b
                     JOIN public.scheduling_slot s ON s.id = b.slot_id
                     JOIN public.scheduling_agenda a ON a.id = s.agenda_id
                     JOIN public.hospital_department d ON d.id = a.department_id
                    WHERE d.establishment_id = NEW.establishment_id AND b.status {NOT_CANCELLED}
                      AND s.start <= {CLOCK}
                      AND {DAY} BETWEEN NEW.starts_on AND coalesce(NEW.ends_on, 'infinity'::date)) THEN
            RAISE EXCEPTION '{MARKER} bookings of the past resolved outside the institution on these dates: a new period never covers them'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    RETURN NEW;
END
""",
)
# is_member: an open-ended membership period; the database refuses any other value.
MEMBER_FLAG = _function(
    "hospital_establishment_member_flag",
    f"""
BEGIN
    IF NEW.is_member IS DISTINCT FROM EXISTS (
           SELECT 1 FROM public.hospital_membership m
            WHERE m.establishment_id = NEW.id AND m.ends_on IS NULL) THEN
        RAISE EXCEPTION '{MARKER} is_member follows the membership periods; change the periods'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
""",
)
MEMBER_FLAG_REFRESH = _function(
    "hospital_membership_refresh_flag",
    """
BEGIN
    UPDATE public.hospital_establishment e
       SET is_member = EXISTS (SELECT 1 FROM public.hospital_membership m
                                WHERE m.establishment_id = e.id AND m.ends_on IS NULL)
     WHERE e.id IN (OLD.establishment_id, NEW.establishment_id)
       AND e.is_member IS DISTINCT FROM EXISTS (
           SELECT 1 FROM public.hospital_membership m
            WHERE m.establishment_id = e.id AND m.ends_on IS NULL);
    RETURN NULL;
END
""",
)

# An affiliation never launders the past: a booking whose appointment has
# started and that no affiliation covered (it resolved outside: written behind
# the rule's back, as an older version allowed) is not covered by a new
# affiliation, an earlier start, a later end or a re-pointed one afterwards —
# the twin of the membership periods' rule. Every booking the rule let in is
# covered by another affiliation, or by this one's old version, already.
_COVERS = "{day} BETWEEN {row}.start_date AND coalesce({row}.end_date, 'infinity'::date)"
AFFILIATION_HISTORY = _function(
    "hospital_affiliation_history",
    f"""
BEGIN
    IF EXISTS (
        SELECT 1 FROM public.scheduling_booking b
          JOIN public.scheduling_slot s ON s.id = b.slot_id
          JOIN public.scheduling_agenda a ON a.id = s.agenda_id
         WHERE a.practitioner_id = NEW.practitioner_id AND a.department_id = NEW.department_id
           AND b.status {NOT_CANCELLED} AND s.start <= {CLOCK}
           AND {_COVERS.format(day=DAY, row="NEW")}
           AND NOT (TG_OP = 'UPDATE'
                    AND (OLD.practitioner_id, OLD.department_id) = (NEW.practitioner_id, NEW.department_id)
                    AND {_COVERS.format(day=DAY, row="OLD")})
           AND NOT EXISTS (
               SELECT 1 FROM public.hospital_affiliation o
                WHERE o.id <> NEW.id AND o.practitioner_id = NEW.practitioner_id
                  AND o.department_id = NEW.department_id
                  AND {_COVERS.format(day=DAY, row="o")})) THEN
        RAISE EXCEPTION '{MARKER} bookings of the past resolved outside the institution on these dates: an affiliation never covers them afterwards'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
""",
)

# The report counts a booking for the call centre of the agent who made it
# (its author's agent row): an account that has made bookings never changes
# call centre, never stops being an agent, and never becomes one afterwards,
# which would each hand its past bookings to another team (or to none).
AGENT_HISTORY = _function(
    "scheduling_callcentreagent_history",
    f"""
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.call_centre_id IS NOT DISTINCT FROM OLD.call_centre_id THEN
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM public.scheduling_booking b
                WHERE b.created_by_id = CASE TG_OP WHEN 'INSERT' THEN NEW.user_id ELSE OLD.user_id END) THEN
        RAISE EXCEPTION '{MARKER} this account has made bookings, which the routing report counts for its call centre: it keeps its team'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
""",
)

# The report counts a booking for the API client whose service account made
# it. The client's account never changes (IMMUTABLE_IDS); no client is given
# an account that has made bookings (a secretary's phone bookings would count
# for it), and a client that booked is not deleted (its bookings would leave
# the report): it is deactivated. The PostgreSQL role cannot DELETE the table
# at all; the rule holds for the owner's maintenance too, and says why.
API_CLIENT_HISTORY = _function(
    "scheduling_apiclient_history",
    f"""
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF EXISTS (SELECT 1 FROM public.scheduling_booking b WHERE b.created_by_id = NEW.user_id) THEN
            RAISE EXCEPTION '{MARKER} this account has made bookings, which the routing report would count for this API client: a client is given a new service account'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM public.scheduling_booking b WHERE b.created_by_id = OLD.user_id) THEN
        RAISE EXCEPTION '{MARKER} this API client has made bookings, which the routing report counts for it: it is not deleted, deactivate it'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
END
""",
)

# PostgreSQL's dates and timestamps include 'infinity' and '-infinity', which
# no Python date or datetime holds and which pass every comparison the rules
# make (a period ending at 'infinity' ends after today, covers what it
# covered): the columns the rules and the routing report read are finite.
FINITE_TIMES = {
    "hospital_membership": ("starts_on", "ends_on"),
    "hospital_affiliation": ("start_date", "end_date"),
    "scheduling_slot": ("start", "end"),
    "scheduling_booking": (
        "created_at",
        "cancelled_at",
        "hold_expires_at",
        "checked_in_at",
        "updated_at",
    ),
}
FINITE = _function(
    "scheduling_finite_times",
    f"""
BEGIN
    RAISE EXCEPTION '{MARKER} dates and times are finite: no infinity in %', TG_TABLE_NAME
        USING ERRCODE = 'check_violation';
END
""",
)


def _finite_trigger(table: str, columns: tuple[str, ...]) -> DbObject:
    infinite = " OR ".join(f'NOT isfinite(NEW."{c}")' for c in columns)
    return _trigger(
        table,
        f"{table}_finite_times",
        f"BEFORE INSERT OR UPDATE ON {{table}} FOR EACH ROW WHEN ({infinite}) "
        "EXECUTE FUNCTION public.scheduling_finite_times()",
    )


HISTORY_TRIGGERS = [
    _trigger(
        "scheduling_booking",
        "scheduling_booking_history",
        "BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW "
        "EXECUTE FUNCTION public.scheduling_booking_history()",
    ),
    _trigger(
        "scheduling_slot",
        "scheduling_slot_history",
        "BEFORE INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW "
        "EXECUTE FUNCTION public.scheduling_slot_history()",
    ),
    _trigger(
        "hospital_membership",
        "hospital_membership_history",
        "BEFORE INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW "
        "EXECUTE FUNCTION public.hospital_membership_history()",
    ),
    _trigger(
        "hospital_affiliation",
        "hospital_affiliation_history",
        "BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW "
        "EXECUTE FUNCTION public.hospital_affiliation_history()",
    ),
    _trigger(
        "scheduling_callcentreagent",
        "scheduling_callcentreagent_history",
        "BEFORE INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW "
        "EXECUTE FUNCTION public.scheduling_callcentreagent_history()",
    ),
    _trigger(
        "scheduling_apiclient",
        "scheduling_apiclient_history",
        "BEFORE INSERT OR DELETE ON {table} FOR EACH ROW "
        "EXECUTE FUNCTION public.scheduling_apiclient_history()",
    ),
    _trigger(
        "hospital_establishment",
        "hospital_establishment_member_flag",
        "BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW "
        "EXECUTE FUNCTION public.hospital_establishment_member_flag()",
    ),
    _trigger(
        "hospital_membership",
        "hospital_membership_refresh_flag",
        "AFTER INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW "
        "EXECUTE FUNCTION public.hospital_membership_refresh_flag()",
    ),
]

GUARD_TRIGGERS = [
    _trigger(
        "scheduling_agenda",
        "scheduling_agenda_member_department",
        "BEFORE INSERT OR UPDATE OF department_id ON {table} FOR EACH ROW "
        "EXECUTE FUNCTION public.scheduling_agenda_member_department()",
    ),
    _trigger(
        "scheduling_agenda",
        "scheduling_agenda_repoint_guard",
        "AFTER UPDATE ON {table} FOR EACH ROW "
        "WHEN (OLD.practitioner_id IS DISTINCT FROM NEW.practitioner_id"
        " OR OLD.department_id IS DISTINCT FROM NEW.department_id) "
        "EXECUTE FUNCTION public.scheduling_agenda_repoint_guard()",
    ),
    _trigger(
        "scheduling_visitreason",
        "scheduling_reason_move_guard",
        "AFTER UPDATE ON {table} FOR EACH ROW "
        "WHEN (OLD.agenda_id IS DISTINCT FROM NEW.agenda_id) "
        "EXECUTE FUNCTION public.scheduling_reason_move_guard()",
    ),
    _trigger(
        "hospital_establishment",
        "scheduling_establishment_finess_guard",
        "AFTER UPDATE ON {table} FOR EACH ROW "
        "WHEN (OLD.finess IS DISTINCT FROM NEW.finess) "
        "EXECUTE FUNCTION public.scheduling_establishment_finess_guard()",
    ),
    _trigger(
        "hospital_department",
        "scheduling_department_move_guard",
        "AFTER UPDATE ON {table} FOR EACH ROW "
        "WHEN (OLD.establishment_id IS DISTINCT FROM NEW.establishment_id) "
        "EXECUTE FUNCTION public.scheduling_department_move_guard()",
    ),
    _trigger(
        "scheduling_slot",
        "scheduling_slot_booked_guard",
        "AFTER UPDATE ON {table} FOR EACH ROW "
        "WHEN (OLD.agenda_id IS DISTINCT FROM NEW.agenda_id OR OLD.start IS DISTINCT FROM NEW.start"
        ' OR OLD."end" IS DISTINCT FROM NEW."end") '
        "EXECUTE FUNCTION public.scheduling_slot_booked_guard()",
    ),
]


def objects() -> list[DbObject]:
    return [
        LOCAL_DATE,
        CHECK,
        ON_BOOKING,
        ON_SLOT,
        ON_AGENDA,
        ON_REASON,
        ON_DEPARTMENT,
        ON_ESTABLISHMENT,
        ON_AFFILIATION,
        ON_MEMBERSHIP,
        *INVARIANT_TRIGGERS,
        IMMUTABLE,
        *(_immutable_trigger(table, columns) for table, columns in IMMUTABLE_IDS.items()),
        LIFECYCLE,
        LIFECYCLE_TRIGGER,
        AGENDA_MEMBER,
        AGENDA_REPOINT,
        DEPARTMENT_MOVE,
        SLOT_BOOKED,
        REASON_MOVE,
        FINESS_KEPT,
        *GUARD_TRIGGERS,
        *KEPT_UNDER_BOOKINGS_FUNCTIONS,
        *KEPT_UNDER_BOOKINGS_TRIGGERS,
        BOOKING_HISTORY,
        SLOT_HISTORY,
        MEMBERSHIP_HISTORY,
        MEMBER_FLAG,
        MEMBER_FLAG_REFRESH,
        AFFILIATION_HISTORY,
        AGENT_HISTORY,
        API_CLIENT_HISTORY,
        *HISTORY_TRIGGERS,
        FINITE,
        *(_finite_trigger(table, columns) for table, columns in FINITE_TIMES.items()),
    ]
