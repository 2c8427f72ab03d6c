"""The institution rule as PostgreSQL enforces it.

One invariant, re-checked at COMMIT (deferred constraint triggers, all named
`institution_rule`, so that `SET CONSTRAINTS institution_rule IMMEDIATE`
runs them all at once: hospital/db_refusals.check_rules_now): every active booking (booked or pending) whose slot
has not ended resolves to a member establishment, through an active agenda
whose practitioner is affiliated to the agenda's department on the slot's
local date, with a visit reason of that agenda.

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
agenda keeps its practitioner and department while bookings are upcoming,
and only opens in a member establishment; a department with agendas stays
in its establishment.

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

# Given booking ids: lock what they resolve through, then refuse, naming up to
# ten of them, if any active one whose slot has not ended does not resolve.
CHECK = _function(
    "scheduling_invariant_check",
    f"""
DECLARE n integer; listed text; why text;
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
    PERFORM 1
       FROM public.scheduling_booking b
       JOIN public.scheduling_slot s ON s.id = b.slot_id
       JOIN public.scheduling_agenda a ON a.id = s.agenda_id
       JOIN public.hospital_department d ON d.id = a.department_id
       JOIN public.hospital_establishment e ON e.id = d.establishment_id
       JOIN public.scheduling_visitreason r ON r.id = b.reason_id
      WHERE b.id = ANY (p_bookings) AND b.status IN {ACTIVE}
        FOR SHARE OF s, a, d, e, r;
    PERFORM 1
       FROM public.scheduling_booking b
       JOIN public.scheduling_slot s ON s.id = b.slot_id
       JOIN public.scheduling_agenda a ON a.id = s.agenda_id
       JOIN public.hospital_affiliation f
         ON f.practitioner_id = a.practitioner_id AND f.department_id = a.department_id
      WHERE b.id = ANY (p_bookings) AND b.status IN {ACTIVE}
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
                 WHEN NOT e.is_member THEN 'it would resolve to an establishment outside the institution'
                 WHEN NOT a.is_active THEN 'its agenda would be closed'
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
         WHERE b.id = ANY (p_bookings) AND b.status IN {ACTIVE}
           AND (s.id IS NULL OR s."end" > now())
      ) v
     WHERE v.why IS NOT NULL;
    IF n > 0 THEN
        RAISE EXCEPTION '{MARKER} % refused: % for % active booking(s) (%); move or cancel them first',
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
    f" WHERE b.slot_id IN (OLD.id, NEW.id) AND b.status IN {ACTIVE}",
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
ON_AFFILIATION = _dependents(
    "scheduling_invariant_on_affiliation",
    "this change to an affiliation",
    _VIA_SLOTS.format(
        agendas="SELECT a.id FROM public.scheduling_agenda a"
        " WHERE (a.practitioner_id = OLD.practitioner_id AND a.department_id = OLD.department_id)"
        " OR (a.practitioner_id = NEW.practitioner_id AND a.department_id = NEW.department_id)"
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
      JOIN public.hospital_establishment e ON e.id = d.establishment_id
     WHERE d.id = NEW.department_id AND e.is_member
       FOR SHARE OF d, e;
    IF NOT FOUND THEN
        RAISE EXCEPTION '{MARKER} an agenda can only be opened in a member establishment'
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
     WHERE s.agenda_id = NEW.id AND b.status IN {ACTIVE} AND s.start >= now();
    IF n > 0 THEN
        RAISE EXCEPTION '{MARKER} this agenda cannot change practitioner or department: % upcoming booking(s) depend on it (%); move or cancel them first', n, listed
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
        *INVARIANT_TRIGGERS,
        IMMUTABLE,
        *(_immutable_trigger(table, columns) for table, columns in IMMUTABLE_IDS.items()),
        LIFECYCLE,
        LIFECYCLE_TRIGGER,
        AGENDA_MEMBER,
        AGENDA_REPOINT,
        DEPARTMENT_MOVE,
        SLOT_BOOKED,
        *GUARD_TRIGGERS,
    ]
