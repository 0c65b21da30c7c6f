"""Canonical URLs, hreflang alternates and the language switch of a page.

Absolute URLs start from SITE_URL: pages may be cached, so they must not
depend on the Host header of whichever request rendered them first.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils import translation

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
        return settings.SITE_URL + self.path

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


def page_languages(path: str, story=None) -> PageLanguages:
    """Describe the language versions of the page at `path`.

    Pages other than stories exist in every language. A story page offers
    only the languages it is published in (`story` comes from
    `with_visibility()`); a story shown in English under a notice, because
    its translation is not published, is canonically the English page.
    """
    current = translation.get_language()
    if story is None:
        languages = [code for code, _name in settings.LANGUAGES]
    else:
        languages = story.live_languages
    versions = [LanguageVersion(code, translate_url(path, code)) for code in languages]
    self_version = LanguageVersion(current, path)
    canonical = self_version
    if languages and current not in languages:
        canonical = versions[0]
    switch = next((v for v in versions if v.language != current), None)
    return PageLanguages(versions=versions, canonical_url=canonical.url, switch=switch)
