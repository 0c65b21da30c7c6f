"""Which fields have a Chinese version (django-modeltranslation reads this module).

Each field listed gets `_en` and `_zh_hans` columns. Code writes the suffixed
columns explicitly; templates read the bare name, which gives the active
language's text. `empty_values=None` stores an untranslated field as NULL, so
"not translated" can never be mistaken for "translated as empty".
"""

from modeltranslation.translator import TranslationOptions, register

from articles.models import Category, HeroImage, Source, Story


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ["name", "description"]
    empty_values = None


@register(Source)
class SourceTranslationOptions(TranslationOptions):
    fields = ["name", "attribution_template"]
    empty_values = None


@register(Story)
class StoryTranslationOptions(TranslationOptions):
    fields = ["title", "summary", "byline", "body", "withdrawal_note"]
    empty_values = None


@register(HeroImage)
class HeroImageTranslationOptions(TranslationOptions):
    fields = ["alt_text", "caption", "credit"]
    empty_values = None
