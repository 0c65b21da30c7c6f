"""What Legal staff and Editors may do with takedown requests.

Merged with the other apps' roles by `articles.roles.all_roles()`.
"""

ROLES = {
    # Takedown requests about their stories, without claimant data.
    "Editors": ["takedowns.view_takedownrequest"],
    # Legal staff review takedown requests and decide them; only they see
    # the claimants' personal data. Nobody deletes a takedown record.
    "Legal": [
        "takedowns.handle_takedown",
        "takedowns.view_takedown_pii",
        "takedowns.view_takedownrequest",
        "takedowns.change_takedownrequest",
        "takedowns.view_takedownitem",
        "takedowns.view_takedownevent",
        "articles.view_storyrestriction",
        "takedowns.view_counternotice",
        "takedowns.view_outboundmessage",
        "articles.view_story",
        "articles.view_source",
        "articles.view_heroimage",
    ],
}
