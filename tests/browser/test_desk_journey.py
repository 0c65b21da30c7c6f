"""The editors' desk in a real browser (Debian's Chromium, driven by Playwright).

An editor logs in to the newsroom, loses a tab and gets the typing back,
chooses a hero image in the library, saves and sees the new page at once;
two editors open one story and the second save is refused; Legal sees the
requests due and a restricted story that nobody can edit. Screenshots go to
test-artifacts/, and axe-core checks the admin index and the story form.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import RestrictionScope, Story
from articles.services.restriction import restriction_apply
from tests.browser.conftest import serious_accessibility_violations, serve_media
from tests.factories import HeroImageFactory, StoryFactory, TakedownRequestFactory

pytestmark = pytest.mark.django_db(transaction=True)

# The presence heartbeat runs every 15 seconds.
HEARTBEAT_MS = 20_000


@pytest.fixture
def newsroom(live_server, django_user_model):
    """Staff in their groups (a transactional test starts with none)."""
    call_command("sync_roles", verbosity=0)
    people = {}
    for username, group, full_name in [
        ("maria", "Editors", ("Maria", "Rossi")),
        ("anna", "Editors", ("Anna", "Li")),
        ("lena", "Legal", ("Lena", "Berg")),
    ]:
        user = django_user_model.objects.create_user(
            username,
            f"{username}@example.com",
            f"{username}-password",
            is_staff=True,
            first_name=full_name[0],
            last_name=full_name[1],
        )
        user.groups.add(Group.objects.get(name=group))
        people[username] = user
    return people


def log_in(browser_context, live_server, username):
    page = browser_context.new_page()
    serve_media(page)
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f"{username}-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_have_text("World Brief newsroom")
    return page


def change_url(live_server, story):
    return f"{live_server.url}/admin/articles/story/{story.pk}/change/"


def test_an_editor_keeps_their_typing_and_sees_the_saved_page(
    live_server, newsroom, context, artifacts
):
    story = StoryFactory(
        title_en="Harbour reopens", published=True, created_by=newsroom["maria"]
    )
    StoryFactory(title_en="Port strike talks resume", created_by=newsroom["maria"])
    hero = HeroImageFactory(
        alt_text_en="Container ships waiting outside Rotterdam.",
        caption_en="Rotterdam, the morning the port reopened.",
        credit="Jane Doe / Example Agency",
    )
    page = log_in(context, live_server, "maria")

    # The desk: the editor's own drafts, in the newsroom's name.
    expect(page.get_by_role("heading", name="My drafts")).to_be_visible()
    expect(page.get_by_role("link", name="Port strike talks resume")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    page.screenshot(path=artifacts / "desk-index.png", full_page=True)

    # The editor reads the story as it is now: the browser may keep that copy.
    page.goto(live_server.url + story.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Harbour reopens")

    # Typing survives a closed tab.
    page.goto(change_url(live_server, story))
    assert serious_accessibility_violations(page) == []
    page.get_by_label("Headline").fill("Harbour reopens after a week")
    page.wait_for_timeout(2500)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.close(run_before_unload=True)
    page = context.new_page()
    serve_media(page)
    page.goto(change_url(live_server, story))
    expect(page.locator(".restore-offer")).to_contain_text("Unsaved changes")
    page.get_by_role("button", name="Restore them").click()
    expect(page.get_by_label("Headline")).to_have_value("Harbour reopens after a week")
    assert dialogs == ["beforeunload"]

    # The hero image is chosen in the library, by its caption.
    with page.expect_popup() as chooser_opened:
        page.locator("#lookup_id_hero_image").click()
    chooser = chooser_opened.value
    chooser.locator("#searchbar").fill("Rotterdam")
    chooser.locator("#searchbar").press("Enter")
    expect(chooser.locator("#result_list img")).to_have_count(1)
    chooser.screenshot(path=artifacts / "desk-image-chooser.png", full_page=True)
    chooser.locator("#result_list tbody a").first.click()
    expect(page.locator("#id_hero_image")).to_have_value(str(hero.pk))
    card = page.locator("#hero-chosen")
    expect(card).to_contain_text("Container ships waiting outside Rotterdam.")
    expect(card).to_contain_text("Jane Doe / Example Agency")
    expect(card.locator("img")).to_be_visible()
    page.screenshot(path=artifacts / "desk-story-form.png", full_page=True)

    # Saved and published (the story is live, so an edit waits until then),
    # and "View on site" shows the new version at once.
    page.get_by_role("button", name="Save and publish changes").click()
    expect(page.locator(".messagelist")).to_contain_text("Changes published")
    page.get_by_role("link", name="View on site").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Harbour reopens after a week"
    )
    page.screenshot(path=artifacts / "desk-view-on-site.png", full_page=True)
    # Saved: nothing is offered for restoring any more.
    page.goto(change_url(live_server, story))
    expect(page.get_by_label("Headline")).to_have_value("Harbour reopens after a week")
    expect(page.locator(".restore-offer")).to_have_count(0)
    story.refresh_from_db()
    assert story.hero_image == hero


def test_two_editors_on_one_story_lose_nothing(
    live_server, newsroom, browser, artifacts
):
    story = StoryFactory(title_en="Harbour reopens")
    maria_context, anna_context = browser.new_context(), browser.new_context()
    maria = log_in(maria_context, live_server, "maria")
    anna = log_in(anna_context, live_server, "anna")
    maria.goto(change_url(live_server, story))
    anna.goto(change_url(live_server, story))

    expect(anna.locator("#story-presence")).to_have_text(
        "Maria Rossi is also editing this story."
    )
    expect(maria.locator("#story-presence")).to_have_text(
        "Anna Li is also editing this story.", timeout=HEARTBEAT_MS
    )

    anna.get_by_label("Headline").fill("Harbour reopens at dawn")
    anna.locator("input[name='_continue']").click()
    expect(anna.locator(".messagelist")).to_contain_text("was changed successfully")
    maria.get_by_label("Summary").fill("Ships queue outside the port.")
    maria.locator("input[name='_continue']").click()

    expect(maria.locator(".errorlist")).to_contain_text(
        "Someone else saved this story after you opened it"
    )
    expect(maria.locator(".errorlist")).to_contain_text(
        re.compile(r"Anna Li, .* UTC: Changed Headline")
    )
    expect(maria.get_by_label("Summary")).to_have_value("Ships queue outside the port.")
    maria.screenshot(path=artifacts / "desk-edit-conflict.png", full_page=True)
    assert Story.objects.get(pk=story.pk).title_en == "Harbour reopens at dawn"
    maria_context.close()
    anna_context.close()


def test_legal_sees_requests_due_and_a_restricted_story(
    live_server, newsroom, context, artifacts
):
    takedown_request = TakedownRequestFactory()
    story = StoryFactory(title_en="Harbour reopens", published=True)
    restriction_apply(
        story=story,
        cause=takedown_request,
        reference=takedown_request.reference,
        reason="Copyright",
        scope=RestrictionScope.WHOLE,
        by=newsroom["lena"],
    )
    page = log_in(context, live_server, "lena")

    expect(page.get_by_role("heading", name="Requests due")).to_be_visible()
    expect(page.locator(".desk-panels")).to_contain_text(takedown_request.reference)
    page.screenshot(path=artifacts / "desk-legal-index.png", full_page=True)

    page.goto(f"{live_server.url}/admin/articles/story/")
    expect(page.locator(".field-restriction_label")).to_have_text(
        f"⚠ The whole story ({takedown_request.reference})"
    )
    page.goto(change_url(live_server, story))
    expect(page.locator(".restriction-banner")).to_contain_text(
        f"Restricted by legal demand {takedown_request.reference}: The whole story."
    )
    expect(page.locator("input[name='_save']")).to_have_count(0)
    page.screenshot(path=artifacts / "desk-restricted-story.png", full_page=True)
