"""Purging by key: the keys pages carry, what each change purges, the edges."""

import json
import logging
from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.http import HttpResponse
from django.tasks import default_task_backend
from django.utils import timezone

from articles.models import RestrictionScope, Story, StoryStatus
from articles.pagecache import pages
from articles.pagecache.edge import EdgePurgeError, edge_purge
from articles.pagecache.keys import story_change_keys
from articles.pagecache.pages import freeze, is_current, lookup, purged_key
from articles.pagecache.purge import page_cache_purge, purge_on_commit
from articles.services.story import story_publish, story_save
from articles.tasks import (
    EDGE_PURGE_AGAIN_SECONDS,
    EDGE_PURGE_RETRY_DELAYS,
    edge_purge_retry,
)
from tests.factories import (
    CategoryFactory,
    HeroImageFactory,
    StoryFactory,
    restrict_story,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return StoryFactory(
        published=True,
        slug="harbour",
        title_en="Harbour reopens",
        category=CategoryFactory(slug="world"),
        translated=True,
    )


@pytest.fixture
def varnish(settings, edge_stub):
    settings.EDGE_PURGE_BACKEND = "varnish"
    settings.EDGE_PURGE_URLS = [edge_stub.url]
    return edge_stub


@pytest.fixture
def deferred_tasks(settings):
    """Queue tasks without running them, as the database backend does."""
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def test_each_public_page_names_what_it_shows(client, page_cache, settings, story):
    settings.EDGE_PURGE_BACKEND = "varnish"
    category = story.category.pk
    expected = {
        "/story/harbour/": f"s{story.pk}-en site",
        "/zh-hans/story/harbour/": f"s{story.pk}-zh-hans site",
        "/": "home-en site",
        "/zh-hans/": "home-zh-hans site",
        "/category/world/": f"c{category}-en site",
        "/category/world/feed/": f"c{category}-en site",
        "/zh-hans/category/world/feed/atom/": f"c{category}-zh-hans site",
        "/feed/": "feed-en site",
        "/sitemap.xml": "sitemap site",
        "/sitemap-stories.xml": "sitemap site",
    }
    for path, keys in expected.items():
        rendered = client.get(path)
        from_cache = client.get(path)

        assert rendered.status_code == 200, path
        assert rendered["xkey"] == from_cache["xkey"] == keys, path


def test_a_takedown_page_names_its_story(client, settings):
    settings.EDGE_PURGE_BACKEND = "varnish"
    gone = StoryFactory(withdrawn=True, slug="gone")

    response = client.get("/story/gone/")

    assert response.status_code == 410
    assert response["xkey"] == f"s{gone.pk}-en site"


@pytest.mark.parametrize(
    ("backend", "header", "value"),
    [
        ("fastly", "Surrogate-Key", "home-en site"),
        ("cloudflare", "Cache-Tag", "home-en,site"),
    ],
)
def test_the_header_follows_the_edge(client, settings, story, backend, header, value):
    settings.EDGE_PURGE_BACKEND = backend

    response = client.get("/")

    assert response[header] == value
    assert "xkey" not in response


def test_without_an_edge_pages_name_no_keys(client, story):
    response = client.get("/")

    assert not {"xkey", "Surrogate-Key", "Cache-Tag"} & set(response.headers)


def test_a_published_story_purges_its_page_and_its_lists(story):
    assert story_change_keys(story) == [
        "sitemap",
        f"s{story.pk}-en",
        "home-en",
        "feed-en",
        f"c{story.category_id}-en",
        f"s{story.pk}-zh-hans",
        "home-zh-hans",
        "feed-zh-hans",
        f"c{story.category_id}-zh-hans",
    ]


def test_a_story_that_moves_purges_the_category_it_left(story):
    story = Story.objects.get(pk=story.pk)  # As the admin and services read it.
    left = story.category_id
    story.category = CategoryFactory()

    keys = story_change_keys(story)

    assert {f"c{left}-en", f"c{story.category_id}-en"} <= set(keys)


@pytest.mark.parametrize(
    "unseen",
    [
        {"status": StoryStatus.DRAFT},
        {"published": True, "publish_at": timezone.now() + timezone.timedelta(days=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_a_story_readers_never_saw_purges_nothing(
    django_capture_on_commit_callbacks, unseen
):
    story = StoryFactory(**unseen)
    story.title = "Still being written"

    with django_capture_on_commit_callbacks() as callbacks:
        story_save(story=story, by=None)

    assert callbacks == []


def test_a_draft_save_keeps_every_cached_page(
    client, page_cache, story, django_assert_num_queries
):
    client.get("/")
    client.get("/story/harbour/")
    draft = StoryFactory(status=StoryStatus.DRAFT, category=story.category)

    draft.title = "Saved again"
    story_save(story=draft, by=None)

    with django_assert_num_queries(0):
        assert client.get("/").status_code == 200
        assert client.get("/story/harbour/").status_code == 200


def test_publishing_keeps_the_pages_of_other_stories(
    client,
    page_cache,
    story,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    client.get("/story/harbour/")
    client.get("/category/world/")
    draft = StoryFactory(category=CategoryFactory(slug="sport"), title_en="Cup final")

    with django_capture_on_commit_callbacks(execute=True):
        story_publish(story=draft, by=None)

    with django_assert_num_queries(0):
        client.get("/story/harbour/")
        client.get("/category/world/")
    assert "Cup final" in client.get("/").content.decode()


def test_moving_a_story_purges_the_list_it_left(
    client, page_cache, story, django_capture_on_commit_callbacks
):
    assert "Harbour reopens" in client.get("/category/world/").content.decode()
    story = Story.objects.get(pk=story.pk)
    story.category = CategoryFactory(slug="sport")

    with django_capture_on_commit_callbacks(execute=True):
        story_save(story=story, by=None)

    assert "Harbour reopens" not in client.get("/category/world/").content.decode()
    assert "Harbour reopens" in client.get("/category/sport/").content.decode()


def test_a_page_rendered_before_its_purge_is_stale(rf, page_cache, story):
    key = f"s{story.pk}-en"
    # A reader's request misses, reads the sequence and renders; the story
    # changes and is purged before that reader's page is stored.
    before = rf.get("/story/harbour/")
    assert lookup(before) is None
    page_cache_purge([key])
    after = rf.get("/story/harbour/")
    lookup(after)
    purges = cache.get_many([purged_key(key), purged_key("home-en")])

    assert not is_current(
        freeze(HttpResponse(), [key], before.page_cache_sequence), purges
    )
    assert is_current(freeze(HttpResponse(), [key], after.page_cache_sequence), purges)
    assert is_current(
        freeze(HttpResponse(), ["home-en"], before.page_cache_sequence), purges
    )


def test_a_cached_page_costs_one_trip_to_the_cache(
    client, page_cache, story, monkeypatch
):
    client.get("/story/harbour/")
    trips = []
    backend = caches["default"]
    get_many = backend.get_many

    def counted(keys, *args, **kwargs):
        trips.append(keys)
        return get_many(keys, *args, **kwargs)

    monkeypatch.setattr(backend, "get_many", counted)
    response = client.get("/story/harbour/")

    assert response.status_code == 200
    assert len(trips) == 1


def test_a_worker_that_never_saw_the_page_still_checks_its_keys(
    client, page_cache, story, django_capture_on_commit_callbacks
):
    client.get("/story/harbour/")
    pages.KEYS_SEEN.clear()  # Another worker.
    Story.objects.filter(pk=story.pk).update(title_en="Harbour closes")
    page_cache_purge([f"s{story.pk}-en"])

    assert "Harbour closes" in client.get("/story/harbour/").content.decode()


def test_varnish_is_sent_a_purge_for_each_server(settings, varnish, second_edge_stub):
    settings.EDGE_PURGE_URLS = [varnish.url, second_edge_stub.url + "/"]

    edge_purge(["s1-en", "home-en"])

    for server in (varnish, second_edge_stub):
        [(method, path, headers, _body)] = server.requests
        assert (method, path) == ("PURGE", "/")
        assert headers["xkey-purge"] == "s1-en home-en"


def test_fastly_is_sent_a_bulk_purge_by_surrogate_key(settings, edge_stub):
    settings.EDGE_PURGE_BACKEND = "fastly"
    settings.FASTLY_API_URL = edge_stub.url
    settings.FASTLY_SERVICE_ID = "SU1Z0isxPaozGVKXdv0eY"
    settings.FASTLY_API_TOKEN = "fastly-token"

    edge_purge(["s1-en", "home-en"])

    [(method, path, headers, body)] = edge_stub.requests
    assert (method, path) == ("POST", "/service/SU1Z0isxPaozGVKXdv0eY/purge")
    assert headers["Fastly-Key"] == "fastly-token"
    assert json.loads(body) == {"surrogate_keys": ["s1-en", "home-en"]}


def test_cloudflare_is_sent_a_purge_by_cache_tag(settings, edge_stub):
    settings.EDGE_PURGE_BACKEND = "cloudflare"
    settings.CLOUDFLARE_API_URL = edge_stub.url + "/client/v4"
    settings.CLOUDFLARE_ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353"
    settings.CLOUDFLARE_API_TOKEN = "cloudflare-token"
    edge_stub.body = b'{"success": true, "errors": [], "result": {"id": "1"}}'

    edge_purge(["s1-en", "home-en"])

    [(method, path, headers, body)] = edge_stub.requests
    assert method == "POST"
    assert path == "/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache"
    assert headers["Authorization"] == "Bearer cloudflare-token"
    assert json.loads(body) == {"tags": ["s1-en", "home-en"]}


def test_a_cloudflare_refusal_is_a_failed_purge(settings, edge_stub):
    settings.EDGE_PURGE_BACKEND = "cloudflare"
    settings.CLOUDFLARE_API_URL = edge_stub.url
    edge_stub.body = b'{"success": false, "errors": [{"code": 1134}]}'

    with pytest.raises(EdgePurgeError):
        edge_purge(["s1-en"])


def test_many_keys_go_in_batches(settings, varnish):
    keys = [f"s{number}-en" for number in range(250)]

    edge_purge(keys)

    sent = [request[2]["xkey-purge"].split() for request in varnish.requests]
    assert [len(batch) for batch in sent] == [100, 100, 50]
    assert sum(sent, []) == keys


def test_a_purge_the_edge_refuses_is_logged_and_retried_later(
    varnish, deferred_tasks, caplog
):
    varnish.status = 403

    with caplog.at_level(logging.WARNING, "articles.pagecache.purge"):
        page_cache_purge(["s1-en"])

    assert "The edge could not be purged" in caplog.text
    [retry] = deferred_tasks.results
    assert retry.task.func == edge_purge_retry.func
    assert retry.kwargs == {"keys": ["s1-en"], "attempt": 1}
    assert retry.task.run_after > timezone.now()


def test_an_unreachable_edge_is_retried_later(settings, deferred_tasks):
    settings.EDGE_PURGE_BACKEND = "varnish"
    # Nothing listens on port 1.
    settings.EDGE_PURGE_URLS = ["http://127.0.0.1:1"]

    page_cache_purge(["s1-en"])

    assert len(deferred_tasks.results) == 1


def test_the_retry_purges_once_the_edge_answers(varnish, deferred_tasks):
    edge_purge_retry.call(keys=["s1-en"], attempt=1)

    assert [request[2]["xkey-purge"] for request in varnish.requests] == ["s1-en"]
    assert deferred_tasks.results == []


def test_the_retry_tries_again_then_gives_up(varnish, deferred_tasks, caplog):
    varnish.status = 503
    last = len(EDGE_PURGE_RETRY_DELAYS)

    with pytest.raises(EdgePurgeError):
        edge_purge_retry.call(keys=["s1-en"], attempt=1)
    [again] = deferred_tasks.results
    assert again.kwargs["attempt"] == 2

    deferred_tasks.clear()
    with (
        caplog.at_level(logging.ERROR, "articles.tasks"),
        pytest.raises(EdgePurgeError),
    ):
        edge_purge_retry.call(keys=["s1-en"], attempt=last)
    assert deferred_tasks.results == []
    assert "expire by themselves" in caplog.text


def test_hiding_a_shared_hero_image_purges_every_story_showing_it(
    client, page_cache, django_capture_on_commit_callbacks
):
    image = HeroImageFactory()
    restricted = StoryFactory(published=True, hero_image=image)
    sharing = StoryFactory(published=True, hero_image=image)
    assert "Gaustatoppen" in client.get(sharing.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        restrict_story(restricted, RestrictionScope.HERO_IMAGE)

    assert "Gaustatoppen" not in client.get(sharing.get_absolute_url()).content.decode()


def test_a_takedown_purges_the_edge_again_once_no_old_page_can_reach_it(
    varnish, deferred_tasks, story, django_capture_on_commit_callbacks
):
    # A reader's page rendered before the restriction committed can reach the
    # edge after the purge at commit; only a later purge removes it.
    with django_capture_on_commit_callbacks(execute=True):
        restrict_story(story)
    [at_commit] = [request[2]["xkey-purge"] for request in varnish.requests]
    [again] = [
        result
        for result in deferred_tasks.results
        if result.task.func == edge_purge_retry.func
    ]

    assert again.kwargs == {"keys": at_commit.split(), "attempt": 0}
    assert f"s{story.pk}-en" in again.kwargs["keys"]
    assert again.task.run_after >= timezone.now() + timedelta(
        seconds=EDGE_PURGE_AGAIN_SECONDS - 1
    )
    edge_purge_retry.call(**again.kwargs)
    assert [request[2]["xkey-purge"] for request in varnish.requests] == [
        at_commit,
        at_commit,
    ]


def test_a_second_purge_the_edge_refuses_is_retried_later(varnish, deferred_tasks):
    varnish.status = 503

    with pytest.raises(EdgePurgeError):
        edge_purge_retry.call(keys=["s1-en"], attempt=0)

    [retry] = deferred_tasks.results
    assert retry.task.func == edge_purge_retry.func
    assert retry.kwargs == {"keys": ["s1-en"], "attempt": 1}


def test_without_an_edge_a_change_queues_no_second_purge(
    deferred_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        purge_on_commit(["s1-en"])

    assert deferred_tasks.results == []
