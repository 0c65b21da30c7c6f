import re

import polib
from django.conf import settings

CATALOGUE = settings.BASE_DIR / "articles/locale/zh_Hans/LC_MESSAGES/django"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")


def test_every_interface_string_has_a_chinese_translation():
    catalogue = polib.pofile(f"{CATALOGUE}.po")

    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert catalogue.percent_translated() == 100


def test_translations_keep_every_placeholder():
    for entry in polib.pofile(f"{CATALOGUE}.po"):
        translations = (
            entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        )
        for translation in translations:
            assert sorted(PLACEHOLDER.findall(translation)) == sorted(
                PLACEHOLDER.findall(entry.msgid)
            ), entry.msgid


def test_compiled_catalogue_matches_the_source():
    source = {entry.msgid: entry.msgstr for entry in polib.pofile(f"{CATALOGUE}.po")}
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(f"{CATALOGUE}.mo")}

    assert compiled == source
