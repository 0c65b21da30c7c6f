from django.core.management.base import BaseCommand

from articles.services.changes import story_changes_publish_due


class Command(BaseCommand):
    help = (
        "Publish the stories' pending changes whose scheduled time has come. "
        "A worker task does it on time; run this every few minutes as well, "
        "in case a task was lost. Safe to run at any time."
    )

    def handle(self, *args, **options):
        published = story_changes_publish_due()
        self.stdout.write(f"{published} stories' changes published.")
