"""The Jinja2 environment of the public pages (jinja2/ template folders).

Readers' pages are rendered by Jinja2, which compiles a template to Python
once, where Django's engine walks a node tree and resolves each variable
by trial on every request (docs/operators.md, "Page speed"). The admin,
the feeds, the sitemaps and form widgets stay on Django's templates.

The pages' helpers are plain functions (articles/templating.py,
takedowns/templating.py), given here as globals and filters. Messages are
marked with Jinja2's own i18n extension; the project's `makemessages`
extracts them with Jinja2's extractor.
"""

import datetime
import functools

from django.template import defaultfilters, defaulttags
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext, npgettext, pgettext
from jinja2 import Environment

from articles import bidi, seo, templating
from articles.urls_reversed import reverse_once
from takedowns import templating as takedowns_templating


def environment(**options) -> Environment:
    # Readers' pages always escape, whatever the settings say.
    options.pop("autoescape", None)
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=True, **options)
    # New-style gettext: `_("… %(name)s", name=value)` escapes the value and
    # marks the message safe, as {% blocktranslate %} does; `trimmed` joins a
    # {% trans %} block's lines as `blocktranslate trimmed` does, so the
    # message ids stay those already translated.
    env.install_gettext_callables(
        gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext
    )
    env.policies["ext.i18n.trimmed"] = True
    env.globals.update(
        url=url,
        static=static,
        get_language=translation.get_language,
        in_language=in_language,
        querystring=querystring,
        page_languages=templating.page_languages,
        picture=templating.picture,
        attribution=templating.attribution,
        also_reported_by=templating.also_reported_by,
        in_its_language=templating.in_its_language,
        time_zone_label=templating.time_zone_label,
        story_open_graph=templating.story_open_graph,
        story_json_ld=templating.story_json_ld,
        removal_url=takedowns_templating.removal_url,
    )
    env.filters.update(
        date=date,
        isoformat=isoformat,
        # A stored English label shown in the page's language; escaped as
        # text, where `_()` would mark it safe.
        translate=gettext,
        bcp47=seo.bcp47,
        fallback_lang=templating.fallback_lang,
        text_lang=templating.text_lang,
        isolate=bidi.isolate,
        legal_time=takedowns_templating.legal_time,
        linebreaks=defaultfilters.linebreaks_filter,
        linebreaksbr=defaultfilters.linebreaksbr,
    )
    return env


def url(viewname, *args, **kwargs) -> str:
    """{% url %}: `url("articles:home")`, `url("…", slug=…)`."""
    if args:
        return reverse(viewname, args=args)
    return reverse_once(viewname, **kwargs)


def date(value, format_name=None) -> str:
    """Django's `date` filter, in the current time zone as Django's engine
    shows a time (Beijing time on the Chinese pages)."""
    value = timezone.template_localtime(value)
    if format_name == "DATE_FORMAT" and isinstance(value, datetime.datetime):
        return day(value.date(), translation.get_language())
    return defaultfilters.date(value, format_name)


@functools.lru_cache(maxsize=4096)
def day(value: datetime.date, language: str) -> str:
    """A date as the DATE_FORMAT of `language` (the active one) shows it.

    Kept: every card of a list shows one, most of them the same few days,
    and formatting one parses the format anew (a tenth of a list page).
    """
    return formats.date_format(value, "DATE_FORMAT")


def isoformat(value) -> str:
    """`|date("c")`, without parsing a format: for <time datetime="…">."""
    return timezone.template_localtime(value).isoformat()


def in_language(language, caller):
    """{% language %}: `{% call in_language(code) %}…{% endcall %}` renders the
    block with `language` active: its messages, dates, and the translated
    fields of the models it reads."""
    if language == translation.get_language():
        return caller()  # the usual case: switching cost a story page 2 %
    with translation.override(language):
        return caller()


def querystring(request, **changes) -> str:
    """{% querystring %}: the request's query string with `changes` made."""
    return defaulttags.querystring(None, request.GET, **changes)
