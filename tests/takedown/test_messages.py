"""What the claimant is told at each step, by mail and on the status page."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from takedowns.services import (
    counter_notice_record,
    takedown_request_accept,
    takedown_request_acknowledge,
    takedown_request_ask_info,
    takedown_request_create,
    takedown_request_mark_duplicate,
    takedown_request_place_hold,
    takedown_request_reject,
    takedown_request_restore,
    takedown_request_restore_early,
    takedown_request_withdraw,
)
from tests.factories import CounterNoticeFactory, StoryFactory, TakedownRequestFactory

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
ACCEPT_NOTE = "We have restricted the story."


def status_page(client, takedown_request):
    """The claimant's private status page, in the language of their notice."""
    with translation.override(takedown_request.locale):
        path = reverse(
            "takedowns:takedown-status", kwargs={"token": takedown_request.status_token}
        )
    return client.get(path)


def claimant_mail(takedown_request, mailoutbox):
    """The latest mail sent to the claimant."""
    return [mail for mail in mailoutbox if mail.to == [takedown_request.email]][-1]


def filed(locale):
    """A notice filed now in `locale`, through the service the form uses."""
    return takedown_request_create(
        takedown_request=TakedownRequestFactory.build(locale=locale),
        items=[
            {
                "story": StoryFactory(published=True, title_en="Summit photo story"),
                "scope": "whole",
                "language": "",
            }
        ],
    )


def accepted(locale, time_machine):
    """Filed on Friday 20 November 2026, accepted on Monday 23 November."""
    time_machine.move_to(datetime(2026, 11, 20, 10, tzinfo=NEW_YORK), tick=False)
    takedown_request = filed(locale)
    time_machine.move_to(datetime(2026, 11, 23, 10, tzinfo=NEW_YORK), tick=False)
    takedown_request_acknowledge(takedown_request=takedown_request, by=None)
    return takedown_request_accept(
        takedown_request=takedown_request, by=None, note=ACCEPT_NOTE
    )


def counter_noticed(locale, time_machine):
    """Accepted, then counter-noticed on Thanksgiving, 26 November 2026."""
    takedown_request = accepted(locale, time_machine)
    time_machine.move_to(datetime(2026, 11, 26, 12, tzinfo=NEW_YORK), tick=False)
    counter_notice_record(
        takedown_request=takedown_request,
        by=None,
        counter_notice=CounterNoticeFactory.build(
            received_at=datetime(2026, 11, 26, 11, 25, tzinfo=NEW_YORK)
        ),
    )
    return takedown_request


COUNTER_NOTICE_MAIL = {
    "en": [
        "received on Nov. 26, 2026, 11:25 a.m. New York time (EST).",
        "we will restore the material no earlier than Dec. 10, 2026, 9 a.m. New "
        "York time (EST) and no later than Dec. 16, 2026, 5 p.m. New York time "
        "(EST), unless before then you tell us that you have filed an action",
        "A copy of the counter-notice:",
        "Pat Publisher",
        "2 Example Road",
        "https://testserver/story/summit/",
        "We hold a licence for this photograph.",
        "The sender states, under penalty of perjury, that they have a good faith",
        "The sender consents to the jurisdiction of the Federal District Court",
        "The sender will accept service of process from you",
    ],
    "zh-hans": [
        "我们于 纽约时间 2026年11月26日 11:25（EST） 收到。",
        "我们将在 纽约时间 2026年12月10日 09:00（EST） 之后、纽约时间 "
        "2026年12月16日 17:00（EST） 之前恢复该材料，除非您在此之前告知我们",
        "反通知副本：",
        "Pat Publisher",
        "2 Example Road",
        "https://testserver/story/summit/",
        "We hold a licence for this photograph.",
        "发送者在伪证罪处罚下声明",
        "发送者同意接受其地址所在司法管辖区的联邦地区法院管辖",
        "发送者将接受您或您的代理人送达的法律文书",
    ],
}
RESTORED = {
    "en": "We restored the material of your request {reference} on Dec. 10, "
    "2026, 9 a.m. New York time (EST): the period after the counter-notice "
    "ended without notice of a court action",
    "zh-hans": "我们已于 纽约时间 2026年12月10日 09:00（EST） 恢复您的请求 "
    "{reference} 所涉材料：反通知后的等待期已结束",
}


@pytest.mark.parametrize("locale", ["en", "zh-hans"])
def test_claimant_gets_the_counter_notice_and_its_dates_then_the_restore(
    client,
    legal_staff,
    time_machine,
    mailoutbox,
    django_capture_on_commit_callbacks,
    locale,
):
    takedown_request = accepted(locale, time_machine)
    time_machine.move_to(datetime(2026, 11, 26, 12, tzinfo=NEW_YORK), tick=False)
    client.force_login(legal_staff)

    # Legal records the publisher's counter-notice on the request's page.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse(
                "admin:takedowns_takedownrequest_change", args=[takedown_request.pk]
            ),
            {
                "CHANGE_FORM-action": "record_counter_notice",
                "_selected_action": takedown_request.pk,
                "confirm": "yes",
                "name": "Pat Publisher",
                "email": "pat@example.com",
                "postal_address": "2 Example Road",
                "phone": "+1 555 0100",
                "country": "US",
                "material_location": "https://testserver/story/summit/",
                "reason": "licensed",
                "explanation": "We hold a licence for this photograph.",
                "statement_under_penalty": "on",
                "consents_to_jurisdiction": "on",
                "accepts_service": "on",
                "signature": "Pat Publisher",
                "received_at": "2026-11-26 11:25",
            },
        )
    client.logout()

    mail = claimant_mail(takedown_request, mailoutbox)
    for expected in COUNTER_NOTICE_MAIL[locale]:
        assert expected in mail.body
    assert ACCEPT_NOTE not in mail.body
    page = status_page(client, takedown_request)
    assertContains(page, COUNTER_NOTICE_MAIL[locale][1])
    assertNotContains(page, ACCEPT_NOTE)

    # The timer restores on business day 10.
    time_machine.move_to(datetime(2026, 12, 10, 9, tzinfo=NEW_YORK), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("takedown_timers", stdout=StringIO())

    restored = RESTORED[locale].format(reference=takedown_request.reference)
    mail = claimant_mail(takedown_request, mailoutbox)
    assert restored in mail.body
    assert ACCEPT_NOTE not in mail.body
    page = status_page(client, takedown_request)
    assertContains(page, restored)
    assertNotContains(page, ACCEPT_NOTE)


# Each step, how to take it, and what the claimant must read after it, in
# English and in Chinese: what happened and the dates that matter. Times are
# New York time: the notice is filed on Thursday 3 December 2026 at 10:00.


def received(locale, time_machine, staff=None):
    return filed(locale)


def in_review(locale, time_machine, staff=None):
    return takedown_request_acknowledge(takedown_request=filed(locale), by=None)


def needs_info(locale, time_machine, staff=None):
    return takedown_request_ask_info(
        takedown_request=in_review(locale, time_machine),
        by=None,
        note="Which photograph?",
    )


def rejected(locale, time_machine, staff=None):
    return takedown_request_reject(
        takedown_request=in_review(locale, time_machine),
        by=None,
        note="Quotation is allowed.",
    )


def duplicate(locale, time_machine, staff=None):
    original = TakedownRequestFactory(reference="TD-AAAA-BBBB")
    return takedown_request_mark_duplicate(
        takedown_request=filed(locale), by=None, original=original
    )


def withdrawn(locale, time_machine, staff=None):
    return takedown_request_withdraw(takedown_request=filed(locale), by=None)


def lapsed(locale, time_machine, staff=None):
    takedown_request = needs_info(locale, time_machine)
    time_machine.move_to(datetime(2026, 12, 17, 10, 5, tzinfo=NEW_YORK), tick=False)
    call_command("takedown_timers", stdout=StringIO())
    return takedown_request


def accepted_now(locale, time_machine, staff=None):
    return takedown_request_accept(
        takedown_request=in_review(locale, time_machine), by=None, note=ACCEPT_NOTE
    )


def held(locale, time_machine, staff=None):
    takedown_request = counter_noticed(locale, time_machine)
    time_machine.move_to(datetime(2026, 11, 30, 10, tzinfo=NEW_YORK), tick=False)
    return takedown_request_place_hold(
        takedown_request=takedown_request, by=None, note="Case 26-cv-123 filed."
    )


def restored_by_staff(locale, time_machine, staff=None):
    takedown_request = accepted_now(locale, time_machine)
    time_machine.move_to(datetime(2026, 12, 4, 15, tzinfo=NEW_YORK), tick=False)
    return takedown_request_restore(
        takedown_request=takedown_request, by=staff, note="A licence was shown."
    )


def restored_early(locale, time_machine, staff):
    takedown_request = held(locale, time_machine)
    time_machine.move_to(datetime(2026, 12, 2, 15, tzinfo=NEW_YORK), tick=False)
    return takedown_request_restore_early(
        takedown_request=takedown_request,
        by=staff,
        reason="court-order",
        note="Order of 2 December 2026.",
    )


STEPS = {
    "received": (
        received,
        {
            "en": [
                "We have received your removal request.",
                "We will decide it by Dec. 10, 2026, 5 p.m. New York time (EST).",
            ],
            "zh-hans": [
                "我们已收到您的删除请求",
                "我们将于 纽约时间 2026年12月10日 17:00（EST） 之前作出决定。",
            ],
        },
    ),
    "needs-info": (
        needs_info,
        {
            "en": [
                "We need more information to decide your request",
                "Which photograph?",
                "by Dec. 17, 2026, 10 a.m. New York time (EST). Without an answer "
                "by then the request lapses",
            ],
            "zh-hans": [
                "我们需要更多信息",
                "Which photograph?",
                "请于 纽约时间 2026年12月17日 10:00（EST） 之前发送至",
            ],
        },
    ),
    "action-taken": (
        accepted_now,
        {
            "en": [
                "We accepted your request {reference} on Dec. 3, 2026, 10 a.m. "
                "New York time (EST) and restricted:",
                "Summit photo story: The whole story",
                ACCEPT_NOTE,
                "If the publisher of the material sends a counter-notice",
            ],
            "zh-hans": [
                "我们已于 纽约时间 2026年12月3日 10:00（EST） 接受您的请求 "
                "{reference}，并限制了以下内容：",
                "Summit photo story: 整篇报道",
                ACCEPT_NOTE,
                "如果该材料的发布者提交反通知",
            ],
        },
    ),
    "rejected": (
        rejected,
        {
            "en": [
                "We decided on Dec. 3, 2026, 10 a.m. New York time (EST) not to "
                "act on your request {reference}, for this reason:",
                "Quotation is allowed.",
            ],
            "zh-hans": [
                "我们已于 纽约时间 2026年12月3日 10:00（EST） 决定不对您的请求 "
                "{reference} 采取行动",
                "Quotation is allowed.",
            ],
        },
    ),
    "duplicate": (
        duplicate,
        {
            "en": ["repeats your request TD-AAAA-BBBB, which is still open"],
            "zh-hans": ["与您仍在处理中的请求 TD-AAAA-BBBB 重复"],
        },
    ),
    "withdrawn": (
        withdrawn,
        {
            "en": [
                "Your request {reference} was withdrawn on Dec. 3, 2026, 10 a.m. "
                "New York time (EST), as you asked."
            ],
            "zh-hans": [
                "您的请求 {reference} 已于 纽约时间 2026年12月3日 10:00（EST） 撤回"
            ],
        },
    ),
    "lapsed": (
        lapsed,
        {
            "en": [
                "Your request {reference} lapsed on Dec. 17, 2026, 10:05 a.m. "
                "New York time (EST): we asked for more information"
            ],
            "zh-hans": [
                "您的请求 {reference} 已于 纽约时间 2026年12月17日 10:05（EST） 失效"
            ],
        },
    ),
    "legal-hold": (
        held,
        {
            "en": [
                "You told us of a court action about the material of your "
                "request {reference}.",
                "Case 26-cv-123 filed.",
            ],
            "zh-hans": [
                "您已告知我们，就您的请求 {reference}",
                "Case 26-cv-123 filed.",
            ],
        },
    ),
    "restored": (
        restored_by_staff,
        {
            "en": [
                "We restored the material of your request {reference} on Dec. 4, "
                "2026, 3 p.m. New York time (EST).",
                "A licence was shown.",
            ],
            "zh-hans": [
                "我们已于 纽约时间 2026年12月4日 15:00（EST） 恢复您的请求 "
                "{reference} 所涉材料。",
                "A licence was shown.",
            ],
        },
    ),
    "restored-early": (
        restored_early,
        {
            "en": [
                "We restored the material of your request {reference} on Dec. 2, "
                "2026, 3 p.m. New York time (EST), before the end of the period "
                "after the counter-notice: A court ordered it.",
                "Order of 2 December 2026.",
            ],
            "zh-hans": [
                "早于反通知后的等待期结束，原因是：法院作出了命令。",
                "Order of 2 December 2026.",
            ],
        },
    ),
}


@pytest.mark.parametrize("locale", ["en", "zh-hans"])
@pytest.mark.parametrize("step", STEPS)
def test_each_step_tells_the_claimant_what_happened_with_its_dates(
    client,
    admin_user,
    time_machine,
    mailoutbox,
    django_capture_on_commit_callbacks,
    step,
    locale,
):
    take_step, expected = STEPS[step]
    time_machine.move_to(datetime(2026, 12, 3, 10, tzinfo=NEW_YORK), tick=False)

    with django_capture_on_commit_callbacks(execute=True):
        takedown_request = take_step(locale, time_machine, admin_user)

    takedown_request.refresh_from_db()
    mail = claimant_mail(takedown_request, mailoutbox)
    page = status_page(client, takedown_request)
    with translation.override(locale):
        assert takedown_request.get_status_display() in mail.subject
    for text in expected[locale]:
        text = text.format(reference=takedown_request.reference)
        assert text in mail.body
        assertContains(page, text)
    if step != "action-taken":
        # An earlier step's note is never repeated as if it were this one's.
        assert ACCEPT_NOTE not in mail.body
        assertNotContains(page, ACCEPT_NOTE)


def test_a_note_with_a_percent_sign_is_sent_as_written(
    time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    time_machine.move_to(datetime(2026, 12, 3, 10, tzinfo=NEW_YORK), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        takedown_request = takedown_request_reject(
            takedown_request=in_review("en", time_machine),
            by=None,
            note="Only 5% of the text is quoted (%(reference)s).",
        )

    assert "Only 5% of the text is quoted (%(reference)s)." in (
        claimant_mail(takedown_request, mailoutbox).body
    )
