"""Story and category URLs, reversed once, are the URLs reverse() gives."""

import pytest
from django.test import override_settings
from django.urls import include, path, reverse, set_script_prefix, translate_url
from django.utils import translation

from aggregator.templating import url
from articles.urls_reversed import translate_once
from tests.factories import CategoryFactory, StoryFactory

pytestmark = pytest.mark.django_db

# A URLconf that mounts the stories elsewhere, for the test below.
urlpatterns = [path("elsewhere/", include("articles.urls"))]


def expected_urls(story):
    return (
        reverse("articles:story-detail", kwargs={"slug": story.slug}),
        reverse("articles:category-detail", kwargs={"slug": story.category.slug}),
    )


def urls_of(story):
    return story.get_absolute_url(), story.category.get_absolute_url()


@pytest.mark.parametrize(
    ("language", "prefix", "other"),
    [("en", "", "zh-hans"), ("zh-hans", "/zh-hans", "en")],
)
def test_urls_follow_the_language(language, prefix, other):
    story = StoryFactory(slug="harbour", category=CategoryFactory(slug="world"))
    with translation.override(other):
        urls_of(story)  # kept in the other language first

    with translation.override(language):
        assert urls_of(story) == expected_urls(story)
        assert urls_of(story) == (
            f"{prefix}/story/harbour/",
            f"{prefix}/category/world/",
        )


def test_urls_follow_where_the_site_is_mounted():
    story = StoryFactory(slug="harbour")
    urls_of(story)

    set_script_prefix("/news/")
    try:
        assert urls_of(story)[0] == "/news/story/harbour/"
        assert urls_of(story) == expected_urls(story)
    finally:
        set_script_prefix("/")
    assert urls_of(story)[0] == "/story/harbour/"


def test_urls_follow_the_urlconf():
    story = StoryFactory(slug="harbour")
    urls_of(story)

    with override_settings(ROOT_URLCONF=__name__):
        assert urls_of(story)[0] == "/elsewhere/story/harbour/"
        assert urls_of(story) == expected_urls(story)


def test_template_urls_follow_the_language():
    # Kept by the page helper `url()` for names without arguments too.
    with translation.override("en"):
        assert url("articles:home") == "/"
        assert url("articles:feed") == reverse("articles:feed")
    with translation.override("zh-hans"):
        assert url("articles:home") == "/zh-hans/"
        assert url("articles:feed") == reverse("articles:feed")


def test_translated_paths_follow_the_language():
    CategoryFactory(slug="world")
    with translation.override("en"):
        assert translate_once("/category/world/", "zh-hans") == (
            "/zh-hans/category/world/"
        )
        assert translate_once("/no/such/page/", "zh-hans") == "/no/such/page/"
    with translation.override("zh-hans"):
        assert translate_once("/zh-hans/category/world/", "en") == "/category/world/"
        assert translate_once("/zh-hans/category/world/", "zh-hans") == (
            translate_url("/zh-hans/category/world/", "zh-hans")
        )
