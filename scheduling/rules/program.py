"""The platform's whole database program, per vendor, as today's code renders it.

It gathers the audit trail's plumbing and row triggers (audit/sql.py), the
institution rule (scheduling/rules/postgresql.py and sqlite.py) for every
table they cover, the holds' rules (holds.py) and the public listing's
(listing.py). Migrations install a frozen copy of it (see
scheduling/rules/objects.py); nothing at run time executes this SQL.
"""

from django.apps import apps

from audit import sql as audit_sql
from scheduling.rules import holds, listing, partners, postgresql, reservations, sqlite
from scheduling.rules.objects import DbObject

PATIENT_IDENTITY = ("first_name", "last_name", "birth_date", "email", "phone", "ins")

# {table: columns whose values the trail keeps only as keyed hashes}
AUDITED_TABLES: dict[str, tuple[str, ...]] = {
    "hospital_establishment": (),
    "hospital_specialty": (),
    "hospital_department": (),
    "hospital_practitioner": (),
    "hospital_practitioner_specialties": (),
    "hospital_affiliation": (),
    "hospital_membership": (),
    "scheduling_agenda": (),
    "scheduling_visitreason": (),
    "scheduling_openingrule": (),
    "scheduling_openingrule_reasons": (),
    "scheduling_absence": (),
    "scheduling_slot": (),
    "scheduling_patient": PATIENT_IDENTITY,
    # An erasure of a patient's identity (services.rights): when, why, by whom.
    "scheduling_erasure": (),
    "scheduling_booking": ("cancel_reason", "confirmation_digest"),
    "scheduling_calendarfeed": ("token_digest",),
    # Points at the patient's record (masked there); holds no contact data itself.
    "scheduling_waitlistentry": (),
    # Other systems' access: who may read and book where (the token only as its digest).
    "scheduling_apiclient": ("token_digest",),
    "scheduling_apiclient_establishments": (),
    "scheduling_apiclient_departments": (),
    # Which agendas each partner portal sees and books (issue 24).
    "scheduling_partneroptin": (),
    # Call centres and their agents: who books by phone where (issue 24).
    "scheduling_callcentre": (),
    "scheduling_callcentre_establishments": (),
    "scheduling_callcentre_specialties": (),
    "scheduling_callcentreagent": (),
    # Staff accounts and rights: granting a secretary a department is a
    # change to who sees patients.
    "auth_user": ("password",),
    "auth_user_groups": (),
    "auth_user_user_permissions": (),
    "auth_group_permissions": (),
    "guardian_userobjectpermission": (),
    "guardian_groupobjectpermission": (),
    "auth_group": (),
    "auth_permission": (),
    "django_content_type": (),
}


def table_columns(table: str) -> list[str]:
    """The columns of `table` as today's models define them."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table == table:
            return [field.column for field in model._meta.concrete_fields]
    raise LookupError(f"no model for table {table}")


def render(vendor: str) -> list[DbObject]:
    if vendor == "postgresql":
        audit = audit_sql.postgresql_objects(AUDITED_TABLES)
        rules = (
            postgresql.objects()
            + holds.postgresql_objects()
            + partners.postgresql_objects()
            + reservations.postgresql_objects()
            + listing.objects(vendor)
        )
    elif vendor == "sqlite":
        audit = audit_sql.sqlite_objects(
            {table: (table_columns(table), masked) for table, masked in AUDITED_TABLES.items()}
        )
        rules = (
            sqlite.objects()
            + holds.sqlite_objects()
            + partners.sqlite_objects()
            + reservations.sqlite_objects()
            + listing.objects(vendor)
        )
    else:
        raise NotImplementedError(f"no database rules for vendor {vendor!r}")
    return [DbObject(*item) for item in audit] + rules
