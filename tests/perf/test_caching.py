from datetime import timedelta

import pytest
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.csp import LazyNonce
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Story
from articles.pagecache.pages import is_personal, page_cache_key
from articles.pagecache.purge import page_cache_purge
from articles.services.language import (
    story_language_publish,
    story_language_save,
    story_language_unpublish,
)
from articles.services.story import story_publish, story_save, story_unpublish
from tests.admin_forms import admin_change_form_data
from tests.factories import CategoryFactory, HeroImageFactory, StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return StoryFactory(
        published=True,
        title_en="Harbour reopens",
        category=CategoryFactory(slug="world"),
    )


@pytest.mark.parametrize(
    "path", ["/", "/category/world/", "/story/harbour/", "/?page=1"]
)
def test_a_cached_page_is_served_without_queries(
    client, page_cache, django_assert_num_queries, path
):
    StoryFactory(published=True, slug="harbour", category=CategoryFactory(slug="world"))
    first = client.get(path)
    assert first.status_code == 200

    with django_assert_num_queries(0):
        second = client.get(path)

    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


@pytest.mark.parametrize("path", ["/story/harbour/", "/zh-hans/story/harbour/"])
def test_a_cached_page_keeps_what_the_middleware_added(
    client, page_cache, django_assert_num_queries, path
):
    StoryFactory(published=True, slug="harbour", translated=True)
    first = client.get(path)

    with django_assert_num_queries(0):
        from_cache = client.get(path)

    assert from_cache.content == first.content
    for header in ["Content-Language", "Content-Security-Policy", "ETag"]:
        assert from_cache[header] == first[header]


def test_a_cached_page_is_refused_to_a_host_not_allowed(
    client, page_cache, settings, story
):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    url = story.get_absolute_url()
    assert client.get(url, headers={"host": "127.0.0.1"}).status_code == 200

    response = client.get(url, headers={"host": "evil.example"})
    revalidation = client.get(
        url, headers={"host": "evil.example", "if-none-match": "*"}
    )

    # As when the page is rendered: Host is checked before any answer.
    assert response.status_code == 400
    assert revalidation.status_code == 400
    assert "Harbour reopens" not in response.content.decode()


def test_pages_that_are_never_cached_are_not_kept(rf, client, page_cache, story):
    for path in ["/search/?q=harbour", "/takedown/"]:
        client.get(path)

        assert cache.get(page_cache_key(rf.get(path))) is None


def test_publishing_purges_the_lists_at_once(
    client, page_cache, story, django_capture_on_commit_callbacks
):
    assertNotContains(client.get("/"), "Tide tables published")
    draft = StoryFactory(title_en="Tide tables published", category=story.category)

    with django_capture_on_commit_callbacks(execute=True):
        story_publish(story=draft, by=None)

    assertContains(client.get("/"), "Tide tables published")
    assertContains(client.get("/category/world/"), "Tide tables published")


def test_editing_purges_the_story_page_and_the_lists(
    client, page_cache, story, django_capture_on_commit_callbacks
):
    assertContains(client.get(story.get_absolute_url()), "Harbour reopens")
    assertContains(client.get("/"), "Harbour reopens")

    story.title = "Harbour reopens after storm"
    with django_capture_on_commit_callbacks(execute=True):
        story_save(story=story, by=None)

    assertContains(client.get(story.get_absolute_url()), "Harbour reopens after storm")
    assertContains(client.get("/"), "Harbour reopens after storm")


def test_unpublishing_purges_the_story_page_and_the_lists(
    client, page_cache, story, django_capture_on_commit_callbacks
):
    assert client.get(story.get_absolute_url()).status_code == 200
    assertContains(client.get("/"), "Harbour reopens")

    with django_capture_on_commit_callbacks(execute=True):
        story_unpublish(story=story, by=None)

    assert client.get(story.get_absolute_url()).status_code == 404
    assertNotContains(client.get("/"), "Harbour reopens")


def test_the_purge_waits_for_the_commit(
    client, page_cache, story, django_capture_on_commit_callbacks
):
    client.get(story.get_absolute_url())
    story.title = "Harbour closes again"

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        story_save(story=story, by=None)

    # Not purged yet: a reader could otherwise re-cache the old page before
    # the change is committed.
    assertNotContains(client.get(story.get_absolute_url()), "Harbour closes again")
    [purge] = callbacks
    purge()
    assertContains(client.get(story.get_absolute_url()), "Harbour closes again")


def test_staff_always_see_a_fresh_page(editor_client, page_cache, story):
    # Fill the cache as a reader, then change the row behind the cache's back.
    anonymous = type(editor_client)()
    anonymous.get(story.get_absolute_url())
    Story.objects.filter(pk=story.pk).update(
        title_en="Harbour reopens, with a new name"
    )

    assertNotContains(anonymous.get(story.get_absolute_url()), "with a new name")
    assertContains(editor_client.get(story.get_absolute_url()), "with a new name")


def test_staff_pages_are_never_stored_for_readers(editor_client, page_cache, story):
    editor_client.get(story.get_absolute_url())
    Story.objects.filter(pk=story.pk).update(title_en="Harbour reopens, renamed")
    anonymous = type(editor_client)()

    assertContains(anonymous.get(story.get_absolute_url()), "renamed")


def test_pages_that_are_not_found_or_gone_are_not_cached(client, page_cache):
    gone = StoryFactory(withdrawn=True, slug="gone")

    assert client.get("/story/missing/").status_code == 404
    assert client.get("/story/gone/").status_code == 410
    Story.objects.filter(pk=gone.pk).update(withdrawal_note="A new public note.")
    assertContains(client.get("/story/gone/"), "A new public note.", status_code=410)


def test_languages_never_share_a_cache_entry():
    factory = RequestFactory()

    # The key is made before LocaleMiddleware: whatever language is active,
    # the path decides.
    with translation.override("zh-hans"):
        english = page_cache_key(factory.get("/story/harbour/?page=2"))
    with translation.override("en"):
        chinese = page_cache_key(factory.get("/zh-hans/story/harbour/?page=2"))

    assert english.startswith("page:en:")
    assert chinese.startswith("page:zh-hans:")


def test_the_query_string_is_part_of_the_key():
    factory = RequestFactory()

    with translation.override("en"):
        first_page = page_cache_key(factory.get("/"))
        second_page = page_cache_key(factory.get("/?page=2"))

    assert first_page != second_page


def test_cache_control_follows_the_design(client, page_cache, story):
    assert client.get(story.get_absolute_url())["Cache-Control"] == (
        "public, max-age=60, s-maxage=300, stale-while-revalidate=30"
    )
    assert client.get("/")["Cache-Control"] == "public, max-age=0, s-maxage=60"
    # From the cache too.
    assert client.get("/")["Cache-Control"] == "public, max-age=0, s-maxage=60"


def test_staff_browsers_never_keep_a_page_without_asking_again(
    client, page_cache, story, editor
):
    anonymous = client.get(story.get_absolute_url())
    client.force_login(editor)

    staff = client.get(story.get_absolute_url())

    assert anonymous["Cache-Control"].startswith("public, max-age=60")
    assert "Cookie" not in anonymous.get("Vary", "")
    assert staff["Cache-Control"] == "private, no-cache"
    assert "Cookie" in staff["Vary"]
    assert client.get("/")["Cache-Control"] == "private, no-cache"


def test_logging_in_clears_the_pages_the_browser_kept(client, editor):
    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "editor-password"},
    )

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache"'


def test_staff_see_a_saved_story_at_once(client, page_cache, story, editor):
    client.force_login(editor)
    first = client.get(story.get_absolute_url())
    story.title_en = "Harbour reopens after the storm"
    story_save(story=story, by=editor)

    again = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assertContains(again, "Harbour reopens after the storm")


def test_public_pages_do_not_vary_on_the_browser_language(client, page_cache, story):
    response = client.get(story.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-CN")

    assert "Accept-Language" not in response.get("Vary", "")
    assert not response.cookies


def test_a_revalidation_from_the_cache_costs_no_query(
    client, page_cache, story, django_assert_num_queries
):
    first = client.get(story.get_absolute_url())

    with django_assert_num_queries(0):
        response = client.get(
            story.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"]
        )

    assert response.status_code == 304
    assert response["ETag"] == first["ETag"]


def test_a_revalidation_outside_the_cache_costs_no_rendering(
    client, page_cache, story, django_assert_num_queries
):
    first = client.get(story.get_absolute_url())
    # A session cookie keeps the page cache out of the way.
    client.cookies["sessionid"] = "not-a-session"

    with django_assert_num_queries(1):
        by_etag = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(
        story.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )

    assert by_etag.status_code == 304
    assert by_date.status_code == 304
    assert by_etag.templates == []
    assert by_etag["Cache-Control"] == "private, no-cache"


def test_a_changed_story_is_sent_again(
    client, page_cache, story, django_capture_on_commit_callbacks
):
    first = client.get(story.get_absolute_url())
    story.title = "Harbour reopens to ferries"
    with django_capture_on_commit_callbacks(execute=True):
        story_save(story=story, by=None)

    response = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assertContains(response, "Harbour reopens to ferries")


def test_a_story_that_left_is_not_revalidated(client, page_cache, story):
    first = client.get(story.get_absolute_url())
    client.cookies["sessionid"] = "not-a-session"
    Story.objects.filter(pk=story.pk).update(
        unpublish_at=timezone.now() - timedelta(minutes=1),
        publish_at=timezone.now() - timedelta(hours=2),
    )

    response = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assert response.status_code == 410


def test_a_purge_on_an_empty_cache_starts_the_sequence(page_cache):
    page_cache_purge(["home-en"])
    page_cache_purge(["home-en"])


def test_a_page_that_read_reader_state_is_never_stored(rf):
    with_token = rf.get("/")
    get_token(with_token)
    with_nonce = rf.get("/")
    with_nonce._csp_nonce = LazyNonce()
    str(with_nonce._csp_nonce)
    plain = rf.get("/")
    plain._csp_nonce = LazyNonce()

    assert is_personal(with_token)
    assert is_personal(with_nonce)
    assert not is_personal(plain)


def test_publishing_and_unpublishing_a_translation_purge_the_chinese_pages(
    client, page_cache, story, django_capture_on_commit_callbacks
):
    assertNotContains(client.get("/zh-hans/"), "港口重新开放")
    cached_fallback = client.get("/zh-hans/story/" + story.slug + "/")
    assertContains(cached_fallback, "本文暂无中文版")
    text = {
        "title": "港口重新开放",
        "summary": "港口已重新开放。",
        "body": "<p>正文。</p>",
    }

    with django_capture_on_commit_callbacks(execute=True):
        story_language = story_language_save(
            story=story, language="zh-hans", text=text, by=None
        )
        story_language_publish(story_language=story_language, by=None)

    assertContains(client.get("/zh-hans/"), "港口重新开放")
    assertContains(client.get("/zh-hans/story/" + story.slug + "/"), "<p>正文。</p>")

    with django_capture_on_commit_callbacks(execute=True):
        story_language_unpublish(story_language=story_language, by=None)

    assertNotContains(client.get("/zh-hans/"), "港口重新开放")
    assertContains(client.get("/zh-hans/story/" + story.slug + "/"), "本文暂无中文版")


def test_editing_a_hero_image_in_the_admin_purges_its_story(
    editor_client, page_cache, django_capture_on_commit_callbacks
):
    story = StoryFactory(published=True, hero_image=HeroImageFactory())
    reader = Client()
    assertContains(reader.get(story.get_absolute_url()), "Gaustatoppen, Norway.")
    url = reverse("admin:articles_heroimage_change", args=[story.hero_image.pk])
    data = admin_change_form_data(
        editor_client, url, image="", caption_en="Gaustatoppen at first light."
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assertContains(reader.get(story.get_absolute_url()), "Gaustatoppen at first light.")


@pytest.mark.parametrize("model", ["category", "source"])
def test_renaming_a_category_or_source_in_the_admin_purges_the_pages(
    editor_client, page_cache, story, django_capture_on_commit_callbacks, model
):
    story.source.name_en = "Harbour Gazette"
    story.source.save()
    renamed = getattr(story, model)
    reader = Client()
    assertContains(reader.get(story.get_absolute_url()), renamed.name_en)
    url = reverse(f"admin:articles_{model}_change", args=[renamed.pk])
    data = admin_change_form_data(editor_client, url, name_en="Renamed in the admin")

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assertContains(reader.get(story.get_absolute_url()), "Renamed in the admin")
    assertContains(reader.get("/"), "Renamed in the admin")


def test_readers_still_get_pages_while_the_cache_is_down(client, settings, story):
    # Nothing listens on port 1.
    settings.CACHES = {
        "default": {
            "BACKEND": "articles.pagecache.backends.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }

    home = client.get("/")
    page = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH='"1-1-1-en"')

    assertContains(home, "Harbour reopens")
    assertContains(page, "Harbour reopens")
    # The purge cannot be checked, so nothing is confirmed as current.
    assert "ETag" not in page
    assert "Last-Modified" not in page
