"""No public page's template runs a query.

Views read what a page shows before rendering it, so a page's query budget
is its view's. A template that touched a relation the view did not read
would query once per story card, unseen by a budget measured on a list of
one. Each page here is rendered, in both languages where it has two, with
every query refused while a template renders.
"""

import pytest
from django.template import engines
from pytest_django.asserts import assertContains

from articles.models import Category, StoryCredit
from articles.services.credits import story_credits_replace
from tests.factories import (
    CategoryFactory,
    HeroImageFactory,
    SourceFactory,
    StoryFactory,
    restrict_story,
)
from tests.perf.helpers import templates_refusing_queries
from tests.search.helpers import chinese_story, indexed

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    """A front page of more than one page, with pictures and both languages;
    returns the restriction of the restricted story."""
    world = CategoryFactory(slug="world", name_zh_hans="国际")
    CategoryFactory.create_batch(3)
    StoryFactory.create_batch(
        22,
        published=True,
        translated=True,
        category=world,
        hero_image=HeroImageFactory(),
    )
    credited = StoryFactory(
        published=True, translated=True, slug="credited", category=world
    )
    story_credits_replace(
        story=credited,
        credits=[
            StoryCredit(
                story=credited,
                source=SourceFactory(name_en="Harbour Post"),
                url="https://harbour.example/story",
            )
        ],
    )
    indexed(StoryFactory(published=True, slug="untranslated", title_en="A summit"))
    chinese_story(slug="summit", title_zh_hans="峰会召开")
    StoryFactory(withdrawn=True, slug="withdrawn")
    return restrict_story(StoryFactory(published=True, slug="restricted"))


# Path: status, and a text the English and the Chinese page show ("{reference}":
# the takedown's).
PAGES = {
    "/": (200, "Story number", "中文标题"),
    "/?page=2": (200, "Story number", "中文标题"),
    "/category/world/": (200, "Story number", "中文标题"),
    "/story/credited/": (200, "Harbour Post", "Harbour Post"),
    "/story/untranslated/": (200, "A summit", "A summit"),
    "/story/withdrawn/": (410, "Withdrawn", "撤"),
    "/story/restricted/": (451, "{reference}", "{reference}"),
    "/story/no-such-story/": (404, "<main", "<main"),
    "/search/?q=summit": (200, "/story/untranslated/", "<main"),
    "/search/?q=峰会": (200, "<main", "/zh-hans/story/summit/"),
    "/takedown/?story=credited": (200, "<form", "<form"),
    "/transparency/": (200, "<main", "<main"),
}


@pytest.mark.parametrize(("language_prefix", "language"), [("", 1), ("/zh-hans", 2)])
@pytest.mark.parametrize(("path", "expected"), PAGES.items())
def test_public_page_templates_run_no_query(
    client, site, language_prefix, language, path, expected
):
    status, text = expected[0], expected[language].format(reference=site.reference)
    client.cookies["sessionid"] = "bypasses-the-page-cache"

    with templates_refusing_queries():
        response = client.get(language_prefix + path)

    assertContains(response, text, status_code=status)


def test_takedown_status_page_template_runs_no_query(client, site):
    with templates_refusing_queries():
        response = client.get(f"/takedown/status/{site.cause.status_token}/")

    assertContains(response, site.reference)


def test_a_template_that_queries_is_caught(site):
    # What the pages above are checked against: a template given a queryset
    # to read instead of the stories its view read.
    template = engines["django"].from_string(
        "{% for category in categories %}{{ category.name }}{% endfor %}"
    )

    with templates_refusing_queries(), pytest.raises(AssertionError, match="query"):
        template.render({"categories": Category.objects.all()})
