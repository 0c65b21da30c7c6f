"""The facts of a news text, in English and Chinese, for clustering.

Two outlets writing up one event in their own words share few words, but
they name the same people and places and give the same figures and dates.
Those are the facts taken here, each with a weight for how much it says:

- names: runs of capitalised words in English ("Anna Lind", "Port Vell"),
  each word and each pair of neighbours; in Chinese, the character bigrams a
  text repeats three times (a name comes back, a turn of phrase seldom does
  so often), any Latin capitalised word ("NATO", "G20") and what a text
  quotes (“雾岭角蟾”);
- figures: numbers with their scale and unit folded, so "$3.2bn",
  "3.2 billion", "32亿" and "三十二亿" are one fact, "12 per cent" is "12%";
- dates: day and month ("March 3", "3 March", "3月3日", or "on Tuesday",
  "8日", "昨天", counted back from the day the item was reported); years
  ("1897", "2025年") weigh little.

Weights are fixed by kind, never learnt from the archive, so an item's facts
and therefore the clusters do not depend on what was ingested before it.
The headline is left out: titles alone never make two items one story.
"""

import hashlib
import re
import unicodedata
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from articles.search import tokens

# Weights by kind of fact.
NAME_WORD = 2
NAME_PAIR = 3
FIGURE = 4
SMALL_FIGURE = 2  # 10-99: ages, counts, often a coincidence
DATE = 3
YEAR = 1
CHINESE_TERM = 1
# A bigram repeated this often is a name the text is about; one said twice
# is as often a turn of phrase, and only makes the item's facts weigh more.
CHINESE_TERM_REPEATS = 3
CHINESE_NAME = 3  # a quoted name: “雾岭角蟾”, 《动物分类学报》
# At most this many facts per item, the weightiest: enough for any story,
# and each costs a row in the look-up table.
MAX_FACTS = 40

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# Capitalised words that are not names: sentence openers, titles, weekdays
# and months (dates are facts of their own).
NOT_NAME_WORDS = (
    "a an the this that these those there then than it its he she his her they"
    " their them we our you your i in on at by for from to of with without into"
    " onto over under after before during while when where what which who whom"
    " whose why how and but or nor so yet if as not no yes all any some many"
    " most more much few several each every both either neither one two three"
    " four five six seven eight nine ten first second third last next new also"
    " however meanwhile still already only even just about around between"
    " against among since until unless although though because according"
    " mr mrs ms dr prof sir president prime minister chancellor premier king"
    " queen prince mayor governor senator general secretary chief minister's"
    " monday tuesday wednesday thursday friday saturday sunday today tomorrow"
    " yesterday officials official police people government reuters afp ap"
    " said says say told tells added asked update updated breaking live"
    " read more photo video watch"
)
NOT_NAMES = set(MONTHS) | set(NOT_NAME_WORDS.split())
# A letter of a name: a word character, but not a Chinese one, which a
# Chinese text runs on with ("C9客机" is the name "C9").
NAME_LETTER = r"[^\W\u2e80-\u9fff]|[’'\-]"
NAME_RUN = re.compile(
    rf"[A-Z](?:{NAME_LETTER})*(?:\s+(?:of|de|del|da|van|von|der|al|bin|la|le)?\s*"
    rf"[A-Z](?:{NAME_LETTER})*)*"
)
SCALES = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
    "千": 10**3,
    "万": 10**4,
    "亿": 10**8,
    "万亿": 10**12,
}
PERCENT = {"%", "％", "per cent", "percent", "pct"}
FIGURE_PATTERN = re.compile(
    r"(?<![A-Za-z\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"
    # A scale or unit in words may follow a space; "m", "bn" only attached,
    # as in "$3.2bn", since "10 m" is ten metres.
    r"(?:\s*(万亿|亿|万|千|%|％|per cent|percent|pct|thousand|million|billion"
    r"|trillion)|(bn|mn|tn|[kmb])(?![A-Za-z\d²³]))?",
    re.IGNORECASE,
)
ENGLISH_DATE = re.compile(
    r"\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+([A-Z][a-z]{2,8})\.?"
    r"|([A-Z][a-z]{2,8})\.?\s+(\d{1,2})(?:st|nd|rd|th)?)\b"
)
WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
ENGLISH_WEEKDAY = re.compile(
    r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
CHINESE_WEEKDAY = re.compile(r"(?:周|星期)([一二三四五六日天])")
CHINESE_WEEKDAY_NUMBERS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5}
CHINESE_DATE = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
# A day of the month alone ("8日"): the last such day up to the report.
CHINESE_DAY = re.compile(r"(?<![\d月])(\d{1,2})\s*日")
# Days named relative to the report.
CHINESE_RELATIVE_DAYS = {"昨天": 1, "昨日": 1, "前天": 2}
# Numbers in Chinese characters ("一千八百", "三百"); led by a digit
# character and holding a scale, so that "一些", "千万" are left alone.
CHINESE_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
CHINESE_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_NUMBER = re.compile(
    r"[一二两三四五六七八九][零一二两三四五六七八九十百千]*"
    r"[十百千万亿]+[零一二两三四五六七八九十百千]*"
)
# Names quoted in Chinese: a product, a species, a journal, a law.
CHINESE_QUOTED = re.compile(r"[“「《]([^”」》]{2,12})[”」》]")
YEAR_PATTERN = re.compile(r"^(1[5-9]|20)\d\d$")
# What follows a year: in Chinese, 年 ("1897年"); any other Chinese character
# makes it a measure ("1800米").
YEAR_END = re.compile(r"年|(?![\u2e80-\u9fff])")
# Bigrams so common in Chinese news that sharing them says nothing.
COMMON_CHINESE_BIGRAMS = (
    "表示 一个 我们 他们 进行 没有 这个 这些 以及 已经 可以 目前 其中 对于 由于"
    " 因为 但是 如果 还是 就是 不是 同时 此外 今年 去年 方面 问题 工作 发展 国家"
    " 政府 相关 有关 报道 记者 消息 指出 认为 称为 通过 之后 之前 以来 当天 当地"
    " 时间 今天 昨天 明天 日电 新华 上午 下午 晚上 将在 将于 在此 此次 这次 会议"
    " 人士 官员 方面 一些 很多 许多 所有 成为 作为 包括 来自 来源 进一 一步"
)
CHINESE_STOP_TERMS = set(COMMON_CHINESE_BIGRAMS.split())


def text_facts(text: str, *, reported_on: date) -> dict[str, int]:
    """Return the facts of `text` (summary and body), each with its weight.

    `reported_on` is the day the item was reported, which weekdays count back
    from.

    The MAX_FACTS weightiest are kept, ties broken by the fact itself, so the
    same text always gives the same facts.
    """
    text = unicodedata.normalize("NFKC", text)
    found: dict[str, int] = {}
    for facts in (
        names(text),
        figures(text),
        dates(text, reported_on=reported_on),
        chinese_terms(text),
        chinese_names(text),
        chinese_figures(text),
    ):
        for fact, weight in facts.items():
            found[fact] = max(weight, found.get(fact, 0))
    kept = sorted(found.items(), key=lambda pair: (-pair[1], pair[0]))[:MAX_FACTS]
    return dict(kept)


def names(text: str) -> dict[str, int]:
    """Return the words and neighbouring pairs of capitalised runs."""
    lower_words = set(re.findall(r"\b[a-z][\w’'\-]*", text))
    found = {}
    for run in NAME_RUN.findall(text):
        words = [
            word
            for word in re.split(r"\s+", run)
            if word[:1].isupper()
            and word.casefold() not in NOT_NAMES
            and word.casefold() not in lower_words
            and not word.isdigit()
        ]
        folded = [tokens.normalise(word).strip("’'-") for word in words]
        for word in folded:
            if len(word) > 1:
                found[f"n:{word}"] = NAME_WORD
        for first, second in zip(folded, folded[1:], strict=False):
            found[f"p:{first} {second}"] = NAME_PAIR
    return found


def figures(text: str) -> dict[str, int]:
    """Return the numbers of `text`, scale and unit folded into the value."""
    found = {}
    for match in FIGURE_PATTERN.finditer(text):
        whole, fraction, unit, short_scale = match.groups()
        unit = unit or short_scale
        digits = whole.replace(",", "") + (fraction or "")
        try:
            value = Decimal(digits)
        except InvalidOperation:
            continue
        unit = (unit or "").casefold()
        if unit in PERCENT:
            found[f"%:{value.normalize():f}"] = FIGURE
            continue
        if unit in SCALES:
            value *= SCALES[unit]
        elif (
            not fraction
            and YEAR_PATTERN.match(whole)
            and YEAR_END.match(text, match.end())
        ):
            found[f"y:{digits}"] = YEAR
            continue
        if value < 10 and not fraction:
            continue  # "two", "3 people": too common to tell stories apart
        # By value alone, so the same fact weighs the same in every text.
        weight = SMALL_FIGURE if value < 100 and not fraction else FIGURE
        found[f"#:{value.normalize():f}"] = weight
    return found


def dates(text: str, *, reported_on: date) -> dict[str, int]:
    """Return the days of the year `text` names, as month-day.

    A weekday is the last such day up to `reported_on`: news says "on
    Tuesday" of the week it reports; so is a day of the month alone ("8日").
    """
    weekdays = [WEEKDAYS[name.casefold()] for name in ENGLISH_WEEKDAY.findall(text)]
    weekdays += [
        CHINESE_WEEKDAY_NUMBERS.get(name, 6) for name in CHINESE_WEEKDAY.findall(text)
    ]
    found = {}
    for weekday in weekdays:
        day = reported_on - timedelta(days=(reported_on.weekday() - weekday) % 7)
        found[f"d:{day.month:02}-{day.day:02}"] = DATE
    for match in ENGLISH_DATE.finditer(text):
        day_first, month_second, month_first, day_second = match.groups()
        day, month = day_first or day_second, month_second or month_first
        number = MONTHS.get(month.casefold())
        if number is not None and 1 <= int(day) <= 31:
            found[f"d:{number:02}-{int(day):02}"] = DATE
    for name, back in CHINESE_RELATIVE_DAYS.items():
        if name in text:
            day = reported_on - timedelta(days=back)
            found[f"d:{day.month:02}-{day.day:02}"] = DATE
    for number in CHINESE_DAY.findall(text):
        if 1 <= int(number) <= 31:
            day = last_day_of_month_numbered(int(number), reported_on)
            found[f"d:{day.month:02}-{day.day:02}"] = DATE
    for month, day in CHINESE_DATE.findall(text):
        if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
            found[f"d:{int(month):02}-{int(day):02}"] = DATE
    return found


def chinese_terms(text: str) -> dict[str, int]:
    """Return the bigrams a Chinese text repeats CHINESE_TERM_REPEATS times,
    less the everyday ones.

    Names in Chinese have no capitals to find them by; a news text repeats
    the names it is about, and sharing a repeated bigram with another text
    is rarely chance.
    """
    counts = Counter(tokens.cjk_terms(tokens.normalise(text)))
    return {
        f"c:{term}": CHINESE_TERM
        for term, count in counts.items()
        if count >= CHINESE_TERM_REPEATS
        and len(term) == 2
        and term not in CHINESE_STOP_TERMS
    }


def last_day_of_month_numbered(number: int, reported_on: date) -> date:
    """Return the last day numbered `number` up to `reported_on`."""
    day = reported_on
    while day.day != number:
        day -= timedelta(days=1)
    return day


def chinese_names(text: str) -> dict[str, int]:
    """Return the names a Chinese text quotes: a product, a species, a
    journal. Written the same by every outlet, unlike the words around."""
    found = {}
    for quoted in CHINESE_QUOTED.findall(text):
        found[f"c:{tokens.normalise(quoted)}"] = CHINESE_NAME
    return found


def chinese_figures(text: str) -> dict[str, int]:
    """Return the numbers written in Chinese characters, as figures."""
    found = {}
    for written in CHINESE_NUMBER.findall(text):
        value = chinese_number(written)
        if value >= 100:
            found[f"#:{value}"] = FIGURE
    return found


def chinese_number(written: str) -> int:
    """Return the value of a number in Chinese characters ("一千八百")."""
    total = section = digit = 0
    for character in written:
        if character in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[character]
        elif character in CHINESE_UNITS:
            section += (digit or 1) * CHINESE_UNITS[character]
            digit = 0
        else:  # 万, 亿
            total = (total + section + digit) * SCALES[character]
            section = digit = 0
    return total + section + digit


def fact_key(fact: str) -> int:
    """Return the signed 64-bit hash under which a fact is stored."""
    digest = hashlib.blake2b(fact.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


# Two items report the same event when the facts they share weigh at least
# MIN_SHARED_WEIGHT and at least SHARED_PART of the facts of the item with
# fewer, and when they agree on their figures and dates: they share at
# least one, and at least SHARED_FIGURES_PART of the figures and dates the
# two give between them. Two stories about the same people and places (a
# summit and a protest during it, a title and the parade for it) share
# names and perhaps a date, but each has numbers of its own. Tuned on the
# labelled set (tests/dedup_set, `make bench-dedup`).
MIN_SHARED_WEIGHT = 5
SHARED_PART = 0.4
SHARED_FIGURES_PART = 0.2
# Kinds of fact that are figures or dates, by their prefix.
FIGURE_KINDS = ("#:", "%:", "d:")


def is_figure(fact: str) -> bool:
    """Say whether a fact is a figure or a date, rather than a name."""
    return fact.startswith(FIGURE_KINDS)


def figure_count(found: dict[str, int]) -> int:
    """Return how many of the facts `found` are figures or dates."""
    return sum(1 for fact in found if is_figure(fact))


def same_event(
    *,
    shared_weight: int,
    shared_figures: int,
    weight: int,
    other_weight: int,
    figures: int,
    other_figures: int,
) -> bool:
    """Say whether two items report one event.

    They share facts of `shared_weight`, of which `shared_figures` are
    figures or dates; their facts weigh `weight` and `other_weight`, and
    `figures` and `other_figures` of them are figures or dates.
    """
    figures_given = figures + other_figures - shared_figures
    return (
        shared_weight >= MIN_SHARED_WEIGHT
        and shared_weight >= SHARED_PART * min(weight, other_weight)
        and shared_figures >= 1
        and shared_figures >= SHARED_FIGURES_PART * figures_given
    )
