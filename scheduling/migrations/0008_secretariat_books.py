from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.get(name="Secrétariat")
    for codename in ("add_booking", "change_booking"):
        # Bookings change only through the staff screens, which call the
        # booking service; the model form stays closed (BookingAdmin).
        group.permissions.add(
            Permission.objects.get(content_type__app_label="scheduling", codename=codename)
        )


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0007_secretariat_group")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
