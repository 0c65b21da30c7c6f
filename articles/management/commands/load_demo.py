from django.core.management.base import BaseCommand

from articles.demo.stories import load_demo_content
from articles.models import Category, HeroImage, Source, Story, StoryStatus


class Command(BaseCommand):
    help = (
        "Load the demo content: the seed story, thirty generated stories, "
        "their categories, sources and pictures. Loading again adds only what "
        "is missing."
    )

    def handle(self, *args, **options):
        result = load_demo_content()
        if options["verbosity"] > 1:
            for story in result.created:
                self.stdout.write(f"{story.get_status_display()}: {story.title}")
        self.stdout.write(
            f"{len(result.created)} stories created, "
            f"{len(result.existing)} already there; "
            f"{result.hero_images_created} pictures drawn."
        )
        published = Story.objects.published().count()
        scheduled = Story.objects.scheduled().count()
        drafts = Story.objects.filter(status=StoryStatus.DRAFT).count()
        withdrawn = Story.objects.filter(status=StoryStatus.WITHDRAWN).count()
        self.stdout.write(
            f"The database now has {published} public, {scheduled} scheduled, "
            f"{drafts} draft and {withdrawn} withdrawn stories, "
            f"{Category.objects.count()} categories, {Source.objects.count()} "
            f"sources and {HeroImage.objects.count()} hero images."
        )
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
