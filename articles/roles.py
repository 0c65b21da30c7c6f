"""The staff roles and exactly the permissions each needs.

Each app names, in its own `roles.py`, the permissions its models give each
group; `all_roles()` merges them. Data migrations create the groups on a new
database; `manage.py sync_roles` re-applies the table to an existing one
after it changes.
"""

from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.module_loading import module_has_submodule

ROLES = {
    # Editors write, import and publish. They never delete a story (withdraw
    # it instead: its URL and its history stay) nor a source or category that
    # stories point to; unused images may go.
    "Editors": [
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
        "articles.translate_story",
        "articles.view_storylanguage",
    ],
    # Translators write the Chinese version beside the English and submit it
    # for review. They read the English stories but cannot change them,
    # publish anything, or see removal requests.
    "Translators": [
        "articles.view_story",
        "articles.translate_story",
        "articles.view_storylanguage",
        "articles.view_category",
        "articles.view_source",
        "articles.view_heroimage",
    ],
}


def permissions_for(names, permission_model=Permission):
    """Return the Permission rows named "app_label.codename".

    Raise LookupError naming any that do not exist.
    """
    wanted = {tuple(name.split(".", 1)) for name in names}
    found = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in permission_model.objects.select_related("content_type")
    }
    missing = sorted(".".join(key) for key in wanted - found.keys())
    if missing:
        raise LookupError(f"Unknown permissions: {', '.join(missing)}")
    return [found[key] for key in sorted(wanted)]


def all_roles() -> dict[str, list[str]]:
    """Return each group's permissions, from every installed app's `roles.ROLES`."""
    merged = {}
    for app_config in apps.get_app_configs():
        if not module_has_submodule(app_config.module, "roles"):
            continue
        module = import_module(f"{app_config.name}.roles")
        for group_name, names in module.ROLES.items():
            merged.setdefault(group_name, []).extend(names)
    return merged


@transaction.atomic
def sync_roles(roles=None, group_model=Group, permission_model=Permission):
    """Make each role's group hold exactly its listed permissions."""
    for group_name, names in (roles or all_roles()).items():
        group, _ = group_model.objects.get_or_create(name=group_name)
        group.permissions.set(permissions_for(names, permission_model))
