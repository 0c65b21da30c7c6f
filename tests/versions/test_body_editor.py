"""The rich-text body editor offers exactly what the HTML cleaner keeps."""

import pytest
from django.urls import reverse
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from pytest_django.asserts import assertContains

from articles.forms.story import BODY_EDITOR_EXTENSIONS
from articles.sanitize import BODY_ATTRIBUTES, BODY_TAGS, URL_SCHEMES, unsafe_links
from tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


def test_every_tag_the_editor_makes_survives_the_cleaner():
    allowlist = allowlist_from_extensions(expand_extensions(BODY_EDITOR_EXTENSIONS))

    assert set(allowlist["tags"]) <= BODY_TAGS
    assert set(allowlist["url_schemes"]) == URL_SCHEMES
    # Headings start at h2: the headline is the page's h1.
    assert {"h1", "h5", "h6"}.isdisjoint(allowlist["tags"])
    for tag, attributes in allowlist["attributes"].items():
        kept = BODY_ATTRIBUTES.get(tag, set())
        # The cleaner sets rel itself (noopener noreferrer); data-type only
        # helps the editor read its own lists back, which it does without.
        assert set(attributes) - {"rel", "data-type"} <= kept, tag


@pytest.mark.parametrize(
    ("href", "is_unsafe"),
    [
        ("https://example.com/a", False),
        ("mailto:desk@example.com", False),
        ("example.com/page", True),
        ("javascript:alert(1)", True),
        (" JavaScript:alert(1)", True),
    ],
)
def test_unsafe_links_are_found(href, is_unsafe):
    html = f'<p><a href="{href}">link</a></p>'

    assert unsafe_links(html) == ([href] if is_unsafe else [])


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_story_form_and_translate_view_use_the_editor(editor_client, language):
    story = StoryFactory()
    if language == "en":
        url = reverse("admin:articles_story_change", args=[story.pk])
    else:
        url = reverse("admin:articles_story_translate", args=[story.pk, language])

    response = editor_client.get(url)

    assertContains(response, "data-django-prose-editor-body")
    # Served from our own static files, under the page's CSP nonce.
    assertContains(response, '<script type="importmap" nonce="')
    assertContains(response, 'src="/static/django_prose_editor/editor.js"')


def test_a_link_without_scheme_is_refused_with_the_link_named(editor_client):
    story = StoryFactory()
    url = reverse("admin:articles_story_translate", args=[story.pk, "zh-hans"])

    response = editor_client.post(
        url,
        {"title": "标题", "body": '<p><a href="www.example.com">这里</a></p>'},
    )

    assert response.status_code == 200
    assertContains(response, "www.example.com")
    assertContains(response, "starting with https://")
    story.refresh_from_db()
    assert story.title_zh_hans is None
