"""Editors' desk journeys in a real browser (Debian's Chromium, Playwright).

An editor edits a published story with the rich-text body editor (pasting
from a word processor, a link through the dialog), saves the changes as
pending, previews them, publishes them, and compares and restores versions
in the history. A translator types Chinese through an input method into a
published translation, which waits as pending changes, and previews it.
axe-core checks the story form, the Translate view and the preview, and
the screenshots illustrate docs/editors.md.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import PendingChanges, Story
from articles.services.story import story_publish
from tests.browser.test_reader_journey import serious_accessibility_violations
from tests.factories import HeroImageFactory, StoryFactory

pytestmark = pytest.mark.django_db(transaction=True)

DOCS_IMAGES = Path(settings.BASE_DIR) / "docs" / "images"
PASSWORD = "desk-password"
# What a word processor puts on the clipboard: classes, inline styles,
# Office tags and a font span around the words.
WORD_PROCESSOR_HTML = (
    '<p class="MsoNormal" style="margin:0cm;font-family:Calibri">'
    '<span style="font-size:12pt;color:#1F3864">Allies agreed a '
    "<b>five per cent</b> target.<o:p></o:p></span></p>"
)


@pytest.fixture
def desk(live_server, page, django_user_model):
    """Log `group`'s member in and return (page, base URL)."""

    # A transactional test empties the tables, groups included: make them again.
    call_command("sync_roles", verbosity=0)

    def log_in(username, group):
        user = django_user_model.objects.create_user(
            username, password=PASSWORD, is_staff=True
        )
        user.groups.add(Group.objects.get(name=group))
        page.goto(f"{live_server.url}/admin/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        return page

    return log_in


@pytest.fixture
def csp_errors(page):
    """Collect the browser's Content-Security-Policy complaints."""
    errors = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return errors


def screenshot(page, name, artifacts):
    """Save a screenshot to test-artifacts/; `make docs-screenshots` also
    refreshes the guide's copy in docs/images/ (a test run leaves the tree
    as it found it)."""
    page.screenshot(path=artifacts / name, full_page=True)
    if os.environ.get("UPDATE_DOCS_SCREENSHOTS"):
        DOCS_IMAGES.mkdir(exist_ok=True)
        page.screenshot(path=DOCS_IMAGES / name, full_page=False)


def paste_html(page, html):
    """Paste `html` into the focused editor, as the clipboard would."""
    page.evaluate(
        """html => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", html.replace(/<[^>]*>/g, ""));
            const paste = new ClipboardEvent(
                "paste", {clipboardData: data, bubbles: true, cancelable: true}
            );
            document.activeElement.dispatchEvent(paste);
        }""",
        html,
    )


def test_editor_edits_previews_publishes_and_restores(
    desk, live_server, artifacts, csp_errors
):
    story = StoryFactory(
        title_en="NATO leaders meet in The Hague", hero_image=HeroImageFactory()
    )
    # Published through the service, as the admin does: the first version.
    story_publish(story=story, by=None)
    page = desk("editor", "Editors")
    change_url = f"{live_server.url}/admin/articles/story/{story.pk}/change/"
    page.goto(change_url)
    editor = page.locator(".prose-editor:has(#id_body_en) .tiptap")
    expect(editor).to_be_visible()
    assert serious_accessibility_violations(page) == []
    # The editor starts under the strict CSP without a complaint. (Pasting
    # styled text below makes the browser refuse its style attributes, which
    # is the CSP at work: the cleaner drops them anyway.)
    assert csp_errors == []

    # Rich text: pasted word-processor text, cleaned.
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    paste_html(page, WORD_PROCESSOR_HTML)
    # A heading (typed as "## ", as the editor allows), and a link by dialog.
    page.keyboard.press("Enter")
    page.keyboard.type("## Spending")
    page.keyboard.press("Enter")
    page.keyboard.type("Read the communiqué")
    page.keyboard.press("Shift+Home")
    page.get_by_title("insert link").first.click()
    page.get_by_label("URL", exact=True).fill("https://www.nato.int/")
    page.get_by_role("button", name="Update").click()
    page.get_by_label("Headline").fill("NATO allies agree to spend more")
    screenshot(page, "story-form.png", artifacts)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    story.refresh_from_db()
    assert story.title_en == "NATO leaders meet in The Hague"
    pending = PendingChanges.objects.get(story=story).values
    assert pending["title_en"] == "NATO allies agree to spend more"
    assert "<strong>five per cent</strong>" in pending["body_en"]
    assert "MsoNormal" not in pending["body_en"]
    assert "style=" not in pending["body_en"]
    assert "<h2>Spending</h2>" in pending["body_en"]
    assert '<a href="https://www.nato.int/"' in pending["body_en"]
    page.goto(f"{live_server.url}/admin/articles/story/")
    expect(page.locator("#result_list")).to_contain_text("changes pending")
    screenshot(page, "story-list-pending.png", artifacts)

    # Readers still see the published story.
    reader = page.context.new_page()
    reader.goto(f"{live_server.url}/story/{story.slug}/")
    expect(reader.get_by_role("heading", level=1)).to_have_text(
        "NATO leaders meet in The Hague"
    )

    # Preview, from the change form's tools, in a new tab.
    page.goto(change_url)
    expect(page.locator(".pending-changes")).to_contain_text("Changes pending.")
    with page.expect_popup() as popup:
        page.get_by_role("link", name="Preview (English)").click()
    preview = popup.value
    expect(preview.get_by_role("heading", level=1)).to_have_text(
        "NATO allies agree to spend more"
    )
    expect(preview.locator(".preview-banner")).to_be_visible()
    expect(preview.locator(".attribution__line")).to_contain_text("As reported by")
    assert serious_accessibility_violations(preview) == []
    screenshot(preview, "preview.png", artifacts)
    preview.close()

    # Publish the changes: readers see them.
    page.get_by_role("button", name="Save and publish changes").click()
    expect(page.locator(".messagelist")).to_contain_text("Changes published")
    reader.reload()
    expect(reader.get_by_role("heading", level=1)).to_have_text(
        "NATO allies agree to spend more"
    )

    # History: compare the first version with the published one, restore it.
    page.get_by_role("link", name="History").click()
    # Published; saved; saved and published.
    rows = page.locator(".versions-table tbody tr")
    expect(rows).to_have_count(4)
    rows.last.locator("input[name=before]").check()
    page.get_by_role("button", name="Compare the chosen versions").click()
    expect(page.locator(".diff ins").first).to_be_visible()
    screenshot(page, "compare.png", artifacts)
    page.get_by_role("button", name="Restore the version of").click()
    expect(page.locator(".messagelist")).to_contain_text("restored as pending changes")
    assert (
        PendingChanges.objects.get(story=story).values["title_en"]
        == "NATO leaders meet in The Hague"
    )


def test_translator_types_chinese_and_it_waits_for_an_editor(
    desk, live_server, artifacts, csp_errors
):
    story = StoryFactory(published=True, translated=True, hero_image=HeroImageFactory())
    published_title = Story.objects.get(pk=story.pk).title_zh_hans
    page = desk("translator", "Translators")
    page.goto(
        f"{live_server.url}/zh-hans/admin/articles/story/{story.pk}/translate/zh-hans/"
    )
    editor = page.locator(".prose-editor:has(#id_body) .tiptap")
    expect(editor).to_be_visible()
    assert serious_accessibility_violations(page) == []

    # An input method: a composition, then the committed characters.
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    cdp = page.context.new_cdp_session(page)
    cdp.send(
        "Input.imeSetComposition",
        {"text": "beiyue", "selectionStart": 6, "selectionEnd": 6},
    )
    cdp.send("Input.insertText", {"text": "北约峰会达成共识。"})
    page.locator("#id_title").fill("北约盟国同意增加开支")
    screenshot(page, "translate.png", artifacts)
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".messagelist")).to_contain_text("草稿已保存")

    story.refresh_from_db()
    assert story.title_zh_hans == published_title
    values = PendingChanges.objects.get(story=story).values
    assert values["title_zh_hans"] == "北约盟国同意增加开支"
    assert "北约峰会达成共识。" in values["body_zh_hans"]
    assert "beiyue" not in values["body_zh_hans"]

    # The translator previews the Chinese page as readers will see it.
    page.goto(
        f"{live_server.url}/zh-hans/admin/articles/story/{story.pk}/preview/zh-hans/"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("北约盟国同意增加开支")
    assert serious_accessibility_violations(page) == []
    screenshot(page, "preview-zh-hans.png", artifacts)
    assert csp_errors == []
