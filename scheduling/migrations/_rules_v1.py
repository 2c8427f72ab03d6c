"""FROZEN: the institution rule's SQL (v1), exactly as the migrations scheduling 0002, 0004 and 0005 installed it.

Migrations never import today's rule code (editing it would silently change
what an old migration installs); they import this verbatim copy. Never edit
it: a new version of the rules is a new migration (`manage.py freeze_rules`).
"""

from collections.abc import Sequence

from django.db import migrations
from django.conf import settings

TZ = settings.TIME_ZONE

# --- PostgreSQL -------------------------------------------------------------

_PG_UPCOMING_LIST = """
    SELECT count(*), array_to_string((array_agg(left(b.public_id::text, 8) ORDER BY s.start))[1:10], ', ')
      INTO n, listed
      FROM scheduling_booking b
      JOIN scheduling_slot s ON s.id = b.slot_id
      JOIN scheduling_agenda a ON a.id = s.agenda_id
     WHERE b.status IN ('booked', 'pending') AND s.start >= now() AND {condition};
"""


def _pg_guard(name: str, declare_extra: str, condition: str, message: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n integer; listed text; {declare_extra}
BEGIN
    {_PG_UPCOMING_LIST.format(condition=condition)}
    IF n > 0 THEN
        RAISE EXCEPTION 'institution rule: {message}: % upcoming booking(s) depend on it (%); move or cancel them first', n, listed
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END $$;
"""


POSTGRESQL = [
    f"""
CREATE OR REPLACE FUNCTION scheduling_local_date(ts timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE AS $$ SELECT (ts AT TIME ZONE '{TZ}')::date $$;
""",
    # Every active booking: member establishment, affiliation on the slot's
    # date, reason of the slot's agenda. The rows it relies on are share-locked
    # so that a concurrent change to them waits for this booking and then sees
    # it (and the guards below refuse that change).
    """
CREATE OR REPLACE FUNCTION scheduling_booking_institution_rule() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_member boolean; v_practitioner bigint; v_department bigint; v_agenda bigint; v_day date;
BEGIN
    SELECT e.is_member, a.practitioner_id, a.department_id, a.id, scheduling_local_date(s.start)
      INTO v_member, v_practitioner, v_department, v_agenda, v_day
      FROM scheduling_slot s
      JOIN scheduling_agenda a ON a.id = s.agenda_id
      JOIN hospital_department d ON d.id = a.department_id
      JOIN hospital_establishment e ON e.id = d.establishment_id
     WHERE s.id = NEW.slot_id
       FOR SHARE OF s, a, d, e;
    IF NOT FOUND OR NOT v_member THEN
        RAISE EXCEPTION 'institution rule: the slot belongs to an establishment outside the institution'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    PERFORM 1 FROM hospital_affiliation f
      WHERE f.practitioner_id = v_practitioner AND f.department_id = v_department
        AND f.start_date <= v_day AND (f.end_date IS NULL OR f.end_date >= v_day)
      LIMIT 1 FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'institution rule: the practitioner is not affiliated to this department on %', v_day
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    PERFORM 1 FROM scheduling_visitreason r WHERE r.id = NEW.reason_id AND r.agenda_id = v_agenda;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'institution rule: the visit reason belongs to another agenda than the slot'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
""",
    """
CREATE TRIGGER scheduling_booking_institution_rule
BEFORE INSERT OR UPDATE ON scheduling_booking
FOR EACH ROW WHEN (NEW.status <> 'cancelled')
EXECUTE FUNCTION scheduling_booking_institution_rule();
""",
    _pg_guard(
        "scheduling_establishment_membership_guard",
        "",
        "a.department_id IN (SELECT id FROM hospital_department WHERE establishment_id = NEW.id)",
        "this establishment cannot leave the institution",
    ),
    """
CREATE TRIGGER scheduling_establishment_membership_guard
AFTER UPDATE OF is_member ON hospital_establishment
FOR EACH ROW WHEN (OLD.is_member AND NOT NEW.is_member)
EXECUTE FUNCTION scheduling_establishment_membership_guard();
""",
    """
CREATE OR REPLACE FUNCTION scheduling_department_move_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM scheduling_agenda WHERE department_id = NEW.id) THEN
        RAISE EXCEPTION 'institution rule: this department has agendas and cannot move to another establishment'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END $$;
""",
    """
CREATE TRIGGER scheduling_department_move_guard
AFTER UPDATE OF establishment_id ON hospital_department
FOR EACH ROW WHEN (OLD.establishment_id IS DISTINCT FROM NEW.establishment_id)
EXECUTE FUNCTION scheduling_department_move_guard();
""",
    """
CREATE OR REPLACE FUNCTION scheduling_agenda_member_department() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM hospital_department d JOIN hospital_establishment e ON e.id = d.establishment_id
      WHERE d.id = NEW.department_id AND e.is_member FOR SHARE OF d, e;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'institution rule: an agenda can only be opened in a member establishment'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
""",
    """
CREATE TRIGGER scheduling_agenda_member_department
BEFORE INSERT OR UPDATE OF department_id ON scheduling_agenda
FOR EACH ROW EXECUTE FUNCTION scheduling_agenda_member_department();
""",
    _pg_guard(
        "scheduling_agenda_repoint_guard",
        "",
        "a.id = NEW.id",
        "this agenda cannot change practitioner or department",
    ),
    """
CREATE TRIGGER scheduling_agenda_repoint_guard
AFTER UPDATE OF practitioner_id, department_id ON scheduling_agenda
FOR EACH ROW WHEN (OLD.practitioner_id IS DISTINCT FROM NEW.practitioner_id
                   OR OLD.department_id IS DISTINCT FROM NEW.department_id)
EXECUTE FUNCTION scheduling_agenda_repoint_guard();
""",
    _pg_guard(
        "scheduling_affiliation_guard",
        "",
        """a.practitioner_id = OLD.practitioner_id AND a.department_id = OLD.department_id
           AND NOT EXISTS (
               SELECT 1 FROM hospital_affiliation f
                WHERE f.practitioner_id = a.practitioner_id AND f.department_id = a.department_id
                  AND f.start_date <= scheduling_local_date(s.start)
                  AND (f.end_date IS NULL OR f.end_date >= scheduling_local_date(s.start)))""",
        "this affiliation cannot be ended, moved or removed",
    ),
    """
CREATE TRIGGER scheduling_affiliation_guard
AFTER UPDATE OR DELETE ON hospital_affiliation
FOR EACH ROW EXECUTE FUNCTION scheduling_affiliation_guard();
""",
    """
CREATE OR REPLACE FUNCTION scheduling_slot_booked_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM scheduling_booking WHERE slot_id = NEW.id AND status <> 'cancelled') THEN
        RAISE EXCEPTION 'institution rule: this slot is booked; move the booking, not the slot'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END $$;
""",
    """
CREATE TRIGGER scheduling_slot_booked_guard
AFTER UPDATE OF agenda_id, start ON scheduling_slot
FOR EACH ROW WHEN (OLD.agenda_id IS DISTINCT FROM NEW.agenda_id OR OLD.start IS DISTINCT FROM NEW.start)
EXECUTE FUNCTION scheduling_slot_booked_guard();
""",
    # The exclusion constraint needs btree_gist for the equality on agenda_id.
    """
ALTER TABLE scheduling_slot ADD CONSTRAINT scheduling_slot_no_overlap
EXCLUDE USING gist (agenda_id WITH =, tstzrange(start, "end", '[)') WITH &&);
""",
]

POSTGRESQL_REVERSE = [
    "ALTER TABLE scheduling_slot DROP CONSTRAINT IF EXISTS scheduling_slot_no_overlap;",
    "DROP TRIGGER IF EXISTS scheduling_slot_booked_guard ON scheduling_slot;",
    "DROP TRIGGER IF EXISTS scheduling_affiliation_guard ON hospital_affiliation;",
    "DROP TRIGGER IF EXISTS scheduling_agenda_repoint_guard ON scheduling_agenda;",
    "DROP TRIGGER IF EXISTS scheduling_agenda_member_department ON scheduling_agenda;",
    "DROP TRIGGER IF EXISTS scheduling_department_move_guard ON hospital_department;",
    "DROP TRIGGER IF EXISTS scheduling_establishment_membership_guard ON hospital_establishment;",
    "DROP TRIGGER IF EXISTS scheduling_booking_institution_rule ON scheduling_booking;",
    "DROP FUNCTION IF EXISTS scheduling_slot_booked_guard();",
    "DROP FUNCTION IF EXISTS scheduling_affiliation_guard();",
    "DROP FUNCTION IF EXISTS scheduling_agenda_repoint_guard();",
    "DROP FUNCTION IF EXISTS scheduling_agenda_member_department();",
    "DROP FUNCTION IF EXISTS scheduling_department_move_guard();",
    "DROP FUNCTION IF EXISTS scheduling_establishment_membership_guard();",
    "DROP FUNCTION IF EXISTS scheduling_booking_institution_rule();",
    "DROP FUNCTION IF EXISTS scheduling_local_date(timestamptz);",
]

# --- SQLite -----------------------------------------------------------------
# SQLite has no time zones: django_datetime_cast_date() is registered by
# Django on each of its connections. A client without it cannot write to
# these tables at all, which fails closed.

_SQLITE_DAY = f"django_datetime_cast_date(s.start, '{TZ}', 'UTC')"
_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
_SQLITE_UPCOMING = f"""
    SELECT 1 FROM scheduling_booking b
      JOIN scheduling_slot s ON s.id = b.slot_id
      JOIN scheduling_agenda a ON a.id = s.agenda_id
     WHERE b.status IN ('booked', 'pending') AND s.start >= {_SQLITE_NOW} AND {{condition}}"""


def _sqlite_booking_rule(event: str) -> str:
    return f"""
CREATE TRIGGER scheduling_booking_institution_rule_{event.lower()}
BEFORE {event} ON scheduling_booking
FOR EACH ROW WHEN NEW.status <> 'cancelled'
BEGIN
    SELECT RAISE(ABORT, 'institution rule: the slot belongs to an establishment outside the institution')
     WHERE NOT EXISTS (
        SELECT 1 FROM scheduling_slot s
          JOIN scheduling_agenda a ON a.id = s.agenda_id
          JOIN hospital_department d ON d.id = a.department_id
          JOIN hospital_establishment e ON e.id = d.establishment_id
         WHERE s.id = NEW.slot_id AND e.is_member);
    SELECT RAISE(ABORT, 'institution rule: the practitioner is not affiliated to this department on the slot''s date')
     WHERE NOT EXISTS (
        SELECT 1 FROM scheduling_slot s
          JOIN scheduling_agenda a ON a.id = s.agenda_id
          JOIN hospital_affiliation f
            ON f.practitioner_id = a.practitioner_id AND f.department_id = a.department_id
         WHERE s.id = NEW.slot_id AND f.start_date <= {_SQLITE_DAY}
           AND (f.end_date IS NULL OR f.end_date >= {_SQLITE_DAY}));
    SELECT RAISE(ABORT, 'institution rule: the visit reason belongs to another agenda than the slot')
     WHERE NOT EXISTS (
        SELECT 1 FROM scheduling_visitreason r JOIN scheduling_slot s ON s.agenda_id = r.agenda_id
         WHERE r.id = NEW.reason_id AND s.id = NEW.slot_id);
END;
"""


def _sqlite_guard(name: str, timing: str, when: str, condition: str, message: str) -> str:
    return f"""
CREATE TRIGGER {name} {timing}
FOR EACH ROW WHEN {when}
BEGIN
    SELECT RAISE(ABORT, 'institution rule: {message}; upcoming bookings depend on it')
     WHERE EXISTS ({_SQLITE_UPCOMING.format(condition=condition)});
END;
"""


_SQLITE_NOT_COVERED = f"""a.practitioner_id = OLD.practitioner_id AND a.department_id = OLD.department_id
           AND NOT EXISTS (
               SELECT 1 FROM hospital_affiliation f
                WHERE f.practitioner_id = a.practitioner_id AND f.department_id = a.department_id
                  AND f.start_date <= {_SQLITE_DAY}
                  AND (f.end_date IS NULL OR f.end_date >= {_SQLITE_DAY}))"""


def _sqlite_agenda_member(event: str) -> str:
    return f"""
CREATE TRIGGER scheduling_agenda_member_department_{event.split()[0].lower()}
BEFORE {event} ON scheduling_agenda
FOR EACH ROW
BEGIN
    SELECT RAISE(ABORT, 'institution rule: an agenda can only be opened in a member establishment')
     WHERE NOT EXISTS (
        SELECT 1 FROM hospital_department d JOIN hospital_establishment e ON e.id = d.establishment_id
         WHERE d.id = NEW.department_id AND e.is_member);
END;
"""


def _sqlite_slot_overlap(event: str, exclude_self: str) -> str:
    return f"""
CREATE TRIGGER scheduling_slot_no_overlap_{event.split()[0].lower()}
BEFORE {event} ON scheduling_slot
FOR EACH ROW
BEGIN
    SELECT RAISE(ABORT, 'scheduling_slot_no_overlap: this slot overlaps another slot of the agenda')
     WHERE EXISTS (
        SELECT 1 FROM scheduling_slot o
         WHERE o.agenda_id = NEW.agenda_id AND o.start < NEW."end" AND o."end" > NEW.start
           {exclude_self});
END;
"""


SQLITE = [
    _sqlite_booking_rule("INSERT"),
    _sqlite_booking_rule("UPDATE"),
    _sqlite_guard(
        "scheduling_establishment_membership_guard",
        "AFTER UPDATE OF is_member ON hospital_establishment",
        "OLD.is_member AND NOT NEW.is_member",
        "a.department_id IN (SELECT id FROM hospital_department WHERE establishment_id = NEW.id)",
        "this establishment cannot leave the institution",
    ),
    """
CREATE TRIGGER scheduling_department_move_guard
AFTER UPDATE OF establishment_id ON hospital_department
FOR EACH ROW WHEN OLD.establishment_id IS NOT NEW.establishment_id
BEGIN
    SELECT RAISE(ABORT, 'institution rule: this department has agendas and cannot move to another establishment')
     WHERE EXISTS (SELECT 1 FROM scheduling_agenda WHERE department_id = NEW.id);
END;
""",
    _sqlite_agenda_member("INSERT"),
    _sqlite_agenda_member("UPDATE OF department_id"),
    _sqlite_guard(
        "scheduling_agenda_repoint_guard",
        "AFTER UPDATE OF practitioner_id, department_id ON scheduling_agenda",
        "OLD.practitioner_id IS NOT NEW.practitioner_id OR OLD.department_id IS NOT NEW.department_id",
        "a.id = NEW.id",
        "this agenda cannot change practitioner or department",
    ),
    _sqlite_guard(
        "scheduling_affiliation_guard_update",
        "AFTER UPDATE ON hospital_affiliation",
        "1",
        _SQLITE_NOT_COVERED,
        "this affiliation cannot be ended or moved",
    ),
    _sqlite_guard(
        "scheduling_affiliation_guard_delete",
        "AFTER DELETE ON hospital_affiliation",
        "1",
        _SQLITE_NOT_COVERED,
        "this affiliation cannot be removed",
    ),
    """
CREATE TRIGGER scheduling_slot_booked_guard
AFTER UPDATE OF agenda_id, start ON scheduling_slot
FOR EACH ROW WHEN OLD.agenda_id IS NOT NEW.agenda_id OR OLD.start IS NOT NEW.start
BEGIN
    SELECT RAISE(ABORT, 'institution rule: this slot is booked; move the booking, not the slot')
     WHERE EXISTS (SELECT 1 FROM scheduling_booking WHERE slot_id = NEW.id AND status <> 'cancelled');
END;
""",
    _sqlite_slot_overlap("INSERT", ""),
    _sqlite_slot_overlap('UPDATE OF agenda_id, start, "end"', "AND o.id <> NEW.id"),
]

SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {name};"
    for name in [
        "scheduling_booking_institution_rule_insert",
        "scheduling_booking_institution_rule_update",
        "scheduling_establishment_membership_guard",
        "scheduling_department_move_guard",
        "scheduling_agenda_member_department_insert",
        "scheduling_agenda_member_department_update",
        "scheduling_agenda_repoint_guard",
        "scheduling_affiliation_guard_update",
        "scheduling_affiliation_guard_delete",
        "scheduling_slot_booked_guard",
        "scheduling_slot_no_overlap_insert",
        "scheduling_slot_no_overlap_update",
    ]
]


# --- vendor_sql ---


def vendor_sql(
    *,
    postgresql: Sequence[str],
    sqlite: Sequence[str],
    postgresql_reverse: Sequence[str] = (),
    sqlite_reverse: Sequence[str] = (),
) -> migrations.RunPython:
    statements = {"postgresql": postgresql, "sqlite": sqlite}
    reverse = {"postgresql": postgresql_reverse, "sqlite": sqlite_reverse}

    def run(by_vendor):
        def apply(apps, schema_editor):
            vendor = schema_editor.connection.vendor
            if vendor not in by_vendor:
                raise NotImplementedError(f"no SQL for database vendor {vendor!r}")
            with schema_editor.connection.cursor() as cursor:
                for statement in by_vendor[vendor]:
                    cursor.execute(statement)

        return apply

    return migrations.RunPython(run(statements), run(reverse))
