"""News-like text made from word lists: headlines, summaries and bodies.

Everything is drawn from the `random.Random` the caller passes in, so the
same seed always gives the same text. The text is plain ASCII with no
characters that HTML must escape, so a body's length in characters is its
length in bytes, before and after sanitising.
"""

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Vocabulary:
    """The words a story of one category is written with."""

    actors: tuple[str, ...]
    topics: tuple[str, ...]
    places: tuple[str, ...]


GENERAL_PLACES = (
    "Brussels", "Nairobi", "Jakarta", "Lima", "Warsaw", "Seoul", "Lagos",
    "Ottawa", "Canberra", "Mexico City", "Istanbul", "Johannesburg", "Oslo",
    "Manila", "Buenos Aires", "Hanoi", "Madrid", "Dhaka", "Vienna", "Accra",
)  # fmt: skip

VOCABULARIES = {
    "world": Vocabulary(
        actors=(
            "foreign ministers",
            "the United Nations",
            "regional leaders",
            "diplomats",
            "the African Union",
            "aid agencies",
            "envoys",
            "the European Commission",
            "border officials",
            "peace negotiators",
        ),
        topics=(
            "the ceasefire talks",
            "the refugee corridor",
            "the border dispute",
            "the grain export deal",
            "the sanctions package",
            "the peacekeeping mission",
            "the prisoner exchange",
            "the humanitarian appeal",
            "the trade route",
            "the summit agenda",
        ),
        places=GENERAL_PLACES,
    ),
    "politics": Vocabulary(
        actors=(
            "the governing coalition",
            "opposition leaders",
            "the finance minister",
            "parliament",
            "the electoral commission",
            "party officials",
            "the prime minister",
            "the constitutional court",
            "senators",
            "local councils",
        ),
        topics=(
            "the budget vote",
            "the pension reform",
            "the snap election",
            "the housing bill",
            "the coalition agreement",
            "the voting reform",
            "the anti-corruption law",
            "the regional autonomy plan",
            "the public sector pay deal",
            "the campaign finance rules",
        ),
        places=GENERAL_PLACES,
    ),
    "business": Vocabulary(
        actors=(
            "the central bank",
            "investors",
            "shipping companies",
            "retailers",
            "the competition regulator",
            "carmakers",
            "airlines",
            "small businesses",
            "bond traders",
            "the largest lenders",
        ),
        topics=(
            "interest rates",
            "the merger",
            "quarterly earnings",
            "the steel tariffs",
            "consumer spending",
            "the shipping backlog",
            "the bond sale",
            "the minimum wage",
            "fuel prices",
            "the pension fund rules",
        ),
        places=GENERAL_PLACES,
    ),
    "technology": Vocabulary(
        actors=(
            "chipmakers",
            "the data protection authority",
            "app developers",
            "telecom operators",
            "start-up founders",
            "software engineers",
            "the largest platforms",
            "security researchers",
            "cloud providers",
            "device makers",
        ),
        topics=(
            "the chip export rules",
            "the encryption law",
            "the satellite network",
            "the app store fees",
            "the data centre expansion",
            "the battery supply chain",
            "the online safety rules",
            "the open source licence",
            "the fibre roll-out",
            "the software update",
        ),
        places=GENERAL_PLACES,
    ),
    "science": Vocabulary(
        actors=(
            "astronomers",
            "marine biologists",
            "the space agency",
            "geneticists",
            "public health researchers",
            "physicists",
            "the research council",
            "archaeologists",
            "vaccine developers",
            "university laboratories",
        ),
        topics=(
            "the lunar lander",
            "the deep-sea survey",
            "the malaria trial",
            "the particle detector",
            "the fossil find",
            "the gene therapy",
            "the telescope data",
            "the antibiotic study",
            "the ice core samples",
            "the clinical results",
        ),
        places=GENERAL_PLACES,
    ),
    "climate": Vocabulary(
        actors=(
            "climate negotiators",
            "energy ministers",
            "farmers",
            "coastal towns",
            "the weather service",
            "wind farm operators",
            "conservation groups",
            "city planners",
            "insurers",
            "forestry officials",
        ),
        topics=(
            "the emissions target",
            "the heatwave",
            "the flood defences",
            "the carbon price",
            "the drought plan",
            "the solar subsidy",
            "the coal phase-out",
            "the reforestation scheme",
            "the methane pledge",
            "the water rationing",
        ),
        places=GENERAL_PLACES,
    ),
}

EXPERTS = (
    "an economist at a university in {place}", "a senior analyst",
    "a former official", "a researcher who studies the region",
    "a spokesperson for the ministry", "a policy adviser in {place}",
    "a union representative", "an industry consultant",
)  # fmt: skip

PRESSURES = (
    "costs climb", "pressure mounts", "talks stall", "a deadline nears",
    "doubts grow", "protests spread", "support slips", "demand rebounds",
)  # fmt: skip

PRESSURES_PAST = (
    "costs climbed", "pressure mounted", "talks stalled", "a deadline passed",
    "doubts grew", "protests spread", "support slipped", "demand rebounded",
)  # fmt: skip

OUTCOMES = (
    "take months to settle", "reshape the market", "face a legal challenge",
    "be revised before the end of the year", "win broad support",
    "need further funding", "be delayed again", "set a precedent",
    "change little in the short term", "depend on the next round of talks",
)  # fmt: skip

# Headlines use "X to review Y": it reads the same after a singular or a
# plural actor, so no template needs to know which it has.
VERBS = (
    "review", "delay", "back", "reject", "expand", "question", "defend",
    "revive", "tighten", "rethink",
)  # fmt: skip

SAID_VERBS = ("said", "told reporters", "argued", "warned", "noted", "added")

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip

CONNECTIVES = ("However, ", "Meanwhile, ", "At the same time, ", "For now, ")

HEADLINE_TEMPLATES = (
    "{Actor} to {verb} {topic} as {pressure}",
    "{Place} braces for {topic} as {pressure}",
    "What {topic} could mean for {place}",
    "{Actor} and {other_actor} split over {topic}",
    "Inside the fight over {topic} in {place}",
    "{Actor} to {verb} {topic} after {number} weeks of talks",
    "Why {topic} could matter beyond {place}",
    "{Actor} in {place} set to {verb} {topic}",
)  # fmt: skip

# Sentences put actors and topics only where English verbs do not agree with
# them (past tense, objects), because a slot may be singular or plural.
SENTENCE_TEMPLATES = (
    "{Actor} in {place} {said} on {weekday} that {topic} would {outcome}.",
    "The decision follows {number} weeks of negotiations between {actor} and "
    "{other_actor}, who disagree on how quickly {topic} should move forward.",
    "According to figures published in {month}, support for {topic} has "
    "fallen by {percent} percent since the start of the year.",
    "{Expert} {said} that the timing of {topic} could {outcome}.",
    "Few expect {topic} to {outcome}, but {actor} began preparing for that "
    "possibility in {month}.",
    "Critics said {actor} moved too slowly, and that {topic} should have "
    "been settled before {pressure_past}.",
    "{Actor} promised a detailed review of {topic} by the end of {month}.",
    "In {place}, where many follow {topic} closely, {other_actor} {said} "
    "that the plan left important questions unanswered.",
    "Officials estimate that about {number} thousand people could be affected "
    "by {topic} over the coming months.",
    "Asked whether {topic} would {outcome}, {expert} declined to give a date.",
    "The proposal is the latest in a series of steps taken by {actor} since "
    "{month}, when {pressure_past} for the first time.",
    "{Other_actor} asked for more time to study {topic}, a request that "
    "{actor} agreed to consider next week.",
    "Documents seen by reporters suggest that officials discussed {topic} at "
    "length at a meeting in {place} on {weekday}.",
    "The cost of {topic} is put at roughly {number} million dollars, a figure "
    "{other_actor} called too low.",
    "{Expert} {said} that {actor} now faced a choice between speed and "
    "caution.",
    "The outcome is likely to shape the approach of {other_actor} to {topic} "
    "for years to come.",
    "Speaking in {place}, {expert} {said} that {topic} had drawn more "
    "attention than expected.",
    "{Actor} did not respond to a request for comment on {weekday}.",
    "The debate over {topic} has divided {other_actor} for much of the year.",
    "Earlier drafts of the plan, circulated in {month}, set out {number} "
    "separate measures.",
    "Polls taken in {place} show a narrow majority in favour of moving ahead "
    "with {topic}.",
)  # fmt: skip

SUBHEADING_TEMPLATES = (
    "What happens next",
    "The view from {place}",
    "A question of cost",
    "Who is affected",
    "How {topic} took shape",
)  # fmt: skip


def capitalise(text: str) -> str:
    """Return `text` with its first character in upper case, the rest kept."""
    return text[:1].upper() + text[1:]


# The slots that are filled with one word or phrase from a list.
WORD_LISTS = {
    "pressure": PRESSURES,
    "pressure_past": PRESSURES_PAST,
    "outcome": OUTCOMES,
    "verb": VERBS,
    "said": SAID_VERBS,
    "weekday": WEEKDAYS,
    "month": MONTHS,
}


class Slots(dict):
    """The fillings of one template's slots, each drawn when first asked for.

    Use with `str.format_map`. Drawing only what a template uses keeps bulk
    generation fast, and the draws follow the template's order, so the text
    is still the same for the same seed. A capitalised slot ("Actor") is the
    lower-case one with a capital letter.
    """

    def __init__(self, rng: random.Random, vocabulary: Vocabulary):
        super().__init__()
        self.rng = rng
        self.vocabulary = vocabulary

    def __missing__(self, key: str) -> str:
        rng = self.rng
        if key[0].isupper():
            value = capitalise(self[key.lower()])
        elif key in ("actor", "other_actor"):
            # Drawn together, so that "X and Y" never names one actor twice.
            self["actor"], self["other_actor"] = rng.sample(self.vocabulary.actors, 2)
            return self[key]
        elif key == "topic":
            value = rng.choice(self.vocabulary.topics)
        elif key == "place":
            value = rng.choice(self.vocabulary.places)
        elif key == "expert":
            value = rng.choice(EXPERTS).format(place=rng.choice(self.vocabulary.places))
        elif key == "number":
            value = str(rng.randint(2, 60))
        elif key == "percent":
            value = str(rng.randint(3, 40))
        else:
            value = rng.choice(WORD_LISTS[key])
        self[key] = value
        return value


class NewsWriter:
    """Write headlines, summaries and bodies for one category.

    `rng` decides every word; two writers with equally seeded generators
    write the same story.
    """

    def __init__(self, rng: random.Random, vocabulary: Vocabulary):
        self.rng = rng
        self.vocabulary = vocabulary

    def fill(self, template: str) -> str:
        """Return `template` with its slots filled."""
        return template.format_map(Slots(self.rng, self.vocabulary))

    def headline(self) -> str:
        """Return a headline in sentence case, without a full stop."""
        return capitalise(self.fill(self.rng.choice(HEADLINE_TEMPLATES)))

    def sentence(self) -> str:
        """Return one sentence, sometimes opened by a connective."""
        sentence = self.fill(self.rng.choice(SENTENCE_TEMPLATES))
        if self.rng.random() < 0.2:
            sentence = self.rng.choice(CONNECTIVES) + sentence[0].lower() + sentence[1:]
        return sentence

    def summary(self, max_length: int = 300) -> str:
        """Return a standfirst of one or two sentences, at most `max_length` long."""
        summary = self.sentence()
        while len(summary) > max_length:
            summary = self.sentence()
        second = self.sentence()
        if len(summary) + 1 + len(second) <= max_length:
            summary = f"{summary} {second}"
        return summary

    def paragraph(self) -> str:
        """Return a paragraph of three to six sentences, as plain text."""
        count = self.rng.randint(3, 6)
        return " ".join(self.sentence() for _ in range(count))

    def body_html(self, *, min_length: int, max_length: int) -> str:
        """Return `<p>` paragraphs, with an occasional `<h2>`, as HTML.

        The result is between `min_length` and `max_length` characters long;
        the range must be wider than the longest paragraph (about 1,500).
        """
        if max_length - min_length < 2000:
            raise ValueError("The length range is too narrow for whole paragraphs.")
        # Stop adding paragraphs at a random point well inside the range, so
        # the last paragraph cannot overshoot it.
        target = self.rng.randint(min_length, max_length - 1600)
        blocks = []
        length = -1  # "\n".join adds one character fewer than there are blocks.
        while length < target:
            if blocks and self.rng.random() < 0.12:
                heading = self.fill(self.rng.choice(SUBHEADING_TEMPLATES))
                blocks.append(f"<h2>{heading}</h2>")
                length += len(blocks[-1]) + 1
            blocks.append(f"<p>{self.paragraph()}</p>")
            length += len(blocks[-1]) + 1
        return "\n".join(blocks)


# Chinese benchmark text: sentences built from phrase lists, so that common
# two-character words (北约, 峰会, 利率, …) recur across stories as they do in
# real news, and search has both frequent and rare terms to find.
CHINESE_ACTORS = (
    "北约", "联合国", "外交部长", "地区领导人", "欧盟委员会", "央行", "投资者",
    "航运公司", "议会", "总理", "选举委员会", "科技公司", "研究人员", "卫生部门",
    "气象部门", "球队教练", "地方政府", "工会", "外交官", "监管机构",
)  # fmt: skip
CHINESE_TOPICS = (
    "峰会", "停火谈判", "难民通道", "边境争端", "粮食出口协议", "制裁方案",
    "维和任务", "利率", "并购案", "季度盈利", "钢铁关税", "消费支出", "预算投票",
    "养老金改革", "提前选举", "住房法案", "数据保护规则", "芯片出口", "疫苗接种",
    "洪水预警", "决赛", "转会窗口", "电网升级", "港口罢工",
)  # fmt: skip
CHINESE_PLACES = (
    "布鲁塞尔", "内罗毕", "雅加达", "利马", "华沙", "首尔", "拉各斯", "渥太华",
    "堪培拉", "墨西哥城", "伊斯坦布尔", "约翰内斯堡", "奥斯陆", "马尼拉",
    "布宜诺斯艾利斯", "河内", "马德里", "达卡", "维也纳", "阿克拉",
)  # fmt: skip
CHINESE_VERBS = (
    "讨论", "宣布", "推迟", "批准", "反对", "审议", "支持", "回应", "调查", "评估",
)  # fmt: skip
CHINESE_ASIDES = (
    "据知情人士透露，", "周二，", "分析人士认为，", "在经过数小时的会谈后，",
    "与此前的预期不同，", "消息公布后，", "据官方声明，", "", "", "",
)  # fmt: skip


class ChineseNewsWriter:
    """Chinese headlines, summaries and bodies drawn from `rng`."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def clause(self) -> str:
        choice = self.rng.choice
        return (
            f"{choice(CHINESE_ACTORS)}在{choice(CHINESE_PLACES)}"
            f"{choice(CHINESE_VERBS)}{choice(CHINESE_TOPICS)}"
        )

    def headline(self) -> str:
        return self.clause()

    def sentence(self) -> str:
        return f"{self.rng.choice(CHINESE_ASIDES)}{self.clause()}。"

    def summary(self) -> str:
        return "".join(self.sentence() for _ in range(2))

    def body_html(self, *, min_length: int, max_length: int) -> str:
        """Return paragraphs whose text is between the two lengths (characters)."""
        target = self.rng.randint(min_length, max_length)
        paragraphs, length = [], 0
        while length < target:
            paragraph = "".join(self.sentence() for _ in range(self.rng.randint(3, 6)))
            paragraphs.append(f"<p>{paragraph}</p>")
            length += len(paragraph)
        return "\n".join(paragraphs)
