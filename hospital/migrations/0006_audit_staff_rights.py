from django.db import migrations

from audit.migrations._audit_v1 import audit_tables


class Migration(migrations.Migration):
    """Staff accounts, their groups and their per-department rights are audited
    too: granting a secretary a department is a change to who sees patients."""

    dependencies = [
        ("hospital", "0005_department_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
        ("audit", "0001_initial"),
    ]

    operations = [
        audit_tables(
            {
                "auth_user": ("password",),
                "auth_user_groups": (),
                "auth_user_user_permissions": (),
                "auth_group_permissions": (),
                "guardian_userobjectpermission": (),
                "guardian_groupobjectpermission": (),
            }
        ),
    ]
