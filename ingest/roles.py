"""What Editors may do with feeds.

Merged with the other apps' roles by `articles.roles.all_roles()`.
"""

ROLES = {
    # Feeds: add and tune them, fetch now; items and clusters are evidence.
    "Editors": [
        "ingest.add_feed",
        "ingest.change_feed",
        "ingest.view_feed",
        "ingest.change_feeditem",
        "ingest.view_feeditem",
        "ingest.view_duplicatecluster",
    ],
}
