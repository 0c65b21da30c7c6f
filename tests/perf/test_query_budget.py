"""Every public page within its query budget, on both databases.

CI runs the suite on SQLite and again on PostgreSQL, so these hold on both;
the page cache is bypassed with a session cookie, so each page is rendered.
"""

import pytest

from tests.factories import CategoryFactory, HeroImageFactory, StoryFactory

pytestmark = pytest.mark.django_db

BUDGETS = {
    # The page of stories (no count) and the navigation's categories.
    "/": 2,
    "/category/world/": 2,
    # The story with its source, category and hero; the navigation. A story
    # that credits other outlets reads them too (tests/stories/test_views.py).
    "/story/harbour/": 2,
    # The story named in the query string; the navigation.
    "/takedown/?story=harbour": 2,
}


@pytest.fixture
def site():
    world = CategoryFactory(slug="world")
    CategoryFactory.create_batch(4)
    StoryFactory(
        published=True, slug="harbour", category=world, hero_image=HeroImageFactory()
    )
    StoryFactory.create_batch(
        30, published=True, category=world, hero_image=HeroImageFactory()
    )


@pytest.mark.parametrize(("path", "budget"), BUDGETS.items())
def test_rendered_public_page_stays_within_its_budget(
    client, site, django_assert_num_queries, path, budget
):
    client.cookies["sessionid"] = "bypasses-the-page-cache"

    with django_assert_num_queries(budget):
        response = client.get(path)

    assert response.status_code == 200
    assert "Story number" in response.content.decode()


@pytest.mark.parametrize("path", [path for path in BUDGETS if "takedown" not in path])
def test_cached_public_page_costs_no_query(
    client, site, django_assert_num_queries, path
):
    client.get(path)

    with django_assert_num_queries(0):
        response = client.get(path)

    assert response.status_code == 200
