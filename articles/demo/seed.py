"""The seed story, as the scraped page in shared/seeds/000_59e48475d00603bb.txt has it.

The headline is given once (the scrape repeated it three times) and the body
keeps the page's five paragraphs word for word, including its in-text credit
"As reported by The New York Times". The summary is ours. The page's
"Read Chinese Version" link and its disclaimer belong to the site's
templates, not to the story.
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

BYLINE = "World Brief staff, from reporting by The New York Times"

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

HERO_CREDIT = "World Brief (illustration)"
