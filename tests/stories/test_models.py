import itertools
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from articles.models import (
    Story,
    StoryLanguage,
    StoryLanguageStatus,
    StoryPublicState,
    StoryRestriction,
    StoryStatus,
)
from articles.sanitize import clean_body_html
from articles.services.visibility import story_visibility_refresh
from tests.factories import (
    HeroImageFactory,
    SourceFactory,
    StoryFactory,
    TakedownRequestFactory,
)

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)

# (status, publish_at offset, unpublish_at offset) -> what a reader gets.
VISIBILITY_CASES = {
    (StoryStatus.DRAFT, None, None): StoryPublicState.NOT_FOUND,
    (StoryStatus.DRAFT, -HOUR, None): StoryPublicState.NOT_FOUND,
    (StoryStatus.PUBLISHED, -HOUR, None): StoryPublicState.LIVE,
    (StoryStatus.PUBLISHED, +HOUR, None): StoryPublicState.NOT_FOUND,
    (StoryStatus.PUBLISHED, -2 * HOUR, +HOUR): StoryPublicState.LIVE,
    (StoryStatus.PUBLISHED, -2 * HOUR, -HOUR): StoryPublicState.GONE,
    (StoryStatus.PUBLISHED, +HOUR, +2 * HOUR): StoryPublicState.NOT_FOUND,
    (StoryStatus.WITHDRAWN, -HOUR, None): StoryPublicState.GONE,
    (StoryStatus.WITHDRAWN, +HOUR, None): StoryPublicState.NOT_FOUND,
}
# Withdrawn stories above were public from publish_at on, except this one,
# withdrawn while still a draft: readers never saw it, so it is not "gone".
NEVER_PUBLIC_WITHDRAWN = (StoryStatus.WITHDRAWN, -2 * HOUR, None)


# Restrictions: none, the whole story, one language; in force, expired by a
# counter-notice, or lifted.
RESTRICTIONS = [
    None,
    ("whole", "", "in-force"),
    ("whole", "", "expired"),
    ("whole", "", "lifted"),
    ("language", "en", "in-force"),
    ("language", "zh-hans", "in-force"),
]


def restrict(story, scope, language, state):
    """Give `story` a restriction from an accepted takedown request."""
    now = timezone.now()
    takedown_request = TakedownRequestFactory(stories=[story], stories__scope="whole")
    StoryRestriction.objects.create(
        story=story,
        cause=takedown_request.items.get(),
        scope=scope,
        language=language,
        expires_at=now - HOUR if state == "expired" else None,
        lifted_at=now - HOUR if state == "lifted" else None,
    )
    story_visibility_refresh(story=story)


def restricted_languages(restriction):
    if restriction is None or restriction[2] != "in-force":
        return set()
    scope, language, _state = restriction
    return {"en", "zh-hans"} if scope == "whole" else {language}


@pytest.mark.parametrize("restriction", RESTRICTIONS)
@pytest.mark.parametrize("chinese_status", [None, *StoryLanguageStatus.values])
@pytest.mark.parametrize(
    ("status", "publish_offset", "unpublish_offset", "expected"),
    [
        *((*key, value) for key, value in VISIBILITY_CASES.items()),
        (*NEVER_PUBLIC_WITHDRAWN, StoryPublicState.NOT_FOUND),
    ],
)
def test_published_and_public_state_agree_in_both_languages(
    status, publish_offset, unpublish_offset, expected, chinese_status, restriction
):
    now = timezone.now()
    publish_at = now + publish_offset if publish_offset is not None else None
    was_public = status == StoryStatus.WITHDRAWN and (
        (status, publish_offset, unpublish_offset) != NEVER_PUBLIC_WITHDRAWN
    )
    story = StoryFactory(
        status=status,
        publish_at=publish_at,
        unpublish_at=now + unpublish_offset if unpublish_offset is not None else None,
        first_published_at=publish_at if was_public else None,
        withdrawal_reason="correction" if status == StoryStatus.WITHDRAWN else "",
    )
    if chinese_status is not None:
        StoryLanguage.objects.create(
            story=story,
            language="zh-hans",
            status=chinese_status,
            published_at=now if chinese_status == "published" else None,
        )
        story_visibility_refresh(story=story)
    if restriction is not None:
        restrict(story, *restriction)
    expected_in_chinese = expected
    if expected is StoryPublicState.LIVE and chinese_status != "published":
        expected_in_chinese = StoryPublicState.UNTRANSLATED
    # RFC 7725: a restriction answers 451 wherever the story was public;
    # the English fallback of an untranslated story counts as English.
    hidden = restricted_languages(restriction)
    if expected is not StoryPublicState.NOT_FOUND:
        if "en" in hidden:
            expected = StoryPublicState.RESTRICTED
        if "zh-hans" in hidden or (
            "en" in hidden and expected_in_chinese is StoryPublicState.UNTRANSLATED
        ):
            expected_in_chinese = StoryPublicState.RESTRICTED

    annotated = Story.objects.get(pk=story.pk)

    for language, state in (("en", expected), ("zh-hans", expected_in_chinese)):
        is_listed = Story.objects.published(language).filter(pk=story.pk).exists()
        assert annotated.public_state(language) is state, language
        assert is_listed == (state is StoryPublicState.LIVE), language


def test_scheduled_story_becomes_public_at_its_time_without_a_job(time_machine):
    time_machine.move_to(datetime(2026, 11, 25, 8, 0, tzinfo=timezone.UTC))
    story = StoryFactory(
        status=StoryStatus.PUBLISHED,
        publish_at=datetime(2026, 11, 25, 9, 0, tzinfo=timezone.UTC),
    )
    assert not Story.objects.published("en").filter(pk=story.pk).exists()

    time_machine.move_to(datetime(2026, 11, 25, 9, 0, 1, tzinfo=timezone.UTC))

    assert Story.objects.published("en").filter(pk=story.pk).exists()


def test_publishing_errors_name_each_missing_field():
    source = SourceFactory(attribution_template_en="")
    story = StoryFactory.build(
        source=source, original_url="", summary_en="", body_en="<p> </p>", category=None
    )

    errors = story.publishing_errors()

    assert set(errors) == {
        "source",
        "original_url",
        "category",
        "summary_en",
        "body_en",
    }
    assert "has no attribution line" in errors["source"]


def test_a_body_of_empty_paragraphs_and_spaces_is_empty():
    story = StoryFactory.build(body_en="<p>&nbsp;</p><p><br></p>")

    assert "body_en" in story.publishing_errors()


def test_story_without_source_cannot_be_published():
    story = StoryFactory.build(source=None, status=StoryStatus.PUBLISHED)

    with pytest.raises(ValidationError) as error:
        story.full_clean()

    assert "source" in error.value.message_dict


def test_blocked_source_blocks_publishing():
    story = StoryFactory.build(
        source=SourceFactory(name_en="Spam Daily", is_blocked=True)
    )

    assert "Spam Daily is blocked" in story.publishing_errors()["source"]


def test_own_newsroom_stories_need_no_original_url():
    story = StoryFactory.build(source=SourceFactory(kind="own"), original_url="")

    assert story.publishing_errors() == {}


def test_attribution_line_without_placeholder_is_refused():
    source = SourceFactory.build(attribution_template_en="As reported by someone")

    with pytest.raises(ValidationError) as error:
        source.full_clean()

    assert (
        "must contain {source}"
        in (error.value.message_dict["attribution_template_en"][0])
    )


def test_uncredited_hero_image_blocks_publishing():
    story = StoryFactory.build(hero_image=HeroImageFactory(credit=""))

    assert "no credit" in story.publishing_errors()["hero_image"]


def test_publishing_with_empty_time_means_now():
    story = StoryFactory()
    story.status = StoryStatus.PUBLISHED

    story.full_clean()

    assert abs(story.publish_at - timezone.now()) < timedelta(seconds=5)


def test_naive_publish_time_is_refused_with_a_clear_message():
    story = StoryFactory.build(publish_at=datetime(2026, 11, 25, 9, 0))  # noqa: DTZ001

    with pytest.raises(ValidationError) as error:
        story.full_clean()

    assert "no time zone" in error.value.message_dict["publish_at"][0]


def test_unpublish_time_before_publish_time_is_refused():
    now = timezone.now()
    story = StoryFactory.build(
        status=StoryStatus.PUBLISHED, publish_at=now, unpublish_at=now - HOUR
    )

    with pytest.raises(ValidationError) as error:
        story.full_clean()

    assert "must come after" in error.value.message_dict["unpublish_at"][0]


def test_withdrawal_needs_a_reason():
    story = StoryFactory.build(withdrawn=True, withdrawal_reason="")

    with pytest.raises(ValidationError) as error:
        story.full_clean()

    assert "withdrawal_reason" in error.value.message_dict


def test_database_refuses_a_published_story_without_a_source():
    story = StoryFactory(published=True)

    with pytest.raises(IntegrityError):
        Story.objects.filter(pk=story.pk).update(source=None)


def test_body_is_sanitised_on_save():
    story = StoryFactory(
        body_en='<p onclick="steal()">Hi<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">x</a><img src="https://tracker.example/p.gif">'
    )

    story.refresh_from_db()

    assert story.body == '<p>Hi</p><a rel="noopener noreferrer">x</a><img>'


XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '<a href="jAvAsCrIpT:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    "<iframe src=//evil.example></iframe>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    '<form action="https://evil.example"><input name=x></form>',
]


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_cleaner_removes_every_script_vector(payload):
    cleaned = clean_body_html(payload).lower()

    for marker in ("<script", "onerror", "onload", "javascript:", "<iframe",
                   "<svg", "style=", "<form", "data:"):  # fmt: skip
        assert marker not in cleaned
    assert clean_body_html(cleaned) == cleaned  # idempotent


def test_cleaner_keeps_editorial_markup():
    html = (
        '<h2>Heading</h2><p>A <strong>bold</strong> <a href="https://example.com" '
        'rel="noopener noreferrer">link</a>.</p><blockquote>Quote</blockquote>'
        '<ul><li>One</li></ul><img src="/media/x.jpg" alt="A picture">'
    )

    assert clean_body_html(html) == html


def test_free_slug_adds_a_number_on_collision():
    StoryFactory(slug="nato-summit")
    StoryFactory(slug="nato-summit-2")

    assert Story.objects.free_slug("NATO Summit") == "nato-summit-3"
    assert Story.objects.free_slug("北约峰会") == "story"


def test_text_change_after_publication_sets_the_revision_time():
    story = StoryFactory(published=True)
    assert story.revised_at is None

    story.body = "<p>A corrected paragraph.</p>"
    story.save()

    assert story.revised_at is not None


def test_text_change_before_publication_is_no_revision():
    story = StoryFactory(scheduled=True)

    story.title = "A better headline"
    story.save()

    assert story.revised_at is None


def test_rescheduling_moves_the_first_publication_time():
    story = StoryFactory(scheduled=True)
    later = story.publish_at + timedelta(days=1)

    story.publish_at = later
    story.save()

    assert story.first_published_at == later


def test_every_status_pair_keeps_withdrawn_time_consistent():
    story = StoryFactory()
    for old, new in itertools.permutations(StoryStatus.values, 2):
        story.status, story.publish_at = old, timezone.now() - HOUR
        story.withdrawal_reason = "other"
        story.save()
        story.status = new
        story.save()
        assert (story.withdrawn_at is not None) == (new == StoryStatus.WITHDRAWN)
