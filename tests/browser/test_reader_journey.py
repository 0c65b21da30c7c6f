"""A reader's journey in a real browser (Debian's Chromium, driven by Playwright).

The reader opens the home page, opens the seed story, switches to Chinese,
searches 北约 and opens the result; nothing is filed. Screenshots of home and
story in both languages go to test-artifacts/, and axe-core checks each page.
"""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.demo import seed
from tests.browser.conftest import serious_accessibility_violations, serve_media

pytestmark = pytest.mark.django_db(transaction=True)

CHINESE_TITLE = "高风险的海牙峰会：北约应对特朗普回归与联盟重塑"


@pytest.fixture
def demo_site(live_server):
    call_command("load_demo", verbosity=0)
    return live_server.url


@pytest.fixture
def reader(page):
    """A browser page that gets uploaded pictures straight from MEDIA_ROOT."""
    serve_media(page)
    return page


def test_reader_reads_the_seed_story_in_both_languages(demo_site, reader, artifacts):
    page = reader
    page.goto(demo_site + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Latest stories")
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=artifacts / "home-en.png", full_page=True)

    page.get_by_role("link", name=seed.TITLE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(seed.TITLE)
    expect(page.locator(".attribution__line")).to_have_text(
        "As reported by The New York Times"
    )
    expect(page.get_by_role("link", name="contact us for removal")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=artifacts / "story-en.png", full_page=True)

    page.get_by_role("link", name="阅读中文版 (Read Chinese Version)").first.click()
    expect(page).to_have_url(f"{demo_site}/zh-hans/story/{seed.SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(CHINESE_TITLE)
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=artifacts / "story-zh-hans.png", full_page=True)

    page.get_by_role("link", name="World Brief").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("最新报道")
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=artifacts / "home-zh-hans.png", full_page=True)

    page.get_by_role("searchbox").fill("北约")
    page.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(f"{demo_site}/zh-hans/search/?q=%E5%8C%97%E7%BA%A6")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("link", name=CHINESE_TITLE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CHINESE_TITLE)
