from django.contrib.auth.management import create_permissions
from django.db import migrations

# A snapshot of articles.roles.ROLES at this migration: later changes to the
# roles come with their own migration or `manage.py sync_roles`.
TRANSLATORS = [
    "articles.view_story",
    "articles.translate_story",
    "articles.view_storylanguage",
    "articles.view_category",
    "articles.view_source",
    "articles.view_heroimage",
]
EDITORS_GAIN = ["articles.translate_story", "articles.view_storylanguage"]


def create_translators_group(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create
    # them now so that the groups can hold the new ones.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    from articles.roles import permissions_for, sync_roles

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    sync_roles(
        {"Translators": TRANSLATORS}, group_model=Group, permission_model=Permission
    )
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*permissions_for(EDITORS_GAIN, Permission))


def delete_translators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Translators").delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_chinese_edition")]

    operations = [
        migrations.RunPython(create_translators_group, delete_translators_group)
    ]
