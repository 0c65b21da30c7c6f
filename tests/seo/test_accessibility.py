"""Accessible pages (WCAG 2.2 AA) in what the server sends: landmarks, skip
link, language of parts, no layout shift, no JavaScript needed.

What only a browser can check (contrast as rendered, 320 px reflow, axe-core)
belongs to the browser tests.
"""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from pytest_django.asserts import assertContains

from tests.factories import (
    CategoryFactory,
    HeroImageFactory,
    SourceFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/zh-hans/",
    "/category/world/",
    "/story/summit/",
    "/zh-hans/story/summit/",
]


class TagReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(response, name):
    reader = TagReader()
    reader.feed(response.content.decode())
    return [attrs for tag, attrs in reader.tags if tag == name]


@pytest.fixture
def site():
    world = CategoryFactory(slug="world", name_en="World", name_zh_hans="世界")
    StoryFactory(
        published=True,
        translated=True,
        slug="summit",
        category=world,
        source__name_zh_hans="路透社",
        hero_image=HeroImageFactory(),
    )


@pytest.mark.parametrize("path", PAGES)
def test_page_has_landmarks_and_a_working_skip_link(client, site, path):
    response = client.get(path)

    assert len(tags(response, "header")) >= 1
    assert len(tags(response, "nav")) >= 1
    assert len(tags(response, "footer")) == 1
    (main,) = tags(response, "main")
    assert main["id"] == "content"
    # Focusable from the skip link in every browser, but not by Tab.
    assert main["tabindex"] == "-1"
    first_link = tags(response, "a")[0]
    assert first_link == {"class": "skip-link", "href": "#content"}


@pytest.mark.parametrize("path", PAGES)
def test_pages_need_no_javascript(client, site, path):
    response = client.get(path)

    assert [script for script in tags(response, "script") if script.get("src")] == []
    assert all(
        script.get("type") == "application/ld+json"
        for script in tags(response, "script")
    )


@pytest.mark.parametrize("path", PAGES)
def test_every_picture_reserves_its_space(client, site, path):
    response = client.get(path)

    images = tags(response, "img")
    assert images
    for image in images:
        assert int(image["width"]) > 0
        assert int(image["height"]) > 0
        assert image["alt"]


def test_english_names_on_chinese_pages_are_marked_english(client):
    untranslated = CategoryFactory(slug="science", name_en="Science")
    StoryFactory(
        published=True,
        translated=True,
        slug="summit",
        category=untranslated,
        source=SourceFactory(name_en="Reuters"),
    )

    story = client.get("/zh-hans/story/summit/")
    listing = client.get("/zh-hans/")
    category = client.get("/zh-hans/category/science/")

    assertContains(story, 'lang="en">Science</a>')
    assertContains(story, 'class="attribution-source" lang="en">Reuters</a>')
    assertContains(listing, '<span lang="en">Reuters</span>')
    assertContains(category, '<h1 class="page-title" lang="en">Science</h1>')


def test_translated_names_carry_no_extra_lang(client, site):
    response = client.get("/zh-hans/category/world/")

    assertContains(response, '<h1 class="page-title">世界</h1>')
    # Only the link to the English site is marked English.
    html = response.content.decode()
    assert html.count(' lang="en"') == 1
    assert 'href="/category/world/" hreflang="en" lang="en"' in html


def stylesheet() -> str:
    return (settings.BASE_DIR / "static" / "css" / "site.css").read_text()


def test_stylesheet_shows_focus_and_the_skip_link():
    css = stylesheet()

    assert re.search(r":focus-visible\s*{\s*outline: 3px solid", css)
    assert ".skip-link:focus { transform: none; }" in css


def test_stylesheet_sets_chinese_typography():
    css = stylesheet()

    # Chinese type: no italics, emphasis dots, line height 1.75 for body text.
    assert re.search(r":lang\(zh-Hans\) em[^{]*{\s*font-style: normal;", css)
    assert "text-emphasis: filled dot;" in css
    assert re.search(r"\.story__body:lang\(zh-Hans\)[^{]*{\s*line-height: 1.75;", css)


def test_stylesheet_has_a_print_style_that_keeps_the_attribution():
    css = stylesheet()

    print_rules = css[css.index("@media print") :]
    assert '.attribution a[href^="http"]::after' in print_rules
    assert ".site-nav" in print_rules


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.2 relative luminance of an sRGB colour such as #0b5394."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
        for value in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize(
    ("foreground", "background"),
    [
        ("--text", "--background"),
        ("--muted", "--background"),
        ("--accent", "--background"),
        ("--text", "--notice"),
        ("--accent", "--notice"),
        # The skip link: white on the accent colour.
        ("--background", "--accent"),
    ],
)
def test_text_colours_meet_wcag_aa_contrast(foreground, background):
    colours = dict(re.findall(r"(--[a-z]+): (#[0-9a-f]{6});", stylesheet()))

    # WCAG 2.2 1.4.3: at least 4.5:1 for normal text.
    assert contrast(colours[foreground], colours[background]) >= 4.5
