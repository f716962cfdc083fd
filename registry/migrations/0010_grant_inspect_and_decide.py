"""Give existing inspectors and leading-group members the permissions only their roles grant.

Discipline staff used to be recognised by their RoleAssignment rows; now by the
``inspect_unit`` permission (and the collective decision by ``decide_register``),
so the assignments made before this migration get them here.
"""

from django.db import migrations

NEW = {"inspector": "inspect_unit", "leading_group": "decide_register"}
LABELS = {
    "inspect_unit": "Act as discipline-inspection staff",
    "decide_register": "Record the leading group's collective decision",
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    RoleAssignment = apps.get_model("registry", "RoleAssignment")
    UserObjectPermission = apps.get_model("guardian", "UserObjectPermission")
    unit_type, _ = ContentType.objects.get_or_create(app_label="registry", model="unit")
    for role, codename in NEW.items():
        permission, _ = Permission.objects.get_or_create(
            content_type=unit_type, codename=codename, defaults={"name": LABELS[codename]}
        )
        rows = RoleAssignment.objects.filter(role=role).values_list("user_id", "unit_id")
        UserObjectPermission.objects.bulk_create(
            [
                UserObjectPermission(
                    user_id=user_id,
                    content_type=unit_type,
                    permission=permission,
                    object_pk=str(unit_id),
                )
                for user_id, unit_id in set(rows)
            ],
            ignore_conflicts=True,
        )


def revoke(apps, schema_editor):
    UserObjectPermission = apps.get_model("guardian", "UserObjectPermission")
    UserObjectPermission.objects.filter(permission__codename__in=NEW.values()).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0009_discipline_staff_and_collective_decision"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
