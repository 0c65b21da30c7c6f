"""The seed story, as the scraped page in shared/seeds/000_59e48475d00603bb.txt has it.

The headline is given once (the scrape repeated it three times) and the body
keeps the page's five paragraphs word for word, including its in-text credit
"As reported by The New York Times". The summary is ours. The page's
"Read Chinese Version" link and its disclaimer belong to the site's
templates, not to the story.

The Simplified Chinese version (`*_ZH_HANS`) is a faithful translation by
hand, paragraph for paragraph; the demo publishes it through the translation
services like a translator's.
"""

from datetime import UTC, datetime

SLUG = "high-stakes-in-the-hague-nato-navigates-trumps-return-and-a-reshaping-alliance"

TITLE = (
    "High Stakes in The Hague: NATO Navigates Trump’s Return and a Reshaping Alliance"
)

SUMMARY = (
    "NATO leaders meet in The Hague for the first summit of Donald Trump’s second "
    "term, expected to agree higher defence spending under Mark Rutte, a day after "
    "the EU and Canada signed a defence pact to depend less on Washington."
)

PARAGRAPHS = (
    (
        "As global leaders converge in The Hague today for a pivotal NATO summit, all "
        "eyes are on the alliance’s future amidst unprecedented challenges and a "
        "familiar, yet complicated, presence: US President Donald Trump."
    ),
    (
        "This gathering marks the first summit of President Trump’s second term, a "
        "period many observers anticipated with a mix of apprehension and strategic "
        "recalculation across European capitals. His historical criticisms of NATO "
        "members as “freeloaders” and his “America First” foreign policy have "
        "consistently strained transatlantic ties, pushing the alliance to re-evaluate"
        " its foundational dynamics."
    ),
    (
        "A central tenet of today’s discussions is expected to be a significant "
        "increase in defense spending. This potential agreement comes after intense, "
        "delicate negotiations spearheaded by the alliance’s new Secretary General, "
        "Mark Rutte. Rutte’s leadership is seen as crucial in steering NATO through an"
        " era demanding greater financial commitment from its members, especially in "
        "light of ongoing global security concerns."
    ),
    (
        "In a clear signal of the evolving geopolitical landscape and a perceived need"
        " for greater European autonomy, a notable development occurred yesterday: the"
        " European Union and Canada formally inked a new defense partnership. As "
        "reported by The New York Times, this agreement aims to reduce their "
        "collective reliance on a United States described as “increasingly "
        "capricious,” underscoring a broader push for diversified security "
        "arrangements within the Western bloc. This bilateral pact highlights the "
        "strategic recalibration underway as nations adapt to a more unpredictable "
        "international environment."
    ),
    (
        "The Hague summit is thus more than just a routine meeting; it’s a critical "
        "juncture for NATO, determining its cohesion, financial viability, and "
        "strategic direction in a world profoundly shaped by shifting alliances and "
        "renewed geopolitical tensions."
    ),
)

BODY_HTML = "\n".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)

TITLE_ZH_HANS = "高风险的海牙峰会：北约应对特朗普回归与联盟重塑"

SUMMARY_ZH_HANS = (
    "北约领导人齐聚海牙，出席唐纳德·特朗普第二任期内的首次峰会，预计将在马克·吕特"
    "的主导下就提高国防开支达成一致；就在前一天，欧盟与加拿大签署了一项防务协议，"
    "以减少对华盛顿的依赖。"
)

PARAGRAPHS_ZH_HANS = (
    (
        "今天，全球领导人齐聚海牙，出席一场关键的北约峰会。在前所未有的挑战面前，"
        "在一位熟悉而又复杂的人物——美国总统唐纳德·特朗普——的身影之下，各方目光"
        "都聚焦于这一联盟的未来。"
    ),
    (
        "这是特朗普总统第二任期内的首次北约峰会。许多观察人士预计，这一时期欧洲各国"
        "首都将既心怀忧虑，又重新进行战略盘算。他过去曾批评北约成员国“搭便车”，"
        "加之奉行“美国优先”的外交政策，一直令跨大西洋关系承压，促使联盟重新审视其"
        "根本运作方式。"
    ),
    (
        "预计今天讨论的核心议题之一是大幅增加国防开支。这一潜在协议此前经历了由联盟"
        "新任秘书长马克·吕特主导的紧张而微妙的谈判。在一个要求成员国作出更大财政"
        "承诺的时代，尤其是在全球安全问题持续存在的背景下，吕特的领导被视为引领北约"
        "前行的关键。"
    ),
    (
        "昨天发生的一项重要进展，清楚地表明了地缘政治格局的演变，以及人们对欧洲更大"
        "自主权的需求：欧盟与加拿大正式签署了一项新的防务伙伴关系协议。据《纽约时报》"
        "报道，该协议旨在减少双方对一个被形容为“愈发反复无常”的美国的共同依赖，凸显"
        "出西方阵营内部推动安全安排多元化的更广泛努力。这一双边协定表明，在国际环境"
        "愈加难以预测之际，各国正在进行战略上的重新调整。"
    ),
    (
        "因此，海牙峰会绝不只是一次例行会议；对北约而言，这是一个关键时刻，将决定其"
        "凝聚力、财政可持续性和战略方向——而这个世界正被不断变化的联盟关系和再度升温"
        "的地缘政治紧张局势深刻塑造。"
    ),
)

BODY_HTML_ZH_HANS = "\n".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS_ZH_HANS)

BYLINE = "World Brief staff, from reporting by The New York Times"
BYLINE_ZH_HANS = "World Brief 编辑部综合《纽约时报》报道"

CATEGORY_SLUG = "world"

SOURCE_SLUG = "the-new-york-times"

ORIGINAL_URL = (
    "https://www.nytimes.com/2025/06/24/world/europe/nato-summit-hague-trump.html"
)

ORIGINAL_PUBLISHED_AT = datetime(2025, 6, 24, 8, 0, tzinfo=UTC)

HERO_ALT_TEXT = (
    "A breathtaking view of the Gaustatoppen transmitter tower against a blue sky, "
    "ideal for travel and nature enthusiasts."
)

HERO_CAPTION = (
    "The transmitter tower on Gaustatoppen, in Telemark, Norway. A drawing "
    "stands in for the original photograph."
)

HERO_ALT_TEXT_ZH_HANS = (
    "高斯塔山（Gaustatoppen）发射塔在蓝天映衬下的壮丽景色，适合旅行和自然爱好者。"
)

HERO_CAPTION_ZH_HANS = "挪威泰勒马克郡高斯塔山上的发射塔。此处以绘图代替原照片。"

HERO_CREDIT = "World Brief (illustration)"
HERO_CREDIT_ZH_HANS = "World Brief（插图）"
