"""The editors' desk: no silent overwrite, presence, restrictions, the index."""

import threading
import time

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from articles.forms.story import StoryAdminForm
from articles.models import RestrictionScope, Story
from articles.services.changes import story_with_changes
from articles.services.editing import edit_token
from articles.services.restriction import restriction_apply
from articles.zones import local_time
from tests.factories import (
    HeroImageFactory,
    StoryFactory,
    TakedownRequestFactory,
    jpeg_bytes,
)
from tests.stories.test_admin import story_form_data

pytestmark = pytest.mark.django_db

# The admin's own (session, user, permissions), the page's rows with their
# restrictions in one query, the filters; the form adds the story's last
# history entry (its edit token) and its pending changes. None per story,
# per image or per version (tests/versions/test_history.py). Measured, then
# pinned: a change to either number is a decision to review.
STORY_LIST_QUERIES = 12
STORY_FORM_QUERIES = 13


@pytest.fixture
def second_editor(django_user_model):
    user = django_user_model.objects.create_user(
        "anna",
        "anna@example.com",
        "anna-password",
        is_staff=True,
        first_name="Anna",
        last_name="Li",
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def second_client(second_editor):
    client = Client()
    client.force_login(second_editor)
    return client


def change_url(story):
    return reverse("admin:articles_story_change", args=[story.pk])


@pytest.fixture
def base_data():
    return story_form_data()


def opened_form_data(client, story, base_data, **typed):
    """What a browser posts: the form as opened, with `typed` changed."""
    form = client.get(change_url(story)).context["adminform"].form
    return {
        **base_data,
        "slug": story.slug,
        "title_en": story.title_en,
        "edit_token": form["edit_token"].value(),
        **typed,
    }


def test_the_second_save_is_refused_and_keeps_what_was_typed(
    editor_client, second_client, base_data
):
    story = StoryFactory(title_en="Harbour reopens")
    first = opened_form_data(
        second_client, story, base_data, title_en="Harbour reopens at dawn"
    )
    mine = opened_form_data(
        editor_client, story, base_data, title_en="Harbour reopens today"
    )

    second_client.post(change_url(story), first)
    response = editor_client.post(change_url(story), mine)

    assert response.status_code == 200
    assertContains(response, "Someone else saved this story after you opened it")
    assertContains(response, "Anna Li")
    assertContains(response, "Changed Headline")
    # The refused editor's typing is still in the form.
    assertContains(response, 'value="Harbour reopens today"')
    story.refresh_from_db()
    assert story.title_en == "Harbour reopens at dawn"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks: it runs one write at a time",
)
def test_two_saves_at_the_same_moment_cannot_both_pass(
    editor_client, second_client, base_data, monkeypatch
):
    story = StoryFactory(title_en="Harbour reopens")
    first = opened_form_data(second_client, story, base_data, title_en="At dawn")
    mine = opened_form_data(editor_client, story, base_data, title_en="Today")
    # The first save stops right after its version check, until released.
    checked, release = threading.Event(), threading.Event()
    saved_version = StoryAdminForm.saved_version

    def check_then_wait(form):
        version = saved_version(form)
        if not checked.is_set():
            checked.set()
            release.wait(timeout=10)
        return version

    monkeypatch.setattr(StoryAdminForm, "saved_version", check_then_wait)
    responses = {}

    def save(name, client, data):
        try:
            responses[name] = client.post(change_url(story), data)
        finally:
            connection.close()

    first_save = threading.Thread(target=save, args=("first", second_client, first))
    first_save.start()
    assert checked.wait(timeout=10)
    my_save = threading.Thread(target=save, args=("mine", editor_client, mine))
    my_save.start()
    waited = a_query_waits_for_a_lock()
    release.set()
    first_save.join(timeout=10)
    my_save.join(timeout=10)

    assert waited, "the second save did not wait for the first"
    assert responses["first"].status_code == 302
    assertContains(
        responses["mine"], "Someone else saved this story after you opened it"
    )
    story.refresh_from_db()
    assert story.title_en == "At dawn"


def a_query_waits_for_a_lock(timeout=10) -> bool:
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


def test_saving_again_after_the_refusal_keeps_the_second_version(
    editor_client, second_client, base_data
):
    story = StoryFactory(title_en="Harbour reopens")
    first = opened_form_data(second_client, story, base_data, title_en="At dawn")
    mine = opened_form_data(editor_client, story, base_data, title_en="Today")
    second_client.post(change_url(story), first)
    refused = editor_client.post(change_url(story), mine)

    again = refused.context["adminform"].form["edit_token"].value()
    editor_client.post(change_url(story), {**mine, "edit_token": again})

    # The first save published the story, so this one waits as pending changes.
    story.refresh_from_db()
    assert story_with_changes(story).title_en == "Today"


def test_a_save_with_the_current_version_goes_through(editor_client, base_data):
    story = StoryFactory(title_en="Harbour reopens")

    editor_client.post(
        change_url(story),
        opened_form_data(editor_client, story, base_data, title_en="Later"),
    )

    story.refresh_from_db()
    assert story.title_en == "Later"
    assert edit_token(story) != ""


def test_editors_see_who_else_has_the_story_open(editor_client, second_client):
    story = StoryFactory()
    url = reverse("admin:articles_story_editing", args=[story.pk])

    alone = editor_client.post(url).json()
    together = second_client.post(url).json()
    seen_by_first = editor_client.post(url).json()
    second_client.post(url, {"leave": "1"})
    after_leaving = editor_client.post(url).json()

    assert alone == {"others": []}
    assert together == {"others": ["editor"]}
    assert seen_by_first == {"others": ["Anna Li"]}
    assert after_leaving == {"others": []}


def test_presence_is_for_those_who_may_change_the_story(legal_client):
    story = StoryFactory()
    url = reverse("admin:articles_story_editing", args=[story.pk])

    assert legal_client.post(url).status_code == 403
    assert legal_client.get(url).status_code == 405


def restrict(story, scope, language=""):
    return restriction_apply(
        story=story,
        cause=TakedownRequestFactory(),
        reference="TD-7KQ2-M9PX",
        reason="Copyright",
        scope=scope,
        language=language,
        by=None,
    )


def test_a_restricted_story_says_so_in_the_list_and_cannot_be_edited(editor_client):
    story = StoryFactory(title_en="Harbour reopens", published=True)
    restrict(story, RestrictionScope.WHOLE)

    listing = editor_client.get(reverse("admin:articles_story_changelist"))
    form = editor_client.get(change_url(story))
    post = editor_client.post(
        change_url(story), story_form_data(slug=story.slug, title_en="Changed")
    )

    assertContains(listing, "The whole story (TD-7KQ2-M9PX)")
    assertContains(form, "Restricted by legal demand TD-7KQ2-M9PX: The whole story.")
    assertContains(form, "only Legal can lift the restriction")
    assertNotContains(form, 'name="_save"')
    assert post.status_code == 403
    story.refresh_from_db()
    assert story.title_en == "Harbour reopens"


def test_a_restricted_hero_image_is_read_only(editor_client):
    story = StoryFactory(published=True)
    restrict(story, RestrictionScope.HERO_IMAGE)

    response = editor_client.get(change_url(story))

    assertContains(response, "The hero image only")
    assert "hero_image" not in response.context["adminform"].form.fields
    assertContains(response, 'name="_save"')


def test_a_restricted_chinese_version_cannot_be_translated(editor_client):
    story = StoryFactory(published=True, translated=True)
    restrict(story, RestrictionScope.LANGUAGE, language="zh-hans")
    url = reverse("admin:articles_story_translate", args=[story.pk, "zh-hans"])

    listing = editor_client.get(reverse("admin:articles_story_changelist"))
    page = editor_client.get(url)
    post = editor_client.post(url, {"title": "改了", "_save": "1"})

    assertContains(listing, "The Simplified Chinese version (TD-7KQ2-M9PX)")
    assertContains(page, "Restricted by legal demand TD-7KQ2-M9PX")
    assert post.status_code == 403
    story.refresh_from_db()
    assert story.title_zh_hans != "改了"


def test_the_slug_help_shows_the_full_address(editor_client, settings):
    settings.SITE_URL = "https://worldbrief.example"
    story = StoryFactory(slug="harbour-reopens")

    response = editor_client.get(change_url(story))

    assertContains(response, "https://worldbrief.example/story/harbour-reopens/")


@pytest.mark.parametrize(
    ("language", "header", "zone"),
    [
        ("en", "World Brief newsroom", "UTC"),
        ("zh-hans", "World Brief 新闻编辑室", "CST"),
    ],
)
def test_the_list_names_the_newsroom_and_the_zone_of_each_time(
    editor_client, language, header, zone
):
    StoryFactory(published=True)
    with translation.override(language):
        url = reverse("admin:articles_story_changelist")

    response = editor_client.get(url)

    assertContains(response, header)
    assertNotContains(response, "Django administration")
    assertContains(response, f" {zone}</td>")


def test_the_desk_shows_the_editors_own_drafts(editor_client, editor):
    mine = StoryFactory(title_en="My own draft", created_by=editor)
    StoryFactory(title_en="Somebody else's draft")

    response = editor_client.get(reverse("admin:index"))

    assertContains(response, "My drafts")
    assertContains(response, change_url(mine))
    assertNotContains(response, "Somebody else&#x27;s draft")
    assertNotContains(response, "Requests due")


def test_the_desk_shows_legal_the_requests_due(legal_client):
    takedown_request = TakedownRequestFactory()

    response = legal_client.get(reverse("admin:index"))

    assertContains(response, "Requests due")
    assertContains(response, takedown_request.reference)
    assertNotContains(response, "My drafts")


def test_a_story_made_by_the_form_has_no_restriction_banner(editor_client):
    assert not Story.objects.exists()
    response = editor_client.get(reverse("admin:articles_story_add"))

    assertNotContains(response, "restriction-banner")
    assertContains(response, 'data-autosave-key="story:new:user:')


def test_the_form_shows_the_chosen_image_and_the_chooser_searches_captions(
    editor_client,
):
    hero = HeroImageFactory(
        alt_text_en="Ships in the harbour at dawn.",
        caption_en="Rotterdam, the morning the port reopened.",
        credit="Jane Doe / Example Agency",
    )
    HeroImageFactory(caption_en="A mountain top.")
    story = StoryFactory(hero_image=hero)

    form = editor_client.get(change_url(story))
    chooser = editor_client.get(
        reverse("admin:articles_heroimage_changelist"),
        {"_popup": "1", "_to_field": "id", "q": "Rotterdam"},
    )
    card = editor_client.get(
        reverse("admin:articles_heroimage_card", args=[hero.pk])
    ).json()["card"]

    assertContains(form, "Ships in the harbour at dawn.")
    assertContains(form, "Jane Doe / Example Agency")
    assertContains(form, hero.url_of(hero.thumbnail))
    assertContains(form, 'class="vForeignKeyRawIdAdminField"')
    assert chooser.context["cl"].result_count == 1
    assertContains(chooser, hero.url_of(hero.thumbnail))
    assert "Ships in the harbour at dawn." in card


def test_a_refused_upload_names_the_picture_to_choose_again(editor_client):
    response = editor_client.post(
        reverse("admin:articles_heroimage_add"),
        {
            "image": SimpleUploadedFile(
                "harbour.jpg", jpeg_bytes(800, 450), content_type="image/jpeg"
            ),
            "alt_text_en": "",
            "caption_en": "Rotterdam",
            "credit_en": "Jane Doe",
            "licence": "all-rights-reserved",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )

    assert response.status_code == 200
    assertContains(response, "the picture “harbour.jpg” was not kept")
    assertContains(response, 'value="Rotterdam"')


@pytest.mark.parametrize("count", [3, 12])
def test_the_story_list_costs_the_same_for_any_number_of_stories(
    editor_client, django_assert_num_queries, count
):
    for _number in range(count):
        story = StoryFactory(published=True, hero_image=HeroImageFactory())
        restrict(story, RestrictionScope.HERO_IMAGE)

    with django_assert_num_queries(STORY_LIST_QUERIES):
        response = editor_client.get(reverse("admin:articles_story_changelist"))

    assertContains(response, "The hero image only", count=count)


@pytest.mark.parametrize("count", [3, 12])
def test_the_story_form_costs_the_same_for_any_number_of_images(
    editor_client, django_assert_num_queries, count
):
    HeroImageFactory.create_batch(count)
    story = StoryFactory(published=True, hero_image=HeroImageFactory())
    restrict(story, RestrictionScope.HERO_IMAGE)

    with django_assert_num_queries(STORY_FORM_QUERIES):
        response = editor_client.get(change_url(story))

    assertContains(response, "Restricted by legal demand")


def test_legal_reads_a_story_with_no_save_buttons(legal_client):
    story = StoryFactory(title_en="Harbour reopens")

    response = legal_client.get(change_url(story))

    assertContains(response, "Harbour reopens")
    assertNotContains(response, 'name="_save"')
    assertNotContains(response, 'name="_continue"')
    assertNotContains(response, 'id="story-desk"')


def test_json_fields_read_as_lists(legal_client):
    takedown_request = TakedownRequestFactory(declarations={"good_faith": "2026-11"})

    response = legal_client.get(
        reverse("admin:takedowns_takedownrequest_change", args=[takedown_request.pk])
    )

    assertContains(response, '<ul class="json-list"><li>good faith: 2026-11</li></ul>')


def test_a_read_only_story_names_the_zone_of_its_times(legal_client):
    story = StoryFactory(published=True)

    response = legal_client.get(change_url(story))

    assertContains(response, 'class="readonly">' + local_time(story.publish_at))


def test_a_refusal_lists_only_the_saves_made_after_the_form_was_opened(
    editor_client, second_client, base_data
):
    story = StoryFactory(title_en="Harbour reopens")
    # Saved by Anna before the editor opens it: not news to the editor.
    second_client.post(
        change_url(story),
        opened_form_data(second_client, story, base_data, summary_en="Earlier."),
    )
    story.refresh_from_db()
    mine = opened_form_data(editor_client, story, base_data, byline_en="Maria Rossi")
    second_client.post(
        change_url(story),
        opened_form_data(second_client, story, base_data, title_en="At dawn"),
    )

    response = editor_client.post(change_url(story), mine)

    # The explanation, then one line: Anna's second save, not her first.
    errors = response.context["adminform"].form.non_field_errors()
    assert len(errors) == 2
    assert errors[1].startswith("Anna Li, ")
    assert "Changed Headline" in errors[1]
