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

    def cast(self, rng: random.Random) -> "Vocabulary":
        """Return the few actors, topics and places one story is about.

        A news story follows one subject: its topic and place recur from
        headline to last paragraph, and most of the vocabulary never
        appears in it. So a topic word is in a few percent of stories, as
        in real news, not in every story of its category.
        """
        return Vocabulary(
            actors=tuple(rng.sample(self.actors, 3)),
            topics=tuple(rng.sample(self.topics, 2)),
            places=tuple(rng.sample(self.places, 2)),
        )


GENERAL_PLACES = (
    "Brussels", "Nairobi", "Jakarta", "Lima", "Warsaw", "Seoul", "Lagos",
    "Ottawa", "Canberra", "Mexico City", "Istanbul", "Johannesburg", "Oslo",
    "Manila", "Buenos Aires", "Hanoi", "Madrid", "Dhaka", "Vienna", "Accra",
    "Cairo", "Bangkok", "New Delhi", "Mumbai", "Karachi", "Riyadh", "Doha",
    "Ankara", "Kyiv", "Berlin", "Paris", "London", "Rome", "Lisbon", "Athens",
    "Prague", "Budapest", "Stockholm", "Helsinki", "Copenhagen", "Dublin",
    "Geneva", "Tokyo", "Osaka", "Singapore", "Kuala Lumpur", "Sydney",
    "Auckland", "Sao Paulo", "Santiago", "Bogota", "Caracas", "Havana",
    "Toronto", "Vancouver", "Chicago", "Houston", "Addis Ababa", "Dakar",
    "Kinshasa", "Abuja", "Dar es Salaam", "Kampala", "Ulaanbaatar", "Tashkent",
    "Almaty", "Tbilisi", "Beirut", "Amman", "Casablanca", "Tunis", "Montevideo",
    "Quito", "Colombo", "Kathmandu", "Taipei", "Wellington", "Reykjavik",
    "Bucharest", "Zagreb",
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
            "the Red Cross",
            "the World Bank",
            "NATO officials",
            "election monitors",
            "coastguard commanders",
            "the Security Council",
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
            "the arms embargo",
            "the evacuation plan",
            "the hostage talks",
            "the water-sharing treaty",
            "the debt relief plan",
            "the election observers",
            "the maritime boundary",
            "the visa agreement",
            "the food aid convoy",
            "the mine clearance",
            "the embassy closure",
            "the migration pact",
            "the reconstruction fund",
            "the war crimes inquiry",
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
            "the interior minister",
            "the speaker",
            "the health minister",
            "regional governors",
            "the supreme court",
            "campaign staff",
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
            "the school funding plan",
            "the police reform",
            "the tax overhaul",
            "the no-confidence motion",
            "the immigration bill",
            "the referendum",
            "the minimum pension",
            "the lobbying register",
            "the judicial appointments",
            "the party leadership race",
            "the rent cap",
            "the civil service cuts",
            "the transport strike",
            "the defence budget",
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
            "pension funds",
            "hedge funds",
            "supermarket chains",
            "exporters",
            "the stock exchange",
            "insurance groups",
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
            "the takeover bid",
            "the profit warning",
            "the dividend cut",
            "the currency slide",
            "the share buyback",
            "the inflation figures",
            "the trade surplus",
            "the rail franchise",
            "the copper price",
            "the mortgage rules",
            "the job cuts",
            "the airline bailout",
            "the fertiliser shortage",
            "the property slump",
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
            "the antitrust regulator",
            "chip designers",
            "streaming services",
            "ride-hailing firms",
            "games studios",
            "satellite operators",
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
            "the facial recognition ban",
            "the quantum computer",
            "the cable outage",
            "the ransomware attack",
            "the age verification rules",
            "the spectrum auction",
            "the robotaxi trial",
            "the cloud contract",
            "the smartphone recall",
            "the artificial intelligence act",
            "the password leak",
            "the semiconductor plant",
            "the digital tax",
            "the undersea cable",
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
            "oceanographers",
            "neuroscientists",
            "the observatory",
            "the national academy",
            "seismologists",
            "botanists",
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
            "the comet flyby",
            "the coral bleaching study",
            "the brain implant",
            "the asteroid sample",
            "the measles outbreak",
            "the earthquake forecast",
            "the Mars rover",
            "the bird flu tracking",
            "the dinosaur tracks",
            "the dementia drug",
            "the solar storm",
            "the seed vault",
            "the cancer screening",
            "the gravitational waves",
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
            "hydrologists",
            "glacier scientists",
            "fishing communities",
            "the environment agency",
            "utility companies",
            "mayors",
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
            "the wildfire season",
            "the plastic ban",
            "the sea wall",
            "the electric bus fleet",
            "the peatland restoration",
            "the heat pump grants",
            "the river clean-up",
            "the cyclone warning",
            "the glacier retreat",
            "the green bond",
            "the nuclear plant extension",
            "the air quality rules",
            "the wetland protection",
            "the storm surge barrier",
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
    """Write the headline, summary and body of one story of one category.

    The writer draws the story's subject (`Vocabulary.cast`) from
    `vocabulary` when created. `rng` decides every word; two writers with
    equally seeded generators write the same story.
    """

    def __init__(self, rng: random.Random, vocabulary: Vocabulary):
        self.rng = rng
        self.vocabulary = vocabulary.cast(rng)

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


# Chinese benchmark text, written like the English: each story draws its
# subject (two or three actors, two topics, two places) from long phrase
# lists and keeps to it, so a two-character word such as 北约, 峰会 or 利率
# is in a few percent of stories, not in most of them.
CHINESE_ACTORS = (
    "北约", "联合国", "外交部长", "地区领导人", "欧盟委员会", "央行", "投资者",
    "航运公司", "议会", "总理", "选举委员会", "科技公司", "研究人员", "卫生部门",
    "气象部门", "球队教练", "地方政府", "工会", "外交官", "监管机构",
    "非洲联盟", "世界银行", "红十字会", "反对党领袖", "财政部长", "宪法法院",
    "零售商", "汽车制造商", "航空公司", "中小企业", "债券交易员", "芯片制造商",
    "数据保护机构", "电信运营商", "天文学家", "海洋生物学家", "航天局",
    "疫苗研发人员", "农民", "保险公司", "城市规划者", "能源部长", "养老基金",
    "证券交易所", "环保组织", "移民官员", "警方", "教师工会",
)  # fmt: skip
CHINESE_TOPICS = (
    "峰会", "停火谈判", "难民通道", "边境争端", "粮食出口协议", "制裁方案",
    "维和任务", "利率", "并购案", "季度盈利", "钢铁关税", "消费支出", "预算投票",
    "养老金改革", "提前选举", "住房法案", "数据保护规则", "芯片出口", "疫苗接种",
    "洪水预警", "决赛", "转会窗口", "电网升级", "港口罢工", "武器禁运",
    "撤侨计划", "人质谈判", "债务减免", "海上边界", "签证协议", "移民协定",
    "重建基金", "税制改革", "不信任动议", "移民法案", "全民公投", "租金上限",
    "国防预算", "收购要约", "股息削减", "汇率下跌", "通胀数据", "贸易顺差",
    "抵押贷款规定", "裁员计划", "化肥短缺", "房地产低迷", "人脸识别禁令",
    "量子计算机", "勒索软件攻击", "频谱拍卖", "无人驾驶出租车试点", "数字税",
    "海底电缆", "彗星飞掠", "珊瑚白化研究", "脑机接口", "麻疹疫情", "地震预报",
    "太阳风暴", "癌症筛查", "山火季节", "塑料禁令", "防波堤", "电动公交车队",
    "热泵补贴", "河流治理", "台风预警", "冰川退缩", "绿色债券", "空气质量标准",
)  # fmt: skip
CHINESE_PLACES = (
    "布鲁塞尔", "内罗毕", "雅加达", "利马", "华沙", "首尔", "拉各斯", "渥太华",
    "堪培拉", "墨西哥城", "伊斯坦布尔", "约翰内斯堡", "奥斯陆", "马尼拉",
    "布宜诺斯艾利斯", "河内", "马德里", "达卡", "维也纳", "阿克拉", "开罗",
    "曼谷", "新德里", "孟买", "卡拉奇", "利雅得", "多哈", "安卡拉", "基辅",
    "柏林", "巴黎", "伦敦", "罗马", "里斯本", "雅典", "布拉格", "布达佩斯",
    "斯德哥尔摩", "赫尔辛基", "哥本哈根", "都柏林", "日内瓦", "东京", "大阪",
    "新加坡", "吉隆坡", "悉尼", "奥克兰", "圣保罗", "波哥大", "加拉加斯",
    "哈瓦那", "多伦多", "温哥华", "芝加哥", "休斯敦", "亚的斯亚贝巴", "达喀尔",
    "金沙萨", "阿布贾", "坎帕拉", "乌兰巴托", "塔什干", "阿拉木图", "第比利斯",
    "贝鲁特", "安曼", "卡萨布兰卡", "突尼斯", "蒙得维的亚", "基多", "科伦坡",
    "加德满都", "惠灵顿", "雷克雅未克", "布加勒斯特", "萨格勒布",
)  # fmt: skip
CHINESE_VERBS = (
    "讨论", "宣布", "推迟", "批准", "反对", "审议", "支持", "回应", "调查", "评估",
)  # fmt: skip
CHINESE_ASIDES = (
    "据知情人士透露，", "周二，", "分析人士认为，", "在经过数小时的会谈后，",
    "与此前的预期不同，", "消息公布后，", "据官方声明，", "", "", "",
)  # fmt: skip
# Sentences besides the plain clause; the slots name the story's subject.
CHINESE_SENTENCE_TEMPLATES = (
    "{actor}表示，{topic}可能需要数月才能解决。",
    "据今年{month}月公布的数据，支持{topic}的民众比例下降了{percent}%。",
    "{actor}与{other_actor}在{topic}问题上仍有分歧。",
    "批评人士说，{actor}行动太慢，{topic}早该有结论。",
    "官员估计，未来几个月约有{number}万人可能受到{topic}的影响。",
    "{other_actor}要求更多时间研究{topic}，{actor}表示下周会考虑这一请求。",
    "在{place}，许多人密切关注{topic}的进展。",
    "{topic}的费用估计约为{number}亿美元，{other_actor}认为这一数字偏低。",
    "{actor}周三没有回应置评请求。",
    "{place}的民调显示，多数人支持推进{topic}。",
    "{place}{actor}{topic}引发广泛关注。",
)  # fmt: skip


class ChineseNewsWriter:
    """The Chinese headline, summary and body of one story, drawn from `rng`.

    Like `NewsWriter`, the writer draws the story's subject when created.
    """

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.actors = rng.sample(CHINESE_ACTORS, 3)
        self.topics = rng.sample(CHINESE_TOPICS, 2)
        self.places = rng.sample(CHINESE_PLACES, 2)

    def clause(self) -> str:
        choice = self.rng.choice
        return (
            f"{choice(self.actors)}在{choice(self.places)}"
            f"{choice(CHINESE_VERBS)}{choice(self.topics)}"
        )

    def headline(self) -> str:
        return self.clause()

    def sentence(self) -> str:
        if self.rng.random() < 0.5:
            return f"{self.rng.choice(CHINESE_ASIDES)}{self.clause()}。"
        actor, other_actor = self.rng.sample(self.actors, 2)
        return self.rng.choice(CHINESE_SENTENCE_TEMPLATES).format(
            actor=actor,
            other_actor=other_actor,
            topic=self.rng.choice(self.topics),
            place=self.rng.choice(self.places),
            month=self.rng.randint(1, 12),
            percent=self.rng.randint(3, 40),
            number=self.rng.randint(2, 60),
        )

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
