"""US business days, and the takedown deadlines counted in them.

Business days are Monday to Friday less US federal holidays, as the
maintained `holidays` calendar has them, with its own working-day arithmetic
(docs/takedown.md). The deadlines fall at hours of New York's clock, and
every takedown time is shown on that clock, its zone named (`legal_time`).
"""

import functools
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import holidays
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

US_EASTERN = ZoneInfo("America/New_York")
DECISION_BUSINESS_DAYS = 5
# 17 U.S.C. § 512(g)(2)(C): not less than 10, nor more than 14, business days.
RESTORE_FIRST_BUSINESS_DAY = 10
RESTORE_LAST_BUSINESS_DAY = 14


@functools.cache
def federal_holidays(year: int) -> holidays.HolidayBase:
    """Return the US federal holidays of `year` and the next, filled in at once.

    A count of business days from a day of `year` ends in one of the two, so
    the calendar is only read, never filled in lazily while another thread
    reads it.
    """
    return holidays.country_holidays("US", years=(year, year + 1))


def business_days_after(day: date, count: int) -> date:
    """Return the `count`-th US business day after `day` (`day` not counted).

    `count` is at least 1.
    """
    return federal_holidays(day.year).get_nth_working_day(day, count)


def new_york_day(moment: datetime) -> date:
    return timezone.localtime(moment, US_EASTERN).date()


def legal_time(moment: datetime) -> str:
    """Return `moment` as a New York date and time, with the zone named.

    The deadlines are hours of New York's clock; showing every takedown time
    on it, marked EST or EDT, lets a deadline and the times around it be
    compared at a glance, whatever the server's or the reader's zone.
    """
    local = timezone.localtime(moment, US_EASTERN)
    return _("%(datetime)s New York time (%(zone)s)") % {
        "datetime": date_format(local, "DATETIME_FORMAT"),
        "zone": local.tzname(),
    }


def decision_due(submitted_at: datetime) -> datetime:
    """Return when a notice must be decided.

    17:00 New York time on the 5th US business day after the day it was
    submitted.
    """
    due_day = business_days_after(new_york_day(submitted_at), DECISION_BUSINESS_DAYS)
    return datetime.combine(due_day, time(17), tzinfo=US_EASTERN)


def restore_window(received_at: datetime) -> tuple[datetime, datetime]:
    """Return when a counter-noticed story may be, and must be, restored.

    17 U.S.C. § 512(g)(2)(C): not less than 10 nor more than 14 business
    days after the counter-notice: from 09:00 New York time on business day
    10, and by 17:00 on business day 14.
    """
    received_day = new_york_day(received_at)
    not_before = datetime.combine(
        business_days_after(received_day, RESTORE_FIRST_BUSINESS_DAY),
        time(9),
        tzinfo=US_EASTERN,
    )
    deadline = datetime.combine(
        business_days_after(received_day, RESTORE_LAST_BUSINESS_DAY),
        time(17),
        tzinfo=US_EASTERN,
    )
    return not_before, deadline
