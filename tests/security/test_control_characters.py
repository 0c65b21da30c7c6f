"""Control characters never reach stored text, whoever types or imports it.

A headline ending in U+0007 (BEL) made the RSS and Atom feeds answer 500 and
the news sitemap unreadable, because XML 1.0 cannot carry it. Every writer
is tried the way it writes: the story form, the Translate view and the public
removal form here, a feed in tests/ingest/test_commands.py.
"""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from articles.models import Story
from articles.models.base import strip_control_characters
from takedowns.models import TakedownRequest
from tests.factories import StoryFactory
from tests.stories.test_admin import ADD_URL, story_form_data
from tests.takedown.conftest import notice_data
from tests.takedown.test_views import story_url

pytestmark = pytest.mark.django_db

TITLE = "Markets steady ahead of rate decision"


def test_strip_control_characters_keeps_tab_and_newline():
    text = "a\x00b\x07c\td\ne\rf\x1bg\x7fh\x85i\x9fj\u200bk"

    assert strip_control_characters(text) == "abc\td\nefghij\u200bk"


def test_a_headline_with_a_bell_character_keeps_the_feeds_and_sitemap_working(
    editor_client, client
):
    response = editor_client.post(
        ADD_URL, story_form_data(title_en=TITLE + "\x07", summary_en="Up\x1b 2%.")
    )

    assert response.status_code == 302
    story = Story.objects.get()
    assert story.title_en == TITLE
    assert story.summary_en == "Up 2%."
    for path in [
        "/feed/",
        "/feed/atom/",
        f"/category/{story.category.slug}/feed/",
        "/zh-hans/feed/",
    ]:
        feed = client.get(path)
        assert feed.status_code == 200, path
        ET.fromstring(feed.content)  # noqa: S314
    sitemap = client.get("/sitemap-news.xml")
    root = ET.fromstring(sitemap.content)  # noqa: S314
    assert TITLE in ET.tostring(root, encoding="unicode")


def test_translators_text_loses_control_characters(editor_client):
    story = StoryFactory(published=True)
    url = reverse("admin:articles_story_translate", args=[story.pk, "zh-hans"])

    editor_client.post(
        url,
        {
            "title": "市场平稳\x07",
            "summary": "涨\x852%。",
            "body": "<p>正文\x0b。</p>",
            "_save": "1",
        },
    )

    story.refresh_from_db()
    assert story.title_zh_hans == "市场平稳"
    assert story.summary_zh_hans == "涨2%。"
    assert story.body_zh_hans == "<p>正文。</p>"


def test_the_removal_form_stores_no_control_characters(client):
    story = StoryFactory(published=True)

    response = client.post(
        "/takedown/",
        notice_data(
            story_url(story),
            name="Rita\x07 Holder",
            signature="Rita\x07 Holder",
            explanation="They republish our photograph\x1b without a licence.",
        ),
    )

    assert response.status_code == 302
    takedown_request = TakedownRequest.objects.get()
    assert takedown_request.name == "Rita Holder"
    assert takedown_request.signature == "Rita Holder"
    assert takedown_request.explanation == (
        "They republish our photograph without a licence."
    )
