import io
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles.models import (
    Category,
    HeroImage,
    RestrictionScope,
    Source,
    Story,
    StoryLanguage,
    StoryLanguageStatus,
    StoryStatus,
)
from articles.services.image import hero_image_create
from articles.services.restriction import restriction_apply
from articles.services.visibility import story_visibility_refresh
from ingest.models import Feed
from takedowns.models import CounterNotice, TakedownItem, TakedownRequest


def jpeg_bytes(width=64, height=36, colour=(40, 110, 200)):
    """Return a small, real JPEG made with Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name_en = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["slug"]

    name_en = factory.Sequence(lambda n: f"Source {n}")
    slug = factory.Sequence(lambda n: f"source-{n}")
    attribution_template_en = "As reported by {source}"
    attribution_template_zh_hans = "据{source}报道"
    homepage_url = factory.LazyAttribute(
        lambda source: f"https://{source.slug}.example"
    )


class HeroImageFactory(factory.django.DjangoModelFactory):
    """A processed library image, made through the upload service.

    `upload` is the file uploaded (a small real JPEG unless given).
    """

    class Meta:
        model = HeroImage

    upload = factory.LazyFunction(
        lambda: ContentFile(jpeg_bytes(800, 450), name="hero.jpg")
    )
    alt_text_en = "A transmitter tower on a mountain top under a blue sky."
    caption_en = "Gaustatoppen, Norway."
    credit = "Jane Doe / Example Agency"

    @classmethod
    def _build(cls, model_class, *args, upload, **kwargs):
        return model_class(*args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, upload, **kwargs):
        return hero_image_create(
            hero_image=model_class(*args, **kwargs), upload=upload, by=None
        )


class StoryFactory(factory.django.DjangoModelFactory):
    """A draft with everything publishing needs; `published=True` publishes it.

    `translated=True` adds a published Chinese version.
    """

    class Meta:
        model = Story
        skip_postgeneration_save = True

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
            withdrawal_note_en="Withdrawn: the figures were wrong.",
        )

    title_en = factory.Sequence(lambda n: f"Story number {n}")
    slug = factory.Sequence(lambda n: f"story-number-{n}")
    summary_en = "Leaders meet to talk about money, and about trust."
    body_en = "<p>The first paragraph.</p><p>The second paragraph.</p>"
    byline = "Jane Doe"
    category = factory.SubFactory(CategoryFactory)
    source = factory.SubFactory(SourceFactory)
    original_url = factory.LazyAttribute(
        lambda story: f"https://news.example/{story.slug}"
    )

    @factory.post_generation
    def translated(story, create, extracted, **kwargs):
        if not extracted:
            return
        story.title_zh_hans = f"中文标题{story.pk}"
        story.summary_zh_hans = "领导人会面，讨论资金与信任。"
        story.body_zh_hans = "<p>第一段。</p><p>第二段。</p>"
        story.save()
        StoryLanguageFactory(story=story, published=True)


class StoryLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoryLanguage
        skip_postgeneration_save = True

    class Params:
        published = factory.Trait(
            status=StoryLanguageStatus.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
            source_hash=factory.SelfAttribute("story.en_source_hash"),
        )

    story = factory.SubFactory(StoryFactory)
    language = "zh-hans"

    @factory.post_generation
    def visibility(story_language, create, extracted, **kwargs):
        # As the translation services do after every change of status.
        if create:
            story_visibility_refresh(story=story_language.story)


class FeedFactory(factory.django.DjangoModelFactory):
    """A due, active feed; pass `url` (tests serve feeds on a local server)."""

    class Meta:
        model = Feed

    source = factory.SubFactory(SourceFactory)
    url = factory.Sequence(lambda n: f"https://feeds.example/{n}.xml")
    default_category = factory.SubFactory(CategoryFactory)


class TakedownRequestFactory(factory.django.DjangoModelFactory):
    """A received US-DMCA copyright notice, stored as the form would store it.

    `stories=[...]` names the claimed stories (whole-story scope unless
    `scope`/`language` say otherwise).
    """

    class Meta:
        model = TakedownRequest
        skip_postgeneration_save = True

    track = "us-dmca"
    right_type = "copyright"
    locale = "en"
    name = "Rita Holder"
    email = factory.Sequence(lambda n: f"holder{n}@example.com")
    acting_as = "holder"
    organisation = "Example Photo Agency"
    postal_address = "1 Example Street, Springfield"
    country = "US"
    signature = "Rita Holder"
    work_description = "Our photograph of the summit."
    explanation = "The story republishes our photograph without any licence."
    requested_remedy = "remove-story"
    declarations = factory.LazyFunction(lambda: {"good_faith": "2026-11"})

    @factory.post_generation
    def stories(takedown_request, create, extracted, **kwargs):
        for story in extracted or []:
            TakedownItem.objects.create(
                takedown_request=takedown_request,
                story=story,
                scope=kwargs.get("scope", "whole"),
                language=kwargs.get("language", ""),
            )


class CounterNoticeFactory(factory.django.DjangoModelFactory):
    """A complete US-DMCA counter-notice, as Legal staff record it.

    Build it (`.build(received_at=…)`) and pass it to `counter_notice_record`,
    which links it to its request and sets the restore dates.
    """

    class Meta:
        model = CounterNotice

    name = "Pat Publisher"
    email = "pat@example.com"
    postal_address = "2 Example Road"
    phone = "+1 555 0100"
    material_location = "https://testserver/story/summit/"
    reason = "licensed"
    explanation = "We hold a licence for this photograph."
    statement_under_penalty = True
    consents_to_jurisdiction = True
    accepts_service = True
    signature = "Pat Publisher"


def restrict_story(story, scope=RestrictionScope.WHOLE, language=""):
    """Restrict `story` for a new takedown request, through the service, as
    Legal's acceptance does; return the restriction."""
    takedown_request = TakedownRequestFactory()
    return restriction_apply(
        story=story,
        cause=takedown_request,
        reference=takedown_request.reference,
        reason="Copyright",
        scope=scope,
        language=language,
        by=None,
    )
