from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays

from takedowns.deadlines import business_days_after, decision_due, restore_window

NEW_YORK = ZoneInfo("America/New_York")


def counted_one_by_one(day, count, federal):
    """The plain rule: step a day at a time, counting weekdays not holidays."""
    current, counted = day, 0
    while counted < count:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in federal:
            counted += 1
    return current


def test_business_days_match_counting_one_by_one_from_2026_to_2028():
    federal = holidays.country_holidays("US")
    day = date(2026, 1, 1)
    mismatches = []
    while day <= date(2028, 12, 31):
        for count in range(1, 15):
            expected = counted_one_by_one(day, count, federal)
            if business_days_after(day, count) != expected:
                mismatches.append((day, count, expected))
        day += timedelta(days=1)

    assert mismatches == []


def test_business_days_skip_weekends_and_federal_holidays():
    # Tuesday before Thanksgiving 2026: Thursday 26 November does not count.
    assert business_days_after(date(2026, 11, 24), 2) == date(2026, 11, 27)
    assert business_days_after(date(2026, 11, 24), 10) == date(2026, 12, 9)
    assert business_days_after(date(2026, 11, 24), 14) == date(2026, 12, 15)
    # Without a holiday: Friday + 1 business day is Monday.
    assert business_days_after(date(2026, 11, 6), 1) == date(2026, 11, 9)
    # New Year's Day 2028 is a Saturday: Friday 31 December 2027 is off.
    assert business_days_after(date(2027, 12, 30), 1) == date(2028, 1, 3)


def test_restore_window_matches_the_design_example():
    not_before, deadline = restore_window(datetime(2026, 11, 24, 15, tzinfo=NEW_YORK))

    assert not_before == datetime(2026, 12, 9, 9, tzinfo=NEW_YORK)
    assert deadline == datetime(2026, 12, 15, 17, tzinfo=NEW_YORK)


def test_decision_is_due_at_five_on_the_fifth_business_day_in_new_york():
    # Late Tuesday evening in New York is already Wednesday in UTC; the day
    # of receipt is New York's.
    submitted_at = datetime(2026, 11, 24, 22, tzinfo=NEW_YORK)

    assert decision_due(submitted_at) == datetime(2026, 12, 2, 17, tzinfo=NEW_YORK)
