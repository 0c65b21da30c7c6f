from datetime import datetime

import pytest
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import (
    CategoryFactory,
    HeroImageFactory,
    StoryFactory,
    StoryLanguageFactory,
)

pytestmark = pytest.mark.django_db

READ_CHINESE = "阅读中文版 (Read Chinese Version)"
READ_ENGLISH = "Read in English / 阅读英文版"


def test_english_story_links_its_published_chinese_version(client):
    story = StoryFactory(published=True, translated=True, slug="summit")

    response = client.get("/story/summit/")

    # In the header, and under the body as on the seed page.
    assertContains(
        response,
        f'href="/zh-hans/story/summit/" hreflang="zh-Hans" lang="zh-Hans">'
        f"{READ_CHINESE}</a>",
        count=2,
    )
    assert story.title_zh_hans not in response.content.decode()


def test_english_story_without_chinese_version_has_no_chinese_link(client):
    StoryFactory(published=True, slug="summit", title_zh_hans="未发布的标题")
    StoryLanguageFactory(story__slug="other", status="in-review")

    response = client.get("/story/summit/")

    assertNotContains(response, READ_CHINESE)
    assertNotContains(response, "hreflang")


def test_chinese_story_page_is_chinese_throughout(client):
    StoryFactory(
        published=True,
        translated=True,
        slug="summit",
        publish_at=datetime(2026, 11, 24, 20, 30, tzinfo=timezone.UTC),
        source__name_zh_hans="纽约时报",
        category__name_zh_hans="世界",
        hero_image=HeroImageFactory(
            alt_text_zh_hans="山顶上的发射塔。", caption_zh_hans="高斯塔山。"
        ),
    )

    response = client.get("/zh-hans/story/summit/")

    assert response.status_code == 200
    assertContains(response, '<html lang="zh-Hans">')
    assertContains(response, '<h1 class="story__title">中文标题', html=False)
    assertContains(response, "<p>第一段。</p>")
    assertContains(response, 'alt="山顶上的发射塔。"')
    assertContains(response, "高斯塔山。")
    assertContains(response, "据<a href=")
    assertContains(response, "纽约时报</a>报道")
    assertContains(response, "世界")
    # 20:30 UTC on the 24th is 04:30 on the 25th in Beijing.
    assertContains(response, "2026年11月25日")
    assertContains(response, "北京时间")
    assertContains(response, "免责声明")
    assertContains(response, READ_ENGLISH)
    assertNotContains(response, "The first paragraph.")


def test_story_pages_carry_hreflang_and_self_canonical(client, settings):
    settings.SITE_URL = "https://news.example"
    StoryFactory(published=True, translated=True, slug="summit")

    for path in ("/story/summit/", "/zh-hans/story/summit/"):
        response = client.get(path)
        assertContains(
            response, f'<link rel="canonical" href="https://news.example{path}">'
        )
        assertContains(
            response,
            '<link rel="alternate" hreflang="en" '
            'href="https://news.example/story/summit/">',
        )
        assertContains(
            response,
            '<link rel="alternate" hreflang="zh-Hans" '
            'href="https://news.example/zh-hans/story/summit/">',
        )
        assertContains(
            response,
            '<link rel="alternate" hreflang="x-default" '
            'href="https://news.example/story/summit/">',
        )


def test_untranslated_story_in_chinese_shows_english_under_a_notice(client, settings):
    settings.SITE_URL = "https://news.example"
    StoryFactory(
        published=True,
        slug="summit",
        title_en="English headline",
        # A draft translation must never leak onto the page.
        title_zh_hans="草稿标题",
    )

    response = client.get("/zh-hans/story/summit/")

    assert response.status_code == 200
    assertContains(response, '<html lang="zh-Hans">')
    assertContains(response, "本文暂无中文版")
    assertContains(response, '<article class="story" lang="en">')
    assertContains(response, "English headline")
    assertContains(response, "The first paragraph.")
    assertNotContains(response, "草稿标题")
    assertContains(response, "<title>English headline · World Brief</title>")
    assertContains(response, '<meta name="robots" content="noindex">')
    assertContains(
        response, '<link rel="canonical" href="https://news.example/story/summit/">'
    )
    assertNotContains(response, 'hreflang="zh-Hans" href')
    assertContains(response, READ_ENGLISH)


def test_chinese_lists_show_only_stories_published_in_chinese(client):
    world = CategoryFactory(slug="world", name_zh_hans="世界")
    StoryFactory(published=True, translated=True, category=world, title_en="Both")
    StoryFactory(published=True, category=world, title_en="English only")
    draft = StoryFactory(published=True, category=world, title_zh_hans="草稿")
    StoryLanguageFactory(story=draft, status="in-review")

    for path in ("/zh-hans/", "/zh-hans/category/world/"):
        response = client.get(path)
        assertContains(response, "中文标题")
        assertNotContains(response, "English only")
        assertNotContains(response, "草稿")
    english = client.get("/")
    assertContains(english, "English only")
    assertContains(english, "Both")


def test_translation_is_not_public_before_the_english_story(client):
    StoryFactory(scheduled=True, translated=True, slug="later")

    assert client.get("/zh-hans/story/later/").status_code == 404
    assertNotContains(client.get("/zh-hans/"), "中文标题")


def test_withdrawn_story_answers_410_in_chinese_too(client):
    StoryFactory(
        withdrawn=True, slug="gone", withdrawal_note_zh_hans="数据有误，已撤回。"
    )

    response = client.get("/zh-hans/story/gone/")

    assertContains(response, "数据有误，已撤回。", status_code=410)
    assertContains(response, "本文已于", status_code=410)


def test_language_comes_from_the_path_only(client):
    StoryFactory(published=True, translated=True)

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-Hans,zh;q=0.9")

    assert response.status_code == 200
    assertContains(response, '<html lang="en">')
    assertContains(response, "Latest stories")


def test_home_pages_offer_both_languages(client, settings):
    settings.SITE_URL = "https://news.example"

    english = client.get("/")
    chinese = client.get("/zh-hans/")

    assertContains(english, '<a class="language-switch" href="/zh-hans/"')
    assertContains(chinese, '<a class="language-switch" href="/"')
    assertContains(chinese, "最新报道")
    for response in (english, chinese):
        assertContains(
            response,
            '<link rel="alternate" hreflang="zh-Hans" href="https://news.example/zh-hans/">',
        )


@pytest.mark.parametrize("count", [5, 50])
def test_chinese_home_query_budget(client, django_assert_num_queries, count):
    for _ in range(count):
        StoryFactory(published=True, translated=True, hero_image=HeroImageFactory())

    with django_assert_num_queries(2):
        response = client.get("/zh-hans/")

    assert len(response.context_data["stories"]) == min(count, 20)


def test_chinese_story_query_budget(client, django_assert_num_queries):
    story = StoryFactory(published=True, translated=True, hero_image=HeroImageFactory())
    with translation.override("zh-hans"):
        url = story.get_absolute_url()

    # The story with its relations and the navigation (it credits no outlet).
    with django_assert_num_queries(2):
        response = client.get(url)

    assertContains(response, "中文标题")


def test_chinese_story_page_shows_the_chinese_byline_and_credit(client):
    StoryFactory(
        published=True,
        translated=True,
        slug="summit",
        byline_en="World Brief staff, from reporting by Harbour Post",
        byline_zh_hans="World Brief 编辑部综合《海港邮报》报道",
        hero_image=HeroImageFactory(
            credit_en="Jane Doe / Example Agency", credit_zh_hans="简·多伊／示例通讯社"
        ),
    )

    chinese = client.get("/zh-hans/story/summit/")
    english = client.get("/story/summit/")

    assertContains(chinese, "作者：World Brief 编辑部综合《海港邮报》报道")
    assertContains(chinese, "图片：简·多伊／示例通讯社")
    assertNotContains(chinese, "from reporting by")
    assertContains(english, "By World Brief staff, from reporting by Harbour Post")
    assertContains(english, "Photo: Jane Doe / Example Agency")


def test_an_untranslated_byline_and_credit_show_in_english_marked_as_english(client):
    StoryFactory(
        published=True,
        translated=True,
        slug="summit",
        byline_en="Jane Doe",
        hero_image=HeroImageFactory(credit_en="John Roe / Example Agency"),
    )

    chinese = client.get("/zh-hans/story/summit/")

    assertContains(chinese, '作者：<span lang="en">Jane Doe</span>')
    assertContains(chinese, '图片：<span lang="en">John Roe / Example Agency</span>')


def test_each_language_lists_a_day_in_its_own_date_format(client):
    # 02:00 UTC is 10:00 in Beijing: the same day on both pages.
    StoryFactory(
        published=True,
        translated=True,
        publish_at=datetime(2026, 11, 24, 2, 0, tzinfo=timezone.UTC),
    )

    english = client.get("/")
    chinese = client.get("/zh-hans/")
    english_again = client.get("/")

    assertContains(english, ">Nov. 24, 2026</time>")
    assertContains(chinese, ">2026年11月24日</time>")
    assertContains(english_again, ">Nov. 24, 2026</time>")
