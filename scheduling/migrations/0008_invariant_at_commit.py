"""One invariant re-checked at COMMIT, and an audit trail the application role
cannot bypass or forge (issue 9). The SQL is frozen in sql/0008_*.sql."""

from django.db import migrations

from scheduling.migrations._frozen_rules import install

# What the rules of 0002-0005 (and the audit trail of audit 0001) installed
# and this version replaces under other names, or no longer needs.
RETIRED = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS scheduling_booking_institution_rule ON public.scheduling_booking;",
        "DROP TRIGGER IF EXISTS scheduling_establishment_membership_guard ON public.hospital_establishment;",
        "DROP TRIGGER IF EXISTS scheduling_affiliation_guard ON public.hospital_affiliation;",
        "DROP FUNCTION IF EXISTS public.scheduling_booking_institution_rule();",
        "DROP FUNCTION IF EXISTS public.scheduling_establishment_membership_guard();",
        "DROP FUNCTION IF EXISTS public.scheduling_affiliation_guard();",
        "DROP FUNCTION IF EXISTS public.audit_log(text, text, text, text);",
    ],
    "sqlite": [
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
    ],
}


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0007_calendar_feed"),
        ("hospital", "0006_audit_staff_rights"),
        ("audit", "0001_initial"),
    ]

    operations = [install("0008_invariant_at_commit", retire=RETIRED)]
