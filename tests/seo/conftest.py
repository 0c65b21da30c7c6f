import pytest

from tests.factories import StoryFactory, StoryLanguageFactory


@pytest.fixture
def hidden_stories():
    """One story per reason a reader may not see it; each title says why.

    Published in English but not in Chinese: "English only" (no
    translation) and "Chinese in review" (a translation not yet approved).
    """
    return {
        "draft": StoryFactory(title_en="Hidden draft", slug="draft"),
        "scheduled": StoryFactory(
            scheduled=True, translated=True, title_en="Hidden scheduled", slug="later"
        ),
        "withdrawn": StoryFactory(
            withdrawn=True, translated=True, title_en="Hidden withdrawn", slug="gone"
        ),
        "english-only": StoryFactory(
            published=True,
            title_en="English only",
            title_zh_hans="未翻译的标题",
            slug="english-only",
        ),
        "in-review": StoryLanguageFactory(
            story=StoryFactory(
                published=True,
                title_en="Chinese in review",
                title_zh_hans="审核中的标题",
                slug="in-review",
            ),
            status="in-review",
        ).story,
    }
