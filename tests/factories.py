import io
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles.models import Category, Feed, HeroImage, Source, Story, StoryStatus


def jpeg_bytes(width=64, height=36, colour=(40, 110, 200)):
    """Return a small, real JPEG made with Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Source {n}")
    slug = factory.Sequence(lambda n: f"source-{n}")
    homepage_url = factory.LazyAttribute(
        lambda source: f"https://{source.slug}.example"
    )


class HeroImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HeroImage

    image = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="hero.jpg"))
    alt_text = "A transmitter tower on a mountain top under a blue sky."
    caption = "Gaustatoppen, Norway."
    credit = "Jane Doe / Example Agency"


class StoryFactory(factory.django.DjangoModelFactory):
    """A draft with everything publishing needs; `published=True` publishes it."""

    class Meta:
        model = Story

    class Params:
        published = factory.Trait(
            status=StoryStatus.PUBLISHED,
            publish_at=factory.LazyFunction(
                lambda: timezone.now() - timedelta(hours=1)
            ),
        )
        scheduled = factory.Trait(
            status=StoryStatus.PUBLISHED,
            publish_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1)),
        )
        withdrawn = factory.Trait(
            status=StoryStatus.WITHDRAWN,
            publish_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
            # It was public before it was withdrawn.
            first_published_at=factory.SelfAttribute("publish_at"),
            withdrawal_reason="correction",
            withdrawal_note="Withdrawn: the figures were wrong.",
        )

    title = factory.Sequence(lambda n: f"Story number {n}")
    slug = factory.Sequence(lambda n: f"story-number-{n}")
    summary = "Leaders meet to talk about money, and about trust."
    body = "<p>The first paragraph.</p><p>The second paragraph.</p>"
    byline = "Jane Doe"
    category = factory.SubFactory(CategoryFactory)
    source = factory.SubFactory(SourceFactory)
    original_url = factory.LazyAttribute(
        lambda story: f"https://news.example/{story.slug}"
    )


class FeedFactory(factory.django.DjangoModelFactory):
    """A due, active feed; pass `url` (tests serve feeds on a local server)."""

    class Meta:
        model = Feed

    source = factory.SubFactory(SourceFactory)
    url = factory.Sequence(lambda n: f"https://feeds.example/{n}.xml")
    default_category = factory.SubFactory(CategoryFactory)
