"""What a page says about itself to other sites.

Canonical URLs, hreflang alternates and the language switch of a page; the
NewsArticle JSON-LD and Open Graph data of a story page; the image and
language data of the sitemaps and feeds.

Absolute URLs start from SITE_URL: pages, feeds and sitemaps may be cached,
so they must not depend on the Host header of whichever request rendered
them first.
"""

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.utils import timezone, translation

from articles.urls_reversed import translate_once

# The seed page's wording, bilingual on purpose: a reader who cannot read
# the current language must still recognise the link to the other one.
SWITCH_LABELS = {
    "en": "Read in English / 阅读英文版",
    "zh-hans": "阅读中文版 (Read Chinese Version)",
}


def bcp47(language: str) -> str:
    """Return the BCP 47 spelling of a Django language code: zh-hans -> zh-Hans."""
    language, _, subtag = language.partition("-")
    if not subtag:
        return language
    return f"{language}-{subtag.title() if len(subtag) == 4 else subtag.upper()}"


@dataclass(frozen=True)
class LanguageVersion:
    language: str  # Django's code, e.g. "zh-hans"
    path: str  # e.g. "/zh-hans/story/nato-summit/"

    @property
    def hreflang(self) -> str:
        return bcp47(self.language)

    @property
    def url(self) -> str:
        return absolute_url(self.path)

    @property
    def switch_label(self) -> str:
        return SWITCH_LABELS.get(self.language, self.language)


@dataclass(frozen=True)
class PageLanguages:
    """What the <head> and the header say about a page's languages."""

    versions: list[LanguageVersion]  # the public versions, English first
    canonical_url: str
    # The other language's version, for the header; None if it is not public.
    switch: LanguageVersion | None

    @property
    def default_version(self) -> LanguageVersion | None:
        return self.versions[0] if self.versions else None


def page_languages(path: str, story=None, query: str = "") -> PageLanguages:
    """Describe the language versions of the page at `path`.

    Pages other than stories exist in every language. A story page offers
    only the languages it is published in (`story.live_languages`); a
    story shown in English under a notice, because its translation is not
    published, is canonically the English page.
    The switch keeps the page's `query` (a search, a page number), so the
    reader lands on the same page in the other language; the canonical URL
    and the alternates never carry one.
    """
    current = translation.get_language()
    if story is None:
        languages = [code for code, _name in settings.LANGUAGES]
    else:
        languages = story.live_languages
    versions = [LanguageVersion(code, translate_once(path, code)) for code in languages]
    canonical = LanguageVersion(current, path)
    if languages and current not in languages:
        canonical = versions[0]
    switch = next((v for v in versions if v.language != current), None)
    if switch is not None and query:
        switch = LanguageVersion(switch.language, f"{switch.path}?{query}")
    return PageLanguages(versions=versions, canonical_url=canonical.url, switch=switch)


# Google News sitemaps name Simplified Chinese "zh-cn", not BCP 47's zh-Hans.
NEWS_LANGUAGES = {"en": "en", "zh-hans": "zh-cn"}
# Open Graph locales are language_TERRITORY.
OPEN_GRAPH_LOCALES = {"en": "en_US", "zh-hans": "zh_CN"}
# "Jane Doe and John Roe", "Jane Doe, John Roe", "张三、李四" name several people.
# Not 和: it is also a surname and a common character in given names.
BYLINE_SEPARATORS = re.compile(r"\s*(?:,|;|&|、|\band\b)\s*")


def news_language(language: str) -> str:
    """Return the Google News sitemap code of a Django language code."""
    return NEWS_LANGUAGES.get(language, language)


def absolute_url(url: str) -> str:
    """Return `url` (a path or a full URL) as an absolute URL under SITE_URL.

    A MEDIA_URL that is already absolute (a media domain) is kept as it is.
    """
    return urljoin(settings.SITE_URL + "/", url)


def social_image_url(hero_image) -> str:
    """Return the absolute address of `hero_image`'s social card, or ""."""
    if hero_image is None or not hero_image.social:
        return ""
    return absolute_url(hero_image.url_of(hero_image.social))


def largest_image(hero_image) -> dict | None:
    """Return the widest JPEG rendition of `hero_image`, or None."""
    if hero_image is None:
        return None
    renditions = hero_image.renditions_as("jpg")
    return renditions[-1] if renditions else None


def largest_image_url(hero_image) -> str:
    """Return the absolute address of the widest JPEG rendition, or ""."""
    rendition = largest_image(hero_image)
    return absolute_url(hero_image.url_of(rendition)) if rendition else ""


def story_image_urls(story) -> list[str]:
    """Return the absolute addresses of a story's pictures, social card first."""
    hero_image = story.visible_hero_image
    urls = [social_image_url(hero_image), largest_image_url(hero_image)]
    return [url for url in urls if url]


def iso_datetime(value) -> str | None:
    """Return `value` in ISO 8601 with its offset, in the page's time zone."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def byline_authors(byline: str) -> list[str]:
    """Split a byline into the names of the people it credits."""
    return [name for name in BYLINE_SEPARATORS.split(byline or "") if name.strip()]


def news_article(story, *, language: str, url: str) -> dict:
    """Return the schema.org NewsArticle describing `story` at `url`.

    Reads the story's text in the active language, which the caller sets to
    `language`, the language the text is shown in. The authors are the
    byline's people, or the source as an organisation when there is no
    byline; `isBasedOn` names the original article and those of the other
    outlets credited (`story.credits_shown()`, prefetched by the story page).
    """
    authors = [
        {"@type": "Person", "name": name} for name in byline_authors(story.byline)
    ]
    if not authors and story.source is not None:
        authors = [{"@type": "Organization", "name": story.source.name}]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": story.title,
        "description": story.summary,
        "inLanguage": bcp47(language),
        "image": story_image_urls(story),
        "datePublished": iso_datetime(story.first_published_at or story.publish_at),
        "dateModified": iso_datetime(
            story.revised_at or story.first_published_at or story.publish_at
        ),
        "author": authors,
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": settings.SITE_URL + "/",
        },
    }
    if story.category is not None:
        data["articleSection"] = story.category.name
    originals = [story.original_url] if story.original_url else []
    originals += [credit.url for credit in story.credits_shown()]
    if originals:
        data["isBasedOn"] = originals[0] if len(originals) == 1 else originals
    return {key: value for key, value in data.items() if value not in ("", [], None)}


def open_graph(story, *, language: str, url: str, other_languages=()) -> list:
    """Return the Open Graph and Twitter card tags of a story page.

    A list of (attribute, name, content): `property` for Open Graph, `name`
    for Twitter. Reads the story's text in the active language.
    """
    tags = [
        ("property", "og:type", "article"),
        ("property", "og:site_name", settings.SITE_NAME),
        ("property", "og:title", story.title),
        ("property", "og:description", story.summary),
        ("property", "og:url", url),
        ("property", "og:locale", OPEN_GRAPH_LOCALES.get(language, language)),
    ]
    tags += [
        ("property", "og:locale:alternate", OPEN_GRAPH_LOCALES.get(other, other))
        for other in other_languages
        if other != language
    ]
    # A picture hidden by a takedown is never offered to other sites.
    hero_image = story.visible_hero_image
    image = social_image_url(hero_image)
    if image:
        tags += [
            ("property", "og:image", image),
            ("property", "og:image:width", hero_image.social["width"]),
            ("property", "og:image:height", hero_image.social["height"]),
            ("property", "og:image:alt", hero_image.alt_text),
        ]
    tags += [
        (
            "property",
            "article:published_time",
            iso_datetime(story.first_published_at or story.publish_at),
        ),
        ("property", "article:modified_time", iso_datetime(story.revised_at)),
        (
            "property",
            "article:section",
            story.category.name if story.category else "",
        ),
        ("name", "twitter:card", "summary_large_image" if image else "summary"),
        ("name", "twitter:title", story.title),
        ("name", "twitter:description", story.summary),
    ]
    if image:
        tags += [
            ("name", "twitter:image", image),
            ("name", "twitter:image:alt", hero_image.alt_text),
        ]
    return [tag for tag in tags if tag[2] not in ("", None)]
