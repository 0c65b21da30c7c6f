from django.contrib.auth.management import create_permissions
from django.db import migrations

# A snapshot of articles.roles.ROLES at this migration: later changes to the
# roles come with their own migration or `manage.py sync_roles`.
EDITORS = [
    "articles.add_story",
    "articles.change_story",
    "articles.view_story",
    "articles.publish_story",
    "articles.add_source",
    "articles.change_source",
    "articles.view_source",
    "articles.add_category",
    "articles.change_category",
    "articles.view_category",
    "articles.add_heroimage",
    "articles.change_heroimage",
    "articles.view_heroimage",
    "articles.delete_heroimage",
]


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create
    # them now so that the group can hold them on a new database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    from articles.roles import sync_roles

    sync_roles(
        {"Editors": EDITORS},
        group_model=apps.get_model("auth", "Group"),
        permission_model=apps.get_model("auth", "Permission"),
    )


def delete_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, delete_editors_group)]
