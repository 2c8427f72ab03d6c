from django.db import migrations

GROUP = "Secrétariat"
# Model-level rights of every secretary; which departments they apply to is
# granted per department (hospital.work_in_department, django-guardian).
PERMISSIONS = [
    ("scheduling", "view_agenda"),
    ("scheduling", "change_agenda"),
    ("scheduling", "view_visitreason"),
    ("scheduling", "add_visitreason"),
    ("scheduling", "change_visitreason"),
    ("scheduling", "view_openingrule"),
    ("scheduling", "add_openingrule"),
    ("scheduling", "change_openingrule"),
    ("scheduling", "view_absence"),
    ("scheduling", "add_absence"),
    ("scheduling", "change_absence"),
    ("scheduling", "view_slot"),
    ("scheduling", "change_slot"),
    ("scheduling", "view_booking"),
    ("scheduling", "view_patient"),
    ("scheduling", "add_patient"),
    ("scheduling", "change_patient"),
]


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0006_search_index"),
        ("hospital", "0006_audit_staff_rights"),
    ]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
