import smtplib
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from articles.models import Story, StoryPublicState, StoryRestriction
from takedowns.models import (
    CounterNotice,
    InvalidTransition,
    OutboundMessage,
    TakedownRequest,
    TakedownRequestStatus,
)
from takedowns.services import (
    counter_notice_record,
    takedown_request_accept,
    takedown_request_acknowledge,
    takedown_request_ask_info,
    takedown_request_create,
    takedown_request_place_hold,
    takedown_request_reject,
    takedown_request_restore,
    takedown_request_restore_early,
    takedown_request_resume_review,
)
from tests.factories import (
    CounterNoticeFactory,
    HeroImageFactory,
    StoryFactory,
    TakedownRequestFactory,
)

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
S = TakedownRequestStatus


def in_review(story, **kwargs):
    takedown_request = TakedownRequestFactory(stories=[story], **kwargs)
    return takedown_request_acknowledge(takedown_request=takedown_request, by=None)


def state(story, language):
    return Story.objects.get(pk=story.pk).public_state(language)


def is_listed(story, language):
    return Story.objects.published(language).filter(pk=story.pk).exists()


def counter_notice(received_at):
    return CounterNoticeFactory.build(
        material_location="https://news.example/story/summit/",
        received_at=received_at,
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_whole_story_restriction_hides_it_in_every_language(language):
    story = StoryFactory(published=True, translated=True)
    takedown_request = in_review(story)

    takedown_request_accept(takedown_request=takedown_request, by=None)

    assert state(story, language) is StoryPublicState.RESTRICTED
    assert not is_listed(story, language)


def test_language_restriction_affects_only_that_language():
    story = StoryFactory(published=True, translated=True)
    takedown_request = in_review(
        story, stories__scope="language", stories__language="zh-hans"
    )
    item = takedown_request.items.get()

    takedown_request_accept(
        takedown_request=takedown_request,
        by=None,
        scopes={item.pk: ("language", "zh-hans")},
    )

    assert state(story, "zh-hans") is StoryPublicState.RESTRICTED
    assert not is_listed(story, "zh-hans")
    assert state(story, "en") is StoryPublicState.LIVE
    assert is_listed(story, "en")


def test_english_restriction_also_restricts_the_english_fallback():
    story = StoryFactory(published=True)  # no Chinese version
    takedown_request = in_review(story)
    item = takedown_request.items.get()

    takedown_request_accept(
        takedown_request=takedown_request, by=None, scopes={item.pk: ("language", "en")}
    )

    assert state(story, "en") is StoryPublicState.RESTRICTED
    assert state(story, "zh-hans") is StoryPublicState.RESTRICTED


def test_hero_image_restriction_hides_the_image_on_every_story_using_it():
    image = HeroImageFactory()
    story = StoryFactory(published=True, hero_image=image)
    other = StoryFactory(published=True, hero_image=image)
    takedown_request = in_review(story, stories__scope="hero-image")

    takedown_request_accept(takedown_request=takedown_request, by=None)

    story = Story.objects.get(pk=story.pk)
    assert story.public_state("en") is StoryPublicState.LIVE
    assert story.visible_hero_image is None
    assert Story.objects.get(pk=other.pk).visible_hero_image is None

    takedown_request_restore(takedown_request=takedown_request, by=None)
    assert Story.objects.get(pk=story.pk).visible_hero_image == image


def test_restore_lifts_only_this_requests_restriction():
    story = StoryFactory(published=True)
    first, second = in_review(story), in_review(story)
    takedown_request_accept(takedown_request=first, by=None)
    takedown_request_accept(takedown_request=second, by=None)

    takedown_request_restore(takedown_request=first, by=None)

    assert state(story, "en") is StoryPublicState.RESTRICTED


def test_accept_bumps_the_page_cache_after_commit(
    django_capture_on_commit_callbacks, client
):
    story = StoryFactory(published=True)
    takedown_request = in_review(story)
    assert client.get(story.get_absolute_url()).status_code == 200  # now cached

    with django_capture_on_commit_callbacks(execute=True):
        takedown_request_accept(takedown_request=takedown_request, by=None)

    assert client.get(story.get_absolute_url()).status_code == 451


def test_every_transition_writes_exactly_one_event():
    story = StoryFactory(published=True)
    takedown_request = in_review(story)
    takedown_request_accept(takedown_request=takedown_request, by=None)

    actions = list(
        takedown_request.events.values_list("action", "from_status", "to_status")
    )

    assert actions == [
        ("acknowledge", S.RECEIVED, S.UNDER_REVIEW),
        ("accept", S.UNDER_REVIEW, S.ACTION_TAKEN),
    ]


def test_services_refuse_to_resume_a_review_never_acknowledged_or_to_re_acknowledge():
    received = TakedownRequestFactory(stories=[StoryFactory(published=True)])
    waiting = in_review(StoryFactory(published=True))
    takedown_request_ask_info(takedown_request=waiting, by=None, note="Which one?")

    with pytest.raises(InvalidTransition, match="only by “Acknowledge"):
        takedown_request_resume_review(takedown_request=received, by=None)
    with pytest.raises(InvalidTransition, match="only by “Resume review"):
        takedown_request_acknowledge(takedown_request=waiting, by=None)

    received.refresh_from_db()
    waiting.refresh_from_db()
    assert (received.status, waiting.status) == (S.RECEIVED, S.NEEDS_INFO)
    assert not received.events.exists()


def test_rejected_request_mails_the_claimant_after_commit(
    django_capture_on_commit_callbacks, mailoutbox
):
    takedown_request = in_review(StoryFactory(published=True))

    with django_capture_on_commit_callbacks(execute=True):
        takedown_request_reject(
            takedown_request=takedown_request, by=None, note="This is a quotation."
        )

    assert len(mailoutbox) == 1
    assert "This is a quotation." in mailoutbox[0].body
    assert takedown_request.reference in mailoutbox[0].subject


def test_a_request_decided_by_someone_else_first_is_refused():
    takedown_request = in_review(StoryFactory(published=True))
    stale = TakedownRequest.objects.get(pk=takedown_request.pk)
    takedown_request_reject(takedown_request=takedown_request, by=None, note="No.")

    with pytest.raises(Exception, match="cannot become"):
        takedown_request_accept(takedown_request=stale, by=None)
    assert not StoryRestriction.objects.exists()


def test_mail_failure_keeps_the_request_and_the_timer_retries(
    settings, django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    story = StoryFactory(published=True)

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("mail server down")

    monkeypatch.setattr("takedowns.mail.send_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        takedown_request = takedown_request_create(
            takedown_request=TakedownRequestFactory.build(),
            items=[{"story": story, "scope": "whole", "language": ""}],
        )

    assert TakedownRequest.objects.filter(pk=takedown_request.pk).exists()
    message = OutboundMessage.objects.get()
    assert message.status == "failed"
    assert "mail server down" in message.last_error

    monkeypatch.undo()
    call_command("takedown_timers", stdout=StringIO())
    call_command("takedown_timers", stdout=StringIO())

    message.refresh_from_db()
    assert message.status == "sent"
    assert message.attempts == 2
    assert len(mailoutbox) == 1
    assert takedown_request.reference in mailoutbox[0].body


def test_exact_repeat_is_merged_into_the_open_original():
    story = StoryFactory(published=True)
    items = [{"story": story, "scope": "whole", "language": ""}]
    original = takedown_request_create(
        takedown_request=TakedownRequestFactory.build(email="a@example.com"),
        items=items,
    )

    repeat = takedown_request_create(
        takedown_request=TakedownRequestFactory.build(email="A@Example.com"),
        items=items,
    )

    assert repeat.status == S.DUPLICATE
    assert repeat.duplicate_of == original


def test_needs_info_lapses_after_14_days(time_machine):
    takedown_request = in_review(StoryFactory(published=True))
    takedown_request_ask_info(
        takedown_request=takedown_request, by=None, note="Which photograph?"
    )

    time_machine.move_to(timezone.now() + timedelta(days=14) - timedelta(minutes=1))
    call_command("takedown_timers", stdout=StringIO())
    takedown_request.refresh_from_db()
    assert takedown_request.status == S.NEEDS_INFO

    time_machine.move_to(timezone.now() + timedelta(minutes=2))
    call_command("takedown_timers", stdout=StringIO())
    takedown_request.refresh_from_db()
    assert takedown_request.status == S.LAPSED


def test_counter_notice_restores_on_business_day_10_not_before(time_machine):
    time_machine.move_to(datetime(2026, 11, 24, 12, tzinfo=NEW_YORK))
    story = StoryFactory(published=True)
    takedown_request = in_review(story)
    takedown_request_accept(takedown_request=takedown_request, by=None)
    counter_notice_record(
        takedown_request=takedown_request,
        by=None,
        counter_notice=counter_notice(timezone.now()),
    )

    time_machine.move_to(datetime(2026, 12, 9, 8, 59, tzinfo=NEW_YORK))
    call_command("takedown_timers", stdout=StringIO())
    assert state(story, "en") is StoryPublicState.RESTRICTED

    time_machine.move_to(datetime(2026, 12, 9, 9, 1, tzinfo=NEW_YORK))
    out = StringIO()
    call_command("takedown_timers", stdout=out)
    call_command("takedown_timers", stdout=StringIO())  # safe to repeat
    takedown_request.refresh_from_db()
    assert takedown_request.status == S.RESTORED
    assert f"{takedown_request.reference}: restored" in out.getvalue()
    assert state(story, "en") is StoryPublicState.LIVE
    assert takedown_request.events.filter(action="restore").count() == 1


def test_counter_notice_before_the_decision_it_answers_is_refused(time_machine):
    time_machine.move_to(datetime(2026, 11, 24, 12, tzinfo=NEW_YORK))
    takedown_request = in_review(StoryFactory(published=True))
    time_machine.move_to(datetime(2026, 11, 25, 12, tzinfo=NEW_YORK))
    takedown_request_accept(takedown_request=takedown_request, by=None)

    with pytest.raises(ValidationError, match="before the decision it answers"):
        counter_notice_record(
            takedown_request=takedown_request,
            by=None,
            counter_notice=counter_notice(
                datetime(2026, 11, 25, 11, 59, tzinfo=NEW_YORK)
            ),
        )

    takedown_request.refresh_from_db()
    assert takedown_request.status == S.ACTION_TAKEN
    assert not CounterNotice.objects.exists()


def test_counter_notice_without_the_statutory_statements_is_refused(
    time_machine, django_capture_on_commit_callbacks, mailoutbox
):
    time_machine.move_to(datetime(2026, 11, 24, 12, tzinfo=NEW_YORK))
    takedown_request = in_review(StoryFactory(published=True))
    takedown_request_accept(takedown_request=takedown_request, by=None)
    incomplete = counter_notice(timezone.now())
    incomplete.material_location = " "
    incomplete.statement_under_penalty = False
    incomplete.consents_to_jurisdiction = False
    incomplete.accepts_service = False
    mail_before = OutboundMessage.objects.count()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as refusal,
    ):
        counter_notice_record(
            takedown_request=takedown_request, by=None, counter_notice=incomplete
        )

    assert refusal.value.messages == [
        "This counter-notice lacks what 17 U.S.C. § 512(g)(3) requires: where "
        "the material was, statement under penalty of perjury, consent to "
        "jurisdiction, acceptance of service of process. Ask its sender for it; "
        "nothing has been recorded."
    ]
    takedown_request.refresh_from_db()
    assert takedown_request.status == S.ACTION_TAKEN
    assert not CounterNotice.objects.exists()
    assert takedown_request.restrictions.get().expires_at is None
    assert OutboundMessage.objects.count() == mail_before
    assert mailoutbox == []


def test_legal_hold_stops_the_automatic_restore(time_machine):
    time_machine.move_to(datetime(2026, 11, 24, 12, tzinfo=NEW_YORK))
    story = StoryFactory(published=True)
    takedown_request = in_review(story)
    takedown_request_accept(takedown_request=takedown_request, by=None)
    counter_notice_record(
        takedown_request=takedown_request,
        by=None,
        counter_notice=counter_notice(timezone.now()),
    )
    takedown_request_place_hold(
        takedown_request=takedown_request, by=None, note="Suit filed, case 26-123."
    )

    time_machine.move_to(datetime(2026, 12, 16, tzinfo=NEW_YORK))
    call_command("takedown_timers", stdout=StringIO())

    takedown_request.refresh_from_db()
    assert takedown_request.status == S.LEGAL_HOLD
    assert state(story, "en") is StoryPublicState.RESTRICTED


def counter_noticed_and_held(time_machine, staff):
    time_machine.move_to(datetime(2026, 11, 24, 12, tzinfo=NEW_YORK))
    story = StoryFactory(published=True)
    takedown_request = in_review(story)
    takedown_request_accept(takedown_request=takedown_request, by=None)
    counter_notice_record(
        takedown_request=takedown_request,
        by=None,
        counter_notice=counter_notice(timezone.now()),
    )
    takedown_request_place_hold(
        takedown_request=takedown_request, by=staff, note="Suit filed, 26-cv-123."
    )
    return story, takedown_request


def test_lifting_a_hold_waits_for_business_day_10_like_any_restore(
    time_machine, admin_user
):
    story, takedown_request = counter_noticed_and_held(time_machine, admin_user)

    time_machine.move_to(datetime(2026, 12, 9, 8, 59, tzinfo=NEW_YORK))
    with pytest.raises(InvalidTransition, match="may be restored from Dec. 9"):
        takedown_request_restore(
            takedown_request=takedown_request, by=admin_user, note="Suit dismissed."
        )
    assert state(story, "en") is StoryPublicState.RESTRICTED

    time_machine.move_to(datetime(2026, 12, 9, 9, 1, tzinfo=NEW_YORK))
    takedown_request_restore(
        takedown_request=takedown_request, by=admin_user, note="Suit dismissed."
    )
    assert state(story, "en") is StoryPublicState.LIVE


def test_early_restore_of_a_hold_needs_a_person_a_reason_and_the_wait(
    time_machine, admin_user
):
    story, takedown_request = counter_noticed_and_held(time_machine, admin_user)
    time_machine.move_to(datetime(2026, 12, 1, 12, tzinfo=NEW_YORK))

    with pytest.raises(InvalidTransition, match="Only a member of staff"):
        takedown_request_restore_early(
            takedown_request=takedown_request, by=None, reason="other", note="x"
        )
    with pytest.raises(InvalidTransition, match="Choose why"):
        takedown_request_restore_early(
            takedown_request=takedown_request, by=admin_user, reason="", note="x"
        )
    with pytest.raises(InvalidTransition, match="Give a reason"):
        takedown_request_restore_early(
            takedown_request=takedown_request,
            by=admin_user,
            reason="notice-withdrawn",
            note="",
        )
    takedown_request_restore_early(
        takedown_request=takedown_request,
        by=admin_user,
        reason="notice-withdrawn",
        note="The claimant dropped the suit and withdrew the notice.",
    )

    assert state(story, "en") is StoryPublicState.LIVE
    takedown_request.refresh_from_db()
    assert takedown_request.status == S.RESTORED
    assert takedown_request.events.get(action="restore_early").payload == {
        "early_restore_reason": "notice-withdrawn",
        "lifted": 1,
    }


def test_early_restore_is_refused_once_the_wait_is_over(time_machine, admin_user):
    _story, takedown_request = counter_noticed_and_held(time_machine, admin_user)
    time_machine.move_to(datetime(2026, 12, 9, 9, tzinfo=NEW_YORK))

    with pytest.raises(InvalidTransition, match="may be restored normally since"):
        takedown_request_restore_early(
            takedown_request=takedown_request,
            by=admin_user,
            reason="court-order",
            note="Order.",
        )
