"""Each worker's copy of the page-cache generation, kept current by Redis.

Another worker is played by a second `RedisCache` object: its own
connections, exactly what Redis sees of another gunicorn process.
"""

from unittest import mock

import pytest
from django.core.cache import cache
from pytest_django.asserts import assertContains
from redis.exceptions import ConnectionError as RedisConnectionError

from articles.pagecache.backends import KeyFollower, RedisCache
from articles.pagecache.pages import GENERATION_KEY, page_generation
from tests.factories import StoryFactory
from tests.perf.conftest import TEST_REDIS_URL

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_worker(redis_page_cache):
    return RedisCache(TEST_REDIS_URL, {"KEY_PREFIX": "wt-production-tests"})


def bump_in(worker: RedisCache) -> int:
    """Do what `page_cache_bump` does, from `worker`."""
    generation = worker.incr(GENERATION_KEY)
    worker.announce(GENERATION_KEY, generation)
    return generation


def test_a_followed_generation_costs_no_round_trip(redis_page_cache):
    generation = page_generation()

    with mock.patch.object(RedisCache, "get", side_effect=AssertionError("a read")):
        assert page_generation() == generation


def test_a_bump_in_another_worker_is_seen_on_the_next_request(other_worker):
    page_generation()

    generation = bump_in(other_worker)

    with mock.patch.object(RedisCache, "get", side_effect=AssertionError("a read")):
        assert page_generation() == generation


def test_a_purge_in_another_worker_retires_this_workers_pages(client, other_worker):
    story = StoryFactory(published=True, title_en="Harbour reopens")
    assertContains(client.get(story.get_absolute_url()), "Harbour reopens")
    assertContains(client.get(story.get_absolute_url()), "Harbour reopens")

    # The edit is saved, and purged, by another worker.
    type(story).objects.filter(pk=story.pk).update(title_en="Harbour reopens at dawn")
    bump_in(other_worker)

    assertContains(client.get(story.get_absolute_url()), "Harbour reopens at dawn")


def test_announcements_that_cross_never_take_the_generation_back(other_worker):
    page_generation()
    newer = bump_in(other_worker)
    other_worker.announce(GENERATION_KEY, newer - 1)

    assert page_generation() == newer


def test_a_failed_subscription_falls_back_to_reading_redis(other_worker):
    page_generation()
    failure = RedisConnectionError("connection lost")

    with mock.patch.object(KeyFollower, "take_announcements", side_effect=failure):
        generation = bump_in(other_worker)
        assert page_generation() == generation

    # The next request subscribes again, and then follows the key as before.
    page_generation()
    generation = bump_in(other_worker)
    with mock.patch.object(RedisCache, "get", side_effect=AssertionError("a read")):
        assert page_generation() == generation


def test_a_change_that_was_not_announced_is_read_within_seconds(other_worker):
    page_generation()
    changed = other_worker.incr(GENERATION_KEY)  # a flush or a hand edit

    assert page_generation() == changed - 1
    with mock.patch.object(KeyFollower, "RECHECK_SECONDS", 0):
        assert page_generation() == changed


def test_a_forked_worker_subscribes_for_itself(redis_page_cache):
    page_generation()
    follower = next(iter(cache._followers.values()))

    with mock.patch(
        "articles.pagecache.backends.os.getpid", return_value=follower.pid + 1
    ):
        page_generation()
        assert next(iter(cache._followers.values())) is not follower
