import itertools
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertNotContains

from takedowns.forms import TakedownRequestForm, render_token
from takedowns.models import TakedownRequest, TakedownRequestStatus
from takedowns.services import (
    takedown_request_accept,
    takedown_request_acknowledge,
    takedown_request_reject,
)
from takedowns.views import IP_LIMITS, count_submission, limit_keys
from tests.factories import CategoryFactory, StoryFactory, TakedownRequestFactory
from tests.takedown.conftest import notice_data

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"


def story_url(story, language="en"):
    with translation.override(language):
        return "http://testserver" + story.get_absolute_url()


def restricted_story(**kwargs):
    story = StoryFactory(published=True, **kwargs)
    takedown_request = takedown_request_acknowledge(
        takedown_request=TakedownRequestFactory(stories=[story]), by=None
    )
    takedown_request_accept(takedown_request=takedown_request, by=None)
    return story, takedown_request


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_form_prefills_the_story_from_the_disclaimer_link(client, language):
    story = StoryFactory(published=True, slug="summit-photo")
    with translation.override(language):
        response = client.get(
            "/zh-hans/takedown/?story=summit-photo"
            if language != "en"
            else "/takedown/?story=summit-photo"
        )

    assertContains(response, "/story/summit-photo/")
    assertContains(response, 'name="rendered"')
    assertContains(response, "csrfmiddlewaretoken")
    assert story.slug == "summit-photo"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_valid_notice_is_stored_and_acknowledged_by_mail(
    client, mailoutbox, django_capture_on_commit_callbacks, language
):
    story = StoryFactory(published=True, translated=True)
    prefix = "" if language == "en" else "/zh-hans"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{prefix}/takedown/", notice_data(story_url(story, language))
        )

    takedown_request = TakedownRequest.objects.get()
    assert response.status_code == 302
    assert takedown_request.reference in response["Location"]
    assert takedown_request.locale == language
    assert takedown_request.country == "US"
    assert list(takedown_request.items.values_list("story", flat=True)) == [story.pk]
    assert len(mailoutbox) == 1
    assert takedown_request.reference in mailoutbox[0].body
    # The mailed link opens this request's status page. (The token is
    # signed with a timestamp, so it is compared by what it opens, not by
    # its text, which changes with the second it was made in.)
    status_path = re.search(r"/(?:zh-hans/)?takedown/status/\S+/", mailoutbox[0].body)
    status_page = client.get(status_path.group())
    assertContains(status_page, takedown_request.reference)
    sent = client.get(response["Location"])
    assertContains(sent, takedown_request.reference)


def test_every_required_field_empty_gives_a_message_and_stores_nothing(client):
    data = dict.fromkeys(notice_data(""), "")
    data["rendered"] = notice_data("")["rendered"]

    response = client.post("/takedown/", data)

    assert response.status_code == 200
    for field in ("name", "email", "country", "story_urls", "explanation", "signature"):
        assert field in response.context_data["form"].errors, field
    assert not TakedownRequest.objects.exists()


def test_oversize_fields_are_refused(client):
    story = StoryFactory(published=True)

    response = client.post(
        "/takedown/",
        notice_data(story_url(story), name="x" * 201, explanation="y" * 10001),
    )

    errors = response.context_data["form"].errors
    assert "name" in errors and "explanation" in errors
    assert not TakedownRequest.objects.exists()


def test_payload_over_256_kb_is_refused(client):
    response = client.post("/takedown/", notice_data("x", explanation="y" * 300_000))

    assert response.status_code == 413
    assert not TakedownRequest.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://elsewhere.example/story/some-story/",
        "http://testserver/category/world/",
        "http://testserver/story/no-such-story/",
        "not a url",
    ],
)
def test_urls_that_are_not_stories_of_this_site_are_refused(client, url):
    StoryFactory(published=True, slug="some-story")

    response = client.post("/takedown/", notice_data(url))

    assertContains(response, "is not the address of a story on this site")
    assert not TakedownRequest.objects.exists()


def test_already_restricted_story_says_so(client):
    story, takedown_request = restricted_story()

    response = client.post("/takedown/", notice_data(story_url(story)))

    assertContains(
        response, f"already removed following request {takedown_request.reference}"
    )


def test_signature_must_match_the_name(client):
    story = StoryFactory(published=True)

    response = client.post(
        "/takedown/", notice_data(story_url(story), signature="Someone Else")
    )

    assert "signature" in response.context_data["form"].errors


def test_too_fast_form_is_refused_with_data_kept(client):
    story = StoryFactory(published=True)

    response = client.post(
        "/takedown/", notice_data(story_url(story), rendered=render_token())
    )

    assertContains(response, "sent too quickly")
    assertContains(response, "Rita Holder")
    assert not TakedownRequest.objects.exists()


def test_day_old_form_is_refused_with_data_kept(client):
    story = StoryFactory(published=True)
    with time_machine.travel(timezone.now() - timedelta(hours=25), tick=False):
        token = render_token()

    response = client.post("/takedown/", notice_data(story_url(story), rendered=token))

    assertContains(response, "more than a day ago")
    assertContains(response, "Our photograph of the summit")


def test_replayed_form_token_is_refused(client):
    story = StoryFactory(published=True)
    data = notice_data(story_url(story))
    client.post("/takedown/", data)

    response = client.post("/takedown/", data)

    assertContains(response, "already sent")
    assert TakedownRequest.objects.count() == 1


def test_honeypot_gets_the_normal_answer_and_nothing_is_stored(client, mailoutbox):
    story = StoryFactory(published=True)

    response = client.post(
        "/takedown/", notice_data(story_url(story), website="http://spam.example")
    )

    assert response.status_code == 302
    assert "/takedown/sent/TD-" in response["Location"]
    assert not TakedownRequest.objects.exists()
    assert mailoutbox == []


def test_per_ip_flood_gets_429_with_retry_after(client):
    story = StoryFactory(published=True)
    for number in range(5):
        client.post(
            "/takedown/",
            notice_data(story_url(story), email=f"holder{number}@example.com"),
        )

    response = client.post("/takedown/", notice_data(story_url(story)))

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert TakedownRequest.objects.count() == 5


def test_per_email_flood_gets_429(client):
    story = StoryFactory(published=True)
    for number in range(10):
        client.post(
            "/takedown/",
            notice_data(story_url(story)),
            REMOTE_ADDR=f"192.0.2.{number}",
        )

    response = client.post(
        "/takedown/", notice_data(story_url(story)), REMOTE_ADDR="192.0.2.99"
    )

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_status_page_shows_state_and_decision_escaped(client):
    story = StoryFactory(published=True)
    takedown_request = TakedownRequestFactory(stories=[story], name=SCRIPT)
    takedown_request_reject(
        takedown_request=takedown_request, by=None, note=f"Quotation {SCRIPT}"
    )
    takedown_request.refresh_from_db()

    response = client.get(f"/takedown/status/{takedown_request.status_token}/")

    assertContains(response, takedown_request.reference)
    assertContains(response, "Rejected")
    assertContains(response, "Quotation &lt;script&gt;")
    assertNotContains(response, SCRIPT)
    assertNotContains(response, takedown_request.email)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_status_page_query_count_does_not_grow_with_the_stories(
    client, django_assert_num_queries, language
):
    prefix = "" if language == "en" else "/zh-hans"

    def accepted(story_count):
        takedown_request = takedown_request_acknowledge(
            takedown_request=TakedownRequestFactory(
                stories=StoryFactory.create_batch(story_count, published=True),
                locale=language,
            ),
            by=None,
        )
        return takedown_request_accept(takedown_request=takedown_request, by=None)

    one, three = accepted(1), accepted(3)

    # The request, its claimed stories, the latest step, the restrictions
    # with their stories, and the navigation; none from the template.
    with django_assert_num_queries(6):
        client.get(f"{prefix}/takedown/status/{one.status_token}/")
    # The navigation was read by the first page: until a purge, no more.
    with django_assert_num_queries(5):
        response = client.get(f"{prefix}/takedown/status/{three.status_token}/")
    assert response.status_code == 200


def test_status_page_with_a_wrong_token_is_404(client):
    takedown_request = TakedownRequestFactory()
    token = takedown_request.status_token

    assert client.get(f"/takedown/status/{token}x/").status_code == 404
    assert client.get("/takedown/status/TD-AAAA-BBBB/").status_code == 404
    takedown_request.status_token_nonce = "rotated"
    takedown_request.save()
    assert client.get(f"/takedown/status/{token}/").status_code == 404


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_restricted_story_answers_451_with_notice(client, language):
    story, takedown_request = restricted_story(translated=True)
    with translation.override(language):
        url = story.get_absolute_url()

    response = client.get(url)

    assert response.status_code == 451
    assert response["Link"] == '<http://127.0.0.1:8000/>; rel="blocked-by"' or response[
        "Link"
    ].endswith('/>; rel="blocked-by"')
    assert "no-cache" in response["Cache-Control"]
    assertContains(response, takedown_request.reference, status_code=451)
    assertContains(response, 'content="noindex"', status_code=451)
    assertContains(
        response,
        f"/transparency/notices/{takedown_request.reference}/",
        status_code=451,
    )


def test_withdrawn_story_still_answers_410(client):
    story = StoryFactory(withdrawn=True)

    assert client.get(story.get_absolute_url()).status_code == 410


def test_restricted_story_leaves_the_home_page(client):
    story, _request = restricted_story()
    StoryFactory(published=True, title_en="Another story")

    response = client.get("/")

    assertContains(response, "Another story")
    assertNotContains(response, story.title)


def test_story_page_keeps_its_query_budget_with_restrictions(
    client, django_assert_num_queries
):
    story = StoryFactory(published=True, translated=True)
    restricted_story()

    # The story with its relations and the navigation (it credits no outlet).
    with django_assert_num_queries(2):
        response = client.get(story.get_absolute_url())

    assert response.status_code == 200


def test_transparency_ledger_lists_decided_notices_without_personal_data(client):
    story, takedown_request = restricted_story()
    takedown_request.refresh_from_db()
    TakedownRequestFactory(stories=[StoryFactory()], organisation="Undecided Ltd")

    response = client.get("/transparency/")
    notice = client.get(f"/transparency/notices/{takedown_request.reference}/")
    csv = client.get(f"/transparency/{timezone.now().year}.csv")

    assertContains(response, takedown_request.reference)
    assertContains(response, "Example Photo Agency")
    assertNotContains(response, "Undecided Ltd")
    assertNotContains(response, takedown_request.email)
    assertNotContains(notice, takedown_request.name)
    assert "notices,right=copyright;outcome=action-taken,1" in csv.content.decode()
    assert takedown_request.status == TakedownRequestStatus.ACTION_TAKEN


def test_wrong_types_get_a_message_on_each_field(client):
    story = StoryFactory(published=True)

    response = client.post(
        "/takedown/",
        notice_data(
            story_url(story),
            email="not-an-email",
            country="123",
            acting_as="king",
            track="moon-law",
            scope="everything",
            remedy="money",
            original_urls="ftp:/broken",
        ),
    )

    errors = response.context_data["form"].errors
    for field in ("email", "country", "acting_as", "track", "scope", "remedy"):
        assert field in errors, field
    assert "original_urls" in errors
    assert not TakedownRequest.objects.exists()


def test_script_in_every_text_field_is_stored_and_rendered_escaped(
    client, admin_client
):
    story = StoryFactory(published=True)
    text_fields = [
        "organisation",
        "postal_address",
        "work_description",
        "principal_name",
    ]
    data = notice_data(
        story_url(story),
        name=SCRIPT,
        signature=SCRIPT,
        explanation=f"{SCRIPT} is in the story without our licence.",
        **dict.fromkeys(text_fields, SCRIPT),
    )

    client.post("/takedown/", data)

    takedown_request = TakedownRequest.objects.get()
    assert takedown_request.organisation == SCRIPT
    admin_page = admin_client.get(
        f"/admin/takedowns/takedownrequest/{takedown_request.pk}/change/"
    )
    status_page = client.get(f"/takedown/status/{takedown_request.status_token}/")
    for response in (admin_page, status_page):
        assert response.status_code == 200
        assertNotContains(response, SCRIPT)
    assertContains(admin_page, "&lt;script&gt;alert(1)&lt;/script&gt;")


def test_revalidation_of_a_restricted_story_gets_451_not_304(
    client, django_capture_on_commit_callbacks
):
    story = StoryFactory(published=True)
    etag = client.get(story.get_absolute_url())["ETag"]
    takedown_request = takedown_request_acknowledge(
        takedown_request=TakedownRequestFactory(stories=[story]), by=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        takedown_request_accept(takedown_request=takedown_request, by=None)

    response = client.get(story.get_absolute_url(), headers={"if-none-match": etag})

    assert response.status_code == 451


def test_restricted_page_costs_one_query_more_than_a_live_page(
    client, django_assert_num_queries
):
    story, _request = restricted_story(translated=True)

    # The story with its relations, the navigation, and the restriction.
    with django_assert_num_queries(3):
        response = client.get(story.get_absolute_url())

    assert response.status_code == 451


@pytest.mark.parametrize(
    ("year", "status_code"),
    [
        (0, 404),
        (2025, 404),
        (2026, 200),
        (2028, 200),
        (2029, 404),
        (10000, 404),
        (9999999999, 404),
    ],
)
def test_transparency_csv_answers_only_the_years_the_ledger_can_have(
    client, time_machine, year, status_code
):
    # From the year the notice form opened to this year.
    time_machine.move_to(datetime(2028, 6, 1, 12, tzinfo=UTC))

    response = client.get(f"/transparency/{year}.csv")

    assert response.status_code == status_code


def page_without_tokens(response):
    """The page's HTML less what differs on every render (CSRF, render time)."""
    return re.sub(
        r'(name="(?:csrfmiddlewaretoken|rendered)" value=")[^"]*', r"\1", response.text
    )


def unpublished_story(kind, **kwargs):
    """A story readers never saw, at /story/unseen/."""
    return StoryFactory(
        slug="unseen",
        title_en="Unseen headline",
        translated=True,
        scheduled=kind == "scheduled",
        **kwargs,
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_form_link_to_an_unpublished_story_looks_like_an_unknown_slug(
    client, language, kind
):
    # The category exists first: the navigation is the same on both pages.
    category = CategoryFactory()
    prefix = "" if language == "en" else "/zh-hans"
    unknown = client.get(f"{prefix}/takedown/?story=unseen")
    story = unpublished_story(kind, category=category)

    response = client.get(f"{prefix}/takedown/?story=unseen")

    assert response.status_code == unknown.status_code == 200
    assertNotContains(response, "Unseen headline")
    assertNotContains(response, story.title_zh_hans)
    assertNotContains(response, "/story/unseen/")
    assert page_without_tokens(response) == page_without_tokens(unknown)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_notice_naming_an_unpublished_story_is_refused_like_an_unknown_one(
    client, language, kind
):
    prefix = "" if language == "en" else "/zh-hans"
    url = f"http://testserver{prefix}/story/unseen/"
    unknown = client.post(f"{prefix}/takedown/", notice_data(url))
    unpublished_story(kind)

    response = client.post(f"{prefix}/takedown/", notice_data(url))

    assert response.status_code == unknown.status_code == 200
    assert (
        response.context_data["form"].errors["story_urls"]
        == unknown.context_data["form"].errors["story_urls"]
    )
    assert not TakedownRequest.objects.exists()


def test_form_link_to_a_live_story_shows_no_unpublished_translation(client):
    story = StoryFactory(published=True, slug="summit", title_en="Summit headline")
    story.title_zh_hans = "未发布的中文标题"
    story.save()

    response = client.get("/zh-hans/takedown/?story=summit")

    assertContains(response, "Summit headline")
    assertNotContains(response, "未发布的中文标题")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_story_readers_saw_before_it_left_can_still_be_named(client, language):
    story = StoryFactory(withdrawn=True, slug="gone-story", title_en="Gone headline")
    prefix = "" if language == "en" else "/zh-hans"

    form = client.get(f"{prefix}/takedown/?story=gone-story")
    response = client.post(
        f"{prefix}/takedown/", notice_data(story_url(story, language))
    )

    assertContains(form, "/story/gone-story/")
    assertContains(form, "Gone headline")
    assert response.status_code == 302
    assert TakedownRequest.objects.get().items.get().story == story


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_pages_with_a_claimants_data_are_kept_by_no_shared_cache(client, language):
    prefix = "" if language == "en" else "/zh-hans"
    story = StoryFactory(published=True)
    takedown_request = TakedownRequestFactory(stories=[story])
    url = story_url(story, language)

    responses = {
        "form": client.get(f"{prefix}/takedown/?story={story.slug}"),
        "answers kept": client.post(
            f"{prefix}/takedown/", notice_data(url, explanation="Too short.")
        ),
        "too long": client.post(
            f"{prefix}/takedown/", notice_data(url, explanation="y" * 300_000)
        ),
        "sent": client.get(f"{prefix}/takedown/sent/{takedown_request.reference}/"),
        "status": client.get(
            f"{prefix}/takedown/status/{takedown_request.status_token}/"
        ),
    }

    assert responses["answers kept"].status_code == 200
    assert responses["too long"].status_code == 413
    for page, response in responses.items():
        directives = {
            directive.strip()
            for directive in response.get("Cache-Control", "").split(",")
        }
        assert {"private", "no-store"} <= directives, page


RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: reverses what follows it


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_public_pages_keep_typed_text_from_reordering_its_neighbours(client, language):
    story, takedown_request = restricted_story(
        title_en=f"{RLO}Summit photo", slug="summit"
    )
    TakedownRequest.objects.filter(pk=takedown_request.pk).update(
        organisation=f"{RLO}Agency"
    )
    prefix = "" if language == "en" else "/zh-hans"

    pages = [
        client.get(f"{prefix}/takedown/status/{takedown_request.status_token}/"),
        client.get(f"{prefix}/transparency/"),
        client.get(f"{prefix}/transparency/notices/{takedown_request.reference}/"),
    ]

    for page in pages:
        assertContains(page, f"<bdi>{RLO}Summit photo</bdi>")
    assertContains(pages[1], f"<bdi>{RLO}Agency</bdi>")
    assertContains(pages[2], f"<bdi>{RLO}Agency</bdi>")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_restricted_page_and_form_isolate_what_they_quote(client, language):
    story, takedown_request = restricted_story(
        title_en=f"{RLO}Summit photo", slug="summit", translated=True
    )
    prefix = "" if language == "en" else "/zh-hans"

    restricted = client.get(story_url(story, language))
    form = client.get(f"{prefix}/takedown/?story=summit")

    assertContains(
        restricted, f"<bdi>{takedown_request.reference}</bdi>", status_code=451
    )
    assertContains(form, f"<bdi>{RLO}Summit photo</bdi>")


@pytest.mark.parametrize(
    "declaration",
    ["good_faith", "exceptions_considered", "accuracy", "processing_notice"],
)
@pytest.mark.parametrize("value", ["0", "off", "false", "no", ""])
def test_only_a_ticked_declaration_counts(client, declaration, value):
    story = StoryFactory(published=True)

    response = client.post(
        "/takedown/", notice_data(story_url(story), **{declaration: value})
    )

    assert response.status_code == 200
    assert declaration in response.context_data["form"].errors
    assert not TakedownRequest.objects.exists()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    "name",
    [
        "\u200b\u200b\u200b",  # ZERO WIDTH SPACE
        "\ufeff\u200b\u2060",  # BYTE ORDER MARK, WORD JOINER
        "\u202e\u202d",  # direction overrides
        "R",
        "\u200bR\u200b",
        "- .",
    ],
)
def test_name_and_signature_need_real_letters(client, language, name):
    story = StoryFactory(published=True, translated=True)
    prefix = "" if language == "en" else "/zh-hans"

    response = client.post(
        f"{prefix}/takedown/",
        notice_data(story_url(story, language), name=name, signature=name),
    )

    errors = response.context_data["form"].errors
    assert "name" in errors and "signature" in errors
    assert not TakedownRequest.objects.exists()


@pytest.mark.parametrize("name", ["Rita Holder", "王五", "Ng"])
def test_short_and_non_latin_names_are_accepted(client, name):
    story = StoryFactory(published=True)

    response = client.post(
        "/takedown/", notice_data(story_url(story), name=name, signature=name)
    )

    assert response.status_code == 302
    assert TakedownRequest.objects.get().name == name


@pytest.mark.parametrize(
    ("email", "accepted"),
    [
        ("a" * 64 + "@example.com", True),
        ("a" * 65 + "@example.com", False),
        ("rita@" + "d" * 63 + "." + "e" * 63 + "." + "f" * 63 + ".example", True),
        ("rita@" + ("d" * 63 + ".") * 4 + "example", False),
    ],
)
def test_email_must_fit_what_mail_servers_carry(client, mailoutbox, email, accepted):
    story = StoryFactory(published=True)

    response = client.post("/takedown/", notice_data(story_url(story), email=email))

    assert (response.status_code == 302) is accepted
    assert TakedownRequest.objects.exists() is accepted
    if not accepted:
        assert "email" in response.context_data["form"].errors
        assert mailoutbox == []


def test_notices_sent_together_never_pass_the_flood_limit_together(client, monkeypatch):
    story = StoryFactory(published=True)
    clean = TakedownRequestForm.clean
    numbers = itertools.count(1)
    statuses = []

    def post(number):
        return client.post(
            "/takedown/",
            notice_data(story_url(story), email=f"holder{number}@example.com"),
        ).status_code

    def clean_while_the_next_is_sent(form):
        # Each notice arrives while the one before is still being checked:
        # all eight are past the limit check before any is counted.
        number = next(numbers)
        if number < 8:
            statuses.append(post(number))
        return clean(form)

    monkeypatch.setattr(TakedownRequestForm, "clean", clean_while_the_next_is_sent)
    statuses.append(post(0))

    assert TakedownRequest.objects.count() == 5
    assert sorted(statuses) == [302] * 5 + [429] * 3


def test_flood_limit_holds_for_posts_counted_at_once_from_threads():
    keys = limit_keys("ip", "one-address", IP_LIMITS)
    start = threading.Barrier(20)

    def take_a_place(_number):
        start.wait()
        return count_submission(keys)

    with ThreadPoolExecutor(max_workers=20) as pool:
        waits = list(pool.map(take_a_place, range(20)))

    # The hourly limit is 5: the first five pass, the others wait.
    assert waits.count(None) == 5


REQUIRED_FIELDS = [
    "name",
    "email",
    "country",
    "acting_as",
    "track",
    "right_type",
    "story_urls",
    "scope",
    "remedy",
    "explanation",
    "good_faith",
    "exceptions_considered",
    "accuracy",
    "processing_notice",
    "signature",
]
OPTIONAL_FIELDS = [
    "organisation",
    "postal_address",
    "phone",
    "principal_name",
    "work_description",
    "original_urls",
    "language",
]
MARKER = '<span class="required-marker" aria-hidden="true">*</span>'


@pytest.mark.parametrize(
    ("language", "explained"),
    [
        ("en", 'Fields marked <span class="required-marker">*</span> are required'),
        ("zh-hans", '标有 <span class="required-marker">*</span> 的项目为必填项'),
    ],
)
def test_form_marks_its_required_fields_and_says_what_the_mark_means(
    client, language, explained
):
    prefix = "" if language == "en" else "/zh-hans"

    response = client.get(f"{prefix}/takedown/")

    html = response.text
    assertContains(response, explained, count=1)
    for field in REQUIRED_FIELDS:
        label = re.search(rf'<label for="id_{field}">.*?</label>', html, re.S)
        assert MARKER in label[0], field
    for field in ("name", "email", "story_urls", "explanation", "good_faith"):
        assert re.search(rf'<[^>]* name="{field}"[^>]* required', html), field
    for field in OPTIONAL_FIELDS:
        label = re.search(rf'<label for="id_{field}">.*?</label>', html, re.S)
        assert MARKER not in label[0], field


@pytest.mark.parametrize(
    ("language", "messages"),
    [
        (
            "en",
            {
                "good_faith": "Declare your good-faith belief",
                "exceptions_considered": "Confirm that you have considered",
                "accuracy": "Declare, under penalty of perjury",
                "processing_notice": "Confirm that you understand",
            },
        ),
        (
            "zh-hans",
            {
                "good_faith": "请声明您善意地相信",
                "exceptions_considered": "请确认您已考虑",
                "accuracy": "请在伪证罪处罚下声明",
                "processing_notice": "请确认您了解",
            },
        ),
    ],
)
def test_each_unticked_declaration_is_named_in_its_message(client, language, messages):
    story = StoryFactory(published=True, translated=True)
    prefix = "" if language == "en" else "/zh-hans"
    data = notice_data(story_url(story, language))
    for declaration in messages:
        del data[declaration]

    response = client.post(f"{prefix}/takedown/", data)

    errors = response.context_data["form"].errors
    for declaration, message in messages.items():
        assert message in errors[declaration][0], declaration
    assertNotContains(response, "This field is required.")
    assertNotContains(response, "这个字段是必填项。")


@pytest.mark.parametrize(
    ("language", "stated"),
    [("en", "at least 30 characters"), ("zh-hans", "至少 30 个字")],
)
def test_form_states_the_explanations_length_before_any_failure(
    client, language, stated
):
    prefix = "" if language == "en" else "/zh-hans"

    response = client.get(f"{prefix}/takedown/")

    assertContains(response, stated)


@pytest.mark.parametrize(
    ("language", "merged"),
    [("en", "merged it into {original}"), ("zh-hans", "已将其并入通知 {original}")],
)
def test_a_repeated_notice_is_told_it_was_merged_into_the_first(
    client, language, merged
):
    story = StoryFactory(published=True, translated=True)
    prefix = "" if language == "en" else "/zh-hans"
    url = story_url(story, language)
    first = client.post(f"{prefix}/takedown/", notice_data(url))

    repeat = client.post(f"{prefix}/takedown/", notice_data(url))

    original = TakedownRequest.objects.get(duplicate_of__isnull=True)
    assert original.reference in first["Location"]
    sent = client.get(repeat["Location"])
    assertContains(sent, merged.format(original=f"<bdi>{original.reference}</bdi>"))
    assertNotContains(client.get(first["Location"]), original.reference + "</bdi>")


def language_restricted_story(language):
    """A story in both languages whose `language` version only is restricted."""
    story = StoryFactory(published=True, translated=True, slug="summit")
    takedown_request = TakedownRequestFactory(
        stories=[story], stories__scope="language", stories__language=language
    )
    takedown_request = takedown_request_acknowledge(
        takedown_request=takedown_request, by=None
    )
    takedown_request_accept(takedown_request=takedown_request, by=None)
    return story


def test_chinese_restricted_page_says_only_its_version_is_withheld(client):
    story = language_restricted_story("zh-hans")

    response = client.get(story_url(story, "zh-hans"))

    assertContains(response, "本报道的简体中文版已被限制访问", status_code=451)
    assertContains(
        response,
        '<a href="/story/summit/" hreflang="en">阅读本报道的英文版</a>',
        status_code=451,
    )
    assertNotContains(response, "已被删除", status_code=451)
    assertNotContains(response, "删除有误", status_code=451)
    assertNotContains(response, "Read this story", status_code=451)


def test_english_restricted_page_links_the_chinese_version_in_english(client):
    story = language_restricted_story("en")

    response = client.get(story_url(story, "en"))

    assertContains(
        response,
        "access to the English version of this story was restricted",
        status_code=451,
    )
    assertContains(
        response,
        '<a href="/zh-hans/story/summit/" hreflang="zh-hans">'
        "Read this story in Simplified Chinese</a>",
        status_code=451,
    )
