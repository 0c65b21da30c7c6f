"""The facts clustering compares (`ingest.facts`), on the Chinese forms and
the agreement of figures that the pair rule asks for."""

from datetime import date

from ingest import facts

# A Thursday.
REPORTED_ON = date(2026, 4, 9)


def test_chinese_numbers_in_characters_are_figures():
    found = facts.text_facts(
        "海拔一千八百米以上，订单近三百架。", reported_on=REPORTED_ON
    )
    assert "#:1800" in found
    assert "#:300" in found


def test_a_day_of_the_month_alone_and_yesterday_are_dates():
    found = facts.text_facts("客机5日首飞，昨天上午落地。", reported_on=REPORTED_ON)
    assert "d:04-05" in found
    assert "d:04-08" in found


def test_a_year_is_not_a_figure_but_a_measure_of_as_many_is():
    found = facts.text_facts(
        "Returned masks taken in 1897, 海拔1800米", reported_on=REPORTED_ON
    )
    assert "y:1897" in found
    assert "#:1800" in found


def test_quoted_chinese_names_are_facts():
    found = facts.text_facts("命名为“雾岭角蟾”。", reported_on=REPORTED_ON)
    assert "c:雾岭角蟾" in found


def test_chinese_text_does_not_run_on_an_english_name():
    found = facts.text_facts("云鹊C9客机在安澜首飞", reported_on=REPORTED_ON)
    assert "n:c9" in found


def test_items_sharing_names_but_not_their_figures_are_two_events():
    same_names = {"shared_weight": 10, "weight": 20, "other_weight": 20}
    assert facts.same_event(**same_names, shared_figures=2, figures=3, other_figures=3)
    assert not facts.same_event(
        **same_names, shared_figures=1, figures=2, other_figures=5
    )
    assert not facts.same_event(
        **same_names, shared_figures=0, figures=0, other_figures=0
    )
