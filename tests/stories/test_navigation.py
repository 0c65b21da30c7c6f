"""The header's categories: read once per purge of the pages, never stale."""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.admin_forms import admin_change_form_data
from tests.factories import CategoryFactory, StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_reader():
    """A reader the page cache never answers: every page is rendered."""
    reader = Client()
    reader.cookies["sessionid"] = "bypasses-the-page-cache"
    return reader


@pytest.mark.parametrize("path", ["/", "/category/world/", "/story/harbour/"])
def test_a_page_after_another_reads_no_categories(
    staff_reader, django_assert_num_queries, path
):
    StoryFactory(published=True, slug="harbour", category=CategoryFactory(slug="world"))
    staff_reader.get("/search/")

    # Only the page's own query: its stories, or its story.
    with django_assert_num_queries(1):
        response = staff_reader.get(path)

    assert response.status_code == 200


def test_a_category_renamed_in_the_admin_shows_on_the_next_page(
    editor_client, staff_reader, django_capture_on_commit_callbacks
):
    category = CategoryFactory(slug="world", name_en="World")
    StoryFactory(published=True, slug="harbour", category=category)
    assertContains(staff_reader.get("/story/harbour/"), ">World</a>")
    url = reverse("admin:articles_category_change", args=[category.pk])
    data = admin_change_form_data(editor_client, url, name_en="Around the world")

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    page = staff_reader.get("/story/harbour/")
    assertContains(page, ">Around the world</a>", count=2)  # header and kicker
    assertNotContains(page, ">World</a>")


def test_with_the_cache_down_every_page_reads_the_categories(
    client, settings, django_assert_num_queries
):
    # Nothing listens on port 1: no purge sequence to tell a change by.
    settings.CACHES = {
        "default": {
            "BACKEND": "articles.pagecache.backends.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    CategoryFactory(name_en="World")
    client.get("/")
    CategoryFactory(name_en="Science")

    with django_assert_num_queries(2):
        response = client.get("/")

    assertContains(response, ">Science</a>")
