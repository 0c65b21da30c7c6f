"""The categories and sources that demo and benchmark stories are filed under."""

import random
from dataclasses import dataclass
from datetime import datetime

from django.utils.text import slugify

from articles.models import Category, Source, SourceKind, SourceUsageTerms


@dataclass(frozen=True)
class CategoryEntry:
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class SourceEntry:
    slug: str
    name: str
    kind: str
    usage_terms: str
    homepage_url: str
    attribution_template: str
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
    CategoryEntry("world", "World", "News from around the world."),
    CategoryEntry("politics", "Politics", "Governments, parliaments and elections."),
    CategoryEntry("business", "Business", "Markets, companies and the economy."),
    CategoryEntry("technology", "Technology", "Computing, the internet and devices."),
    CategoryEntry("science", "Science", "Research, space and health."),
    CategoryEntry("climate", "Climate", "Climate change, energy and the environment."),
)

OWN_NEWSROOM_SLUG = "world-brief-newsroom"

SOURCES = (
    SourceEntry(
        slug="the-new-york-times",
        name="The New York Times",
        kind=SourceKind.PUBLISHER,
        usage_terms=SourceUsageTerms.QUOTATION,
        homepage_url="https://www.nytimes.com/",
        attribution_template="As reported by {source}",
        url_pattern=("https://www.nytimes.com/{date:%Y/%m/%d}/world/{slug}.html"),
    ),
    SourceEntry(
        slug="reuters",
        name="Reuters",
        kind=SourceKind.AGENCY,
        usage_terms=SourceUsageTerms.LICENSED,
        homepage_url="https://www.reuters.com/",
        attribution_template="Reporting by {source}",
        url_pattern="https://www.reuters.com/world/{slug}-{date:%Y-%m-%d}/",
        terms_note="Demo data: stands for a syndication agreement.",
    ),
    SourceEntry(
        slug="associated-press",
        name="Associated Press",
        kind=SourceKind.AGENCY,
        usage_terms=SourceUsageTerms.LICENSED,
        homepage_url="https://apnews.com/",
        attribution_template="From {source}",
        url_pattern="https://apnews.com/article/{slug}-{number:012x}",
        terms_note="Demo data: stands for a syndication agreement.",
    ),
    SourceEntry(
        slug="bbc-news",
        name="BBC News",
        kind=SourceKind.PUBLISHER,
        usage_terms=SourceUsageTerms.QUOTATION,
        homepage_url="https://www.bbc.com/news",
        attribution_template="As reported by {source}",
        url_pattern="https://www.bbc.com/news/articles/c{number:013d}o",
    ),
    SourceEntry(
        slug="the-guardian",
        name="The Guardian",
        kind=SourceKind.PUBLISHER,
        usage_terms=SourceUsageTerms.QUOTATION,
        homepage_url="https://www.theguardian.com/",
        attribution_template="As reported by {source}",
        url_pattern="https://www.theguardian.com/world/{date:%Y/%m/%d}/{slug}",
    ),
    SourceEntry(
        slug=OWN_NEWSROOM_SLUG,
        name="World Brief Newsroom",
        kind=SourceKind.OWN_NEWSROOM,
        usage_terms=SourceUsageTerms.OWN,
        homepage_url="",
        attribution_template="Reporting by {source}",
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
                "name": entry.name,
                "description": entry.description,
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
                "name": entry.name,
                "kind": entry.kind,
                "usage_terms": entry.usage_terms,
                "homepage_url": entry.homepage_url,
                "attribution_template": entry.attribution_template,
                "terms_note": entry.terms_note,
            },
        )
    return sources


def ensure_category(value: str) -> Category:
    """Return the category whose slug is `value` (or slugified `value`).

    A missing category is created: from the catalogue if it lists the slug,
    otherwise named after `value`.
    """
    slug = slugify(value)
    if not slug:
        raise ValueError(f"{value!r} cannot be made into a category slug.")
    entries = {entry.slug: entry for entry in CATEGORIES}
    if slug in entries:
        return ensure_categories()[slug]
    name = value.replace("-", " ").capitalize() if value == slug else value
    category, _ = Category.objects.get_or_create(slug=slug, defaults={"name": name})
    return category
