"""Staff roles as groups of model rights; which departments they apply to is
granted per department (scheduling.selectors.access).

Kept in step with the code after every migrate (and after a test flush): the
post_migrate handler below (re)creates the group with exactly these rights.
"""

SECRETARIAT = "Secrétariat"
SECRETARIAT_PERMISSIONS = [
    "view_agenda",
    "change_agenda",
    "view_visitreason",
    "add_visitreason",
    "change_visitreason",
    "view_openingrule",
    "add_openingrule",
    "change_openingrule",
    "view_absence",
    "add_absence",
    "change_absence",
    "view_slot",
    "change_slot",
    # Bookings change only through the staff screens, which call the booking
    # service; the booking model form stays closed (BookingAdmin).
    "view_booking",
    "add_booking",
    "change_booking",
    "view_patient",
    "add_patient",
    "change_patient",
    "view_waitlistentry",
]
# The registry's rows a secretary reads: whether an establishment is, was or
# will be a member (the periods are managed by the registry's administrators).
SECRETARIAT_REGISTRY_PERMISSIONS = ["view_membership"]

# The data protection officer answers the persons' rights (issue 25): finds a
# person across the institution, exports everything held about them, erases
# their identity on request. A secretary may be given the first two rights one
# by one (export_person_data, erase_person_data) without joining the group.
DATA_PROTECTION = "Délégué à la protection des données"
DATA_PROTECTION_PERMISSIONS = [
    "export_person_data",
    "erase_person_data",
    "view_patient",
    "view_booking",
    "view_waitlistentry",
    "view_erasure",
]

# Agents of a contracted call centre: the console only (scheduling.callcentre),
# over their call centre's establishments and specialties. No model right: they
# see no admin list, no department's board, no patient record beyond the caller.
CALL_CENTRE = "Centre d'appels"
CALL_CENTRE_PERMISSIONS = ["use_call_centre_console"]


def ensure_roles(sender, using="default", **kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.using(using).get_or_create(name=SECRETARIAT)
    from django.db.models import Q

    permissions = Permission.objects.using(using).filter(
        Q(content_type__app_label="scheduling", codename__in=SECRETARIAT_PERMISSIONS)
        | Q(content_type__app_label="hospital", codename__in=SECRETARIAT_REGISTRY_PERMISSIONS)
    )
    group.permissions.set(permissions)
    officer, _ = Group.objects.using(using).get_or_create(name=DATA_PROTECTION)
    officer.permissions.set(
        Permission.objects.using(using).filter(
            content_type__app_label="scheduling", codename__in=DATA_PROTECTION_PERMISSIONS
        )
    )
    agents, _ = Group.objects.using(using).get_or_create(name=CALL_CENTRE)
    agents.permissions.set(
        Permission.objects.using(using).filter(
            content_type__app_label="scheduling", codename__in=CALL_CENTRE_PERMISSIONS
        )
    )
