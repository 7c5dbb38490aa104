"""The "Programme managers" group: what a manager may edit in the admin (checklist
templates, the volunteer programme's settings and volunteers' profiles). accounts.services
puts every manager in it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Programme managers"
PERMISSIONS = {
    "qa": {
        "checklisttemplate": ("add", "change", "view"),
        "checklistsection": ("add", "change", "delete", "view"),
        "checklistitem": ("add", "change", "delete", "view"),
    },
    "volunteers": {
        "programmesettings": ("change", "view"),
        "volunteerprofile": ("change", "view"),
    },
}


def forwards(apps, schema_editor):
    # On a fresh database permissions are created after all migrations; make them now.
    for label in PERMISSIONS:
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, models in PERMISSIONS.items():
        for model, actions in models.items():
            for action in actions:
                group.permissions.add(
                    Permission.objects.get(
                        content_type__app_label=app_label, codename=f"{action}_{model}"
                    )
                )


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("qa", "0002_default_template"),
        ("volunteers", "0002_joining_links_and_programme_settings"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
