from django.core.management.base import BaseCommand

from articles.demo.stories import load_demo_content
from articles.models import (
    Category,
    HeroImage,
    Source,
    Story,
    StoryLanguage,
    StoryLanguageStatus,
    StoryStatus,
)


class Command(BaseCommand):
    help = (
        "Load the demo content: the seed story and four short stories in "
        "English and Chinese, thirty generated English-only stories, their "
        "categories, sources and pictures. Loading again adds only what is "
        "missing."
    )

    def handle(self, *args, **options):
        result = load_demo_content()
        if options["verbosity"] > 1:
            for story in result.created:
                self.stdout.write(f"{story.get_status_display()}: {story.title_en}")
        self.stdout.write(
            f"{len(result.created)} stories created, "
            f"{len(result.existing)} already there; "
            f"{result.hero_images_created} pictures drawn."
        )
        published = Story.objects.published("en").count()
        scheduled = Story.objects.scheduled().count()
        drafts = Story.objects.filter(status=StoryStatus.DRAFT).count()
        withdrawn = Story.objects.filter(status=StoryStatus.WITHDRAWN).count()
        self.stdout.write(
            f"The database now has {published} public, {scheduled} scheduled, "
            f"{drafts} draft and {withdrawn} withdrawn stories, "
            f"{Category.objects.count()} categories, {Source.objects.count()} "
            f"sources and {HeroImage.objects.count()} hero images."
        )
        translations = StoryLanguage.objects.filter(language="zh-hans").select_related(
            "story"
        )
        in_review = translations.filter(status=StoryLanguageStatus.IN_REVIEW).count()
        out_of_date = sum(
            translation.is_out_of_date
            for translation in translations.filter(status=StoryLanguageStatus.PUBLISHED)
        )
        self.stdout.write(
            f"In Chinese: {Story.objects.published('zh-hans').count()} public "
            f"({out_of_date} out of date) and {in_review} in review."
        )
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
