from django.contrib.auth.management import create_permissions
from django.db import migrations

# A snapshot of articles.roles.ROLES["Legal"] at this migration: later changes
# to the roles come with their own migration or `manage.py sync_roles`.
LEGAL = [
    "articles.handle_takedown",
    "articles.view_takedown_pii",
    "articles.view_takedownrequest",
    "articles.change_takedownrequest",
    "articles.view_takedownitem",
    "articles.view_takedownevent",
    "articles.view_storyrestriction",
    "articles.view_counternotice",
    "articles.view_outboundmessage",
    "articles.view_story",
    "articles.view_source",
    "articles.view_heroimage",
]
# Editors see requests about stories, without the claimant's personal data.
EDITORS_GAIN = ["articles.view_takedownrequest"]


def create_legal_group(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create
    # them now so that the group can hold the new ones.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    from articles.roles import permissions_for, sync_roles

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    sync_roles({"Legal": LEGAL}, group_model=Group, permission_model=Permission)
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*permissions_for(EDITORS_GAIN, Permission))


def delete_legal_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Legal").delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_takedowns")]

    operations = [migrations.RunPython(create_legal_group, delete_legal_group)]
