"""The helpers of the public pages' templates (aggregator/templating.py).

Plain functions: the Jinja2 pages call them as globals and filters, and
the few Django templates left (the feeds' descriptions) through
articles_tags.
"""

import functools
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from markupsafe import Markup, escape
from modeltranslation.utils import build_localized_fieldname

from articles import seo
from articles.models.source import ATTRIBUTION_PLACEHOLDER


def fallback_lang(instance, field_name):
    """Return ` lang="en"` if `instance`'s `field_name` shows its English text.

    modeltranslation falls back to English when the active language's
    column is empty; screen readers must then read the name as English
    (WCAG 3.1.2, language of parts). Returns "" otherwise.
    """
    language = get_language()
    if language == settings.LANGUAGE_CODE:
        return ""
    if getattr(instance, build_localized_fieldname(field_name, language), None):
        return ""
    return lang_attribute(settings.LANGUAGE_CODE)


def text_lang(text):
    """Return ` lang="en"` if a card's `Text` shows English on another
    language's page (`fallback_lang` for values read without models)."""
    return lang_attribute(text.fallback_language) if text.fallback_language else ""


@functools.cache
def lang_attribute(language):
    return format_html(' lang="{}"', seo.bcp47(language))


def in_its_language(instance, field_name):
    """Render `instance`'s `field_name`, marked English when it falls back.

    For names and credits set inside a translated sentence ("By …",
    "Photo: …"), where `fallback_lang` cannot go on an element of its own.
    """
    text = getattr(instance, field_name)
    if lang := fallback_lang(instance, field_name):
        return format_html("<span{}>{}</span>", lang, text)
    return text


def attribution(story):
    """Render the story's attribution line with the source linked to the original.

    "As reported by {source}" becomes "As reported by <a …>The New York
    Times</a>" (or "据<a …>纽约时报</a>报道"); every part is escaped.
    """
    before, _placeholder, after = story.attribution_line.partition(
        ATTRIBUTION_PLACEHOLDER
    )
    if story.original_url:
        source = format_html(
            '<a href="{}" rel="noopener" class="attribution-source"{}>{}</a>',
            story.original_url,
            fallback_lang(story.source, "name"),
            story.source.name,
        )
    else:
        source = format_html(
            "<span{}>{}</span>", fallback_lang(story.source, "name"), story.source.name
        )
    return format_html("{}{}{}", before, source, after)


def also_reported_by(story):
    """Render "Also reported by A, B and C", each outlet linked to its article.

    Reads `story.credits_shown()`, which the story page reads with their
    sources first (`Story.fetch_credits()`); empty when no other outlet is
    credited.
    """
    links = [
        format_html(
            '<a href="{}" rel="noopener" class="attribution-source"{}>{}</a>',
            credit.url,
            fallback_lang(credit.source, "name"),
            credit.source.name,
        )
        for credit in story.credits_shown()
    ]
    if not links:
        return ""
    if len(links) == 1:
        sources = links[0]
    else:
        # Translators: joins outlets' names: "A, B" (then "… and C").
        separator = _(", ")
        sources = format_html(
            _("{names} and {last}"),
            names=format_html_join(separator, "{}", ((link,) for link in links[:-1])),
            last=links[-1],
        )
    return format_html(_("Also reported by {sources}"), sources=sources)


def page_languages(request, story=None):
    """Return the page's language versions, canonical URL and switch link.

    `story` is given on a story's own page, whose versions are the
    languages it is published in.
    """
    return seo.page_languages(request.path, story=story, query=request.GET.urlencode())


def time_zone_label():
    """Name the zone that page times are shown in (Beijing time in Chinese)."""
    name = timezone.get_current_timezone_name()
    labels = {"Asia/Shanghai": _("Beijing time"), "UTC": _("UTC")}
    return labels.get(name, name)


def srcset(hero_image, renditions):
    return ", ".join(
        f"{hero_image.url_of(rendition)} {rendition['width']}w"
        for rendition in renditions
    )


def picture(
    hero_image,
    *,
    sizes="100vw",
    max_width=None,
    loading="lazy",
    fetchpriority="",
    css_class="",
):
    """Render `hero_image` as <picture>: WebP first, JPEG for the rest.

    Everything comes from the stored rendition list, so rendering opens no
    file. `max_width` leaves out wider renditions (cards use 480);
    `width`/`height` are the largest one's, so the browser reserves the
    space before the picture arrives. Renders nothing before processing.
    """

    def fitting(image_format):
        return [
            rendition
            for rendition in hero_image.renditions_as(image_format)
            if max_width is None or rendition["width"] <= max_width
        ]

    jpegs, webps = fitting("jpg"), fitting("webp")
    if not jpegs:
        return ""
    largest = jpegs[-1]
    source = ""
    if webps:
        source = format_html(
            '<source type="image/webp" srcset="{}" sizes="{}">',
            srcset(hero_image, webps),
            sizes,
        )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" '
        'alt="{}" loading="{}" decoding="async"{}{}></picture>',
        source,
        hero_image.url_of(largest),
        srcset(hero_image, jpegs),
        sizes,
        largest["width"],
        largest["height"],
        hero_image.alt_text,
        loading,
        format_html(' fetchpriority="{}"', fetchpriority) if fetchpriority else "",
        format_html(' class="{}"', css_class) if css_class else "",
    )


# The escapes of django.utils.html.json_script: no "</script>", "<!--" or
# "&" can end or change the data block, whatever the story's text holds.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data) -> str:
    """Render `data` as a JSON-LD data block, escaped as json_script escapes.

    json_script itself cannot be used: it writes type="application/json",
    and search engines read structured data only from application/ld+json.
    """
    escaped = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        JSON_SCRIPT_ESCAPES
    )
    # Safe: every <, > and & in the JSON is escaped above.
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(escaped),  # noqa: S308
    )


def story_json_ld(story, languages, text_language):
    """Render the NewsArticle JSON-LD of the story page being rendered.

    `languages` is the page's `page_languages()`; `text_language` the
    language the story's text is shown in.
    """
    return json_ld_script(
        seo.news_article(story, language=text_language, url=languages.canonical_url)
    )


def story_open_graph(story, languages, text_language):
    """Render the Open Graph and Twitter tags of the story page being rendered.

    As <meta> elements built here, not in a template loop, which costs the
    engine a node render and an escape per variable of each of a dozen tags;
    escaped by markupsafe, in C, as the templates' own autoescape is:
    `format_html_join()` cost the story page 2 % (callgrind) for these tags.
    """
    tags = seo.open_graph(
        story,
        language=text_language,
        url=languages.canonical_url,
        other_languages=[version.language for version in languages.versions],
    )
    # Safe: every value is escaped.
    return Markup(  # noqa: S704
        "\n".join(
            f'<meta {escape(attribute)}="{escape(name)}" content="{escape(content)}">'
            for attribute, name, content in tags
        )
    )
