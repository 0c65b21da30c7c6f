from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import HeroImageFactory, StoryFactory
from tests.search.helpers import search_titles

pytestmark = pytest.mark.django_db

CHINESE = {
    "title": "北约领导人在海牙举行峰会",
    "summary": "领导人会面，商讨国防开支。",
    "body": "<p>今天，领导人齐聚海牙。</p>",
    "alt_text": "山顶上的发射塔。",
    "caption": "高斯塔山。",
}


def test_translation_published_in_the_admin_is_found_in_chinese(editor_client):
    story = StoryFactory(published=True, hero_image=HeroImageFactory())
    url = reverse("admin:articles_story_translate", args=[story.pk, "zh-hans"])

    editor_client.post(url, {**CHINESE, "_save": "1"})
    assert search_titles(editor_client, "/zh-hans/search/?q=峰会") == []

    editor_client.post(url, {**CHINESE, "_publish": "1"})
    assert search_titles(editor_client, "/zh-hans/search/?q=峰会") == [
        "北约领导人在海牙举行峰会"
    ]


def test_generated_bench_stories_are_searchable_in_both_languages(client):
    call_command(
        "generate_stories",
        "--count",
        "3",
        "--chinese",
        "--body-length",
        "1500",
        stdout=StringIO(),
    )

    chinese = client.get("/zh-hans/search/?q=在")
    english = client.get("/search/?q=the")

    assert chinese.context_data["paginator"].count == 3
    assert english.context_data["paginator"].count == 3
