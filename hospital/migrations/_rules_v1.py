"""FROZEN: the registry's SQL rule (v1), exactly as the migrations hospital 0002 installed it.

Migrations never import today's rule code (editing it would silently change
what an old migration installs); they import this verbatim copy. Never edit
it: a new version of the rules is a new migration (`manage.py freeze_rules`).
"""

from collections.abc import Sequence

from django.db import migrations

POSTGRESQL = [
    # One practitioner, one department: affiliation periods never overlap.
    # (btree_gist provides the gist equality on the two foreign keys.)
    """
ALTER TABLE hospital_affiliation ADD CONSTRAINT hospital_affiliation_no_overlap
EXCLUDE USING gist (practitioner_id WITH =, department_id WITH =,
                    daterange(start_date, end_date, '[]') WITH &&);
""",
]
POSTGRESQL_REVERSE = [
    "ALTER TABLE hospital_affiliation DROP CONSTRAINT IF EXISTS hospital_affiliation_no_overlap;",
]


def _sqlite_overlap(event: str, exclude_self: str) -> str:
    return f"""
CREATE TRIGGER hospital_affiliation_no_overlap_{event.split()[0].lower()}
BEFORE {event} ON hospital_affiliation
FOR EACH ROW
BEGIN
    SELECT RAISE(ABORT, 'hospital_affiliation_no_overlap: overlapping affiliation')
     WHERE EXISTS (
        SELECT 1 FROM hospital_affiliation o
         WHERE o.practitioner_id = NEW.practitioner_id AND o.department_id = NEW.department_id
           AND (NEW.end_date IS NULL OR o.start_date <= NEW.end_date)
           AND (o.end_date IS NULL OR o.end_date >= NEW.start_date)
           {exclude_self});
END;
"""


SQLITE = [_sqlite_overlap("INSERT", ""), _sqlite_overlap("UPDATE", "AND o.id <> NEW.id")]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS hospital_affiliation_no_overlap_insert;",
    "DROP TRIGGER IF EXISTS hospital_affiliation_no_overlap_update;",
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
