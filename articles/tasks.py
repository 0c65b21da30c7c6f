"""Background work on django.tasks. Tasks take ids and call services."""

from django.tasks import task


@task()
def publish_due_changes(story_id: int) -> int:
    """Publish a story's pending changes if their scheduled time has come."""
    # Imported here: the service module enqueues this task.
    from articles.services.changes import story_changes_publish_due

    return story_changes_publish_due(story_id=story_id)
