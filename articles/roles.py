"""The staff roles and exactly the permissions each needs.

A data migration creates the groups on a new database; `manage.py sync_roles`
re-applies this table to an existing one after it changes.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

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
        # Feeds: add and tune them, fetch now; items and clusters are evidence.
        "articles.add_feed",
        "articles.change_feed",
        "articles.view_feed",
        "articles.change_feeditem",
        "articles.view_feeditem",
        "articles.view_duplicatecluster",
        # Takedown requests about their stories, without claimant data.
        "articles.view_takedownrequest",
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
    # Legal staff review takedown requests and decide them; only they see
    # the claimants' personal data. Nobody deletes a takedown record.
    "Legal": [
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


@transaction.atomic
def sync_roles(roles=ROLES, group_model=Group, permission_model=Permission):
    """Make each role's group hold exactly its listed permissions."""
    for group_name, names in roles.items():
        group, _ = group_model.objects.get_or_create(name=group_name)
        group.permissions.set(permissions_for(names, permission_model))
