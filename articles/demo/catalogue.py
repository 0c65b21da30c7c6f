"""The categories and sources that demo and benchmark stories are filed under.

Each has its English and Simplified Chinese name; a source also has its
attribution line in both, so its stories can be published in either.
"""

import random
from dataclasses import dataclass
from datetime import datetime

from django.utils.text import slugify

from articles.models import Category, Source, SourceKind, SourceUsageTerms


@dataclass(frozen=True)
class CategoryEntry:
    slug: str
    name_en: str
    description_en: str
    name_zh_hans: str
    description_zh_hans: str


@dataclass(frozen=True)
class SourceEntry:
    slug: str
    name_en: str
    name_zh_hans: str
    kind: str
    usage_terms: str
    homepage_url: str
    attribution_template_en: str
    attribution_template_zh_hans: str
    # Where the source's articles live: `original_url()` fills in the date,
    # the headline's slug and a number. Empty for our own newsroom.
    url_pattern: str
    terms_note: str = ""

    def original_url(self, *, title: str, published_at: datetime, number: int) -> str:
        """Return a plausible address of this source's article `title`.

        `number` (below 2**40) stands for the source's own article id.
        """
        if not self.url_pattern:
            return ""
        return self.url_pattern.format(
            date=published_at, slug=slugify(title)[:80].strip("-"), number=number
        )


CATEGORIES = (
    CategoryEntry(
        slug="world",
        name_en="World",
        description_en="News from around the world.",
        name_zh_hans="世界",
        description_zh_hans="来自世界各地的新闻。",
    ),
    CategoryEntry(
        slug="politics",
        name_en="Politics",
        description_en="Governments, parliaments and elections.",
        name_zh_hans="政治",
        description_zh_hans="政府、议会与选举。",
    ),
    CategoryEntry(
        slug="business",
        name_en="Business",
        description_en="Markets, companies and the economy.",
        name_zh_hans="商业",
        description_zh_hans="市场、企业与经济。",
    ),
    CategoryEntry(
        slug="technology",
        name_en="Technology",
        description_en="Computing, the internet and devices.",
        name_zh_hans="科技",
        description_zh_hans="计算机、互联网与电子设备。",
    ),
    CategoryEntry(
        slug="science",
        name_en="Science",
        description_en="Research, space and health.",
        name_zh_hans="科学",
        description_zh_hans="科研、太空与健康。",
    ),
    CategoryEntry(
        slug="climate",
        name_en="Climate",
        description_en="Climate change, energy and the environment.",
        name_zh_hans="气候",
        description_zh_hans="气候变化、能源与环境。",
    ),
)

OWN_NEWSROOM_SLUG = "world-brief-newsroom"

SOURCES = (
    SourceEntry(
        slug="the-new-york-times",
        name_en="The New York Times",
        name_zh_hans="纽约时报",
        kind=SourceKind.PUBLISHER,
        usage_terms=SourceUsageTerms.QUOTATION,
        homepage_url="https://www.nytimes.com/",
        attribution_template_en="As reported by {source}",
        attribution_template_zh_hans="据{source}报道",
        url_pattern=("https://www.nytimes.com/{date:%Y/%m/%d}/world/{slug}.html"),
    ),
    SourceEntry(
        slug="reuters",
        name_en="Reuters",
        name_zh_hans="路透社",
        kind=SourceKind.AGENCY,
        usage_terms=SourceUsageTerms.LICENSED,
        homepage_url="https://www.reuters.com/",
        attribution_template_en="Reporting by {source}",
        attribution_template_zh_hans="{source}报道",
        url_pattern="https://www.reuters.com/world/{slug}-{date:%Y-%m-%d}/",
        terms_note="Demo data: stands for a syndication agreement.",
    ),
    SourceEntry(
        slug="associated-press",
        name_en="Associated Press",
        name_zh_hans="美联社",
        kind=SourceKind.AGENCY,
        usage_terms=SourceUsageTerms.LICENSED,
        homepage_url="https://apnews.com/",
        attribution_template_en="From {source}",
        attribution_template_zh_hans="来源：{source}",
        url_pattern="https://apnews.com/article/{slug}-{number:012x}",
        terms_note="Demo data: stands for a syndication agreement.",
    ),
    SourceEntry(
        slug="bbc-news",
        name_en="BBC News",
        name_zh_hans="英国广播公司",
        kind=SourceKind.PUBLISHER,
        usage_terms=SourceUsageTerms.QUOTATION,
        homepage_url="https://www.bbc.com/news",
        attribution_template_en="As reported by {source}",
        attribution_template_zh_hans="据{source}报道",
        url_pattern="https://www.bbc.com/news/articles/c{number:013d}o",
    ),
    SourceEntry(
        slug="the-guardian",
        name_en="The Guardian",
        name_zh_hans="卫报",
        kind=SourceKind.PUBLISHER,
        usage_terms=SourceUsageTerms.QUOTATION,
        homepage_url="https://www.theguardian.com/",
        attribution_template_en="As reported by {source}",
        attribution_template_zh_hans="据{source}报道",
        url_pattern="https://www.theguardian.com/world/{date:%Y/%m/%d}/{slug}",
    ),
    SourceEntry(
        slug=OWN_NEWSROOM_SLUG,
        name_en="World Brief Newsroom",
        name_zh_hans="World Brief 新闻编辑部",
        kind=SourceKind.OWN_NEWSROOM,
        usage_terms=SourceUsageTerms.OWN,
        homepage_url="",
        attribution_template_en="Reporting by {source}",
        attribution_template_zh_hans="{source}报道",
        url_pattern="",
    ),
)

SOURCE_ENTRIES = {entry.slug: entry for entry in SOURCES}

BYLINE_NAMES = (
    "Amara Okafor", "Lena Brandt", "Tomás Herrera", "Priya Raman", "Jonas Eklund",
    "Mei Lin", "Daniel Mensah", "Sofia Marino", "Hannah Kowalski", "Omar Haddad",
    "Claire Dubois", "Kenji Watanabe", "Isabel Duarte", "Samuel Adeyemi",
)  # fmt: skip


def make_byline(rng: random.Random) -> str:
    """Return one or two invented reporters' names."""
    if rng.random() < 0.25:
        first, second = rng.sample(BYLINE_NAMES, 2)
        return f"{first} and {second}"
    return rng.choice(BYLINE_NAMES)


def ensure_categories() -> dict[str, Category]:
    """Create the catalogue's categories that are missing; return all by slug.

    Existing categories are left as they are, edits included.
    """
    categories = {}
    for position, entry in enumerate(CATEGORIES):
        categories[entry.slug], _ = Category.objects.get_or_create(
            slug=entry.slug,
            defaults={
                "name_en": entry.name_en,
                "name_zh_hans": entry.name_zh_hans,
                "description_en": entry.description_en,
                "description_zh_hans": entry.description_zh_hans,
                "position": position * 10,
            },
        )
    return categories


def ensure_sources() -> dict[str, Source]:
    """Create the catalogue's sources that are missing; return all by slug.

    Existing sources are left as they are, edits included.
    """
    sources = {}
    for entry in SOURCES:
        sources[entry.slug], _ = Source.objects.get_or_create(
            slug=entry.slug,
            defaults={
                "name_en": entry.name_en,
                "name_zh_hans": entry.name_zh_hans,
                "kind": entry.kind,
                "usage_terms": entry.usage_terms,
                "homepage_url": entry.homepage_url,
                "attribution_template_en": entry.attribution_template_en,
                "attribution_template_zh_hans": entry.attribution_template_zh_hans,
                "terms_note": entry.terms_note,
            },
        )
    return sources


def ensure_category(value: str) -> Category:
    """Return the category whose slug is `value` (or slugified `value`).

    A missing category is created: from the catalogue if it lists the slug,
    in both languages; otherwise named after `value` in English only.
    """
    slug = slugify(value)
    if not slug:
        raise ValueError(f"{value!r} cannot be made into a category slug.")
    entries = {entry.slug: entry for entry in CATEGORIES}
    if slug in entries:
        return ensure_categories()[slug]
    name = value.replace("-", " ").capitalize() if value == slug else value
    category, _ = Category.objects.get_or_create(slug=slug, defaults={"name_en": name})
    return category
