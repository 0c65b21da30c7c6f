from articles.models import Story
from articles.search.indexing import story_search_update
from tests.factories import StoryFactory, StoryLanguageFactory


def indexed(story: Story) -> Story:
    """Index a story made by a factory (factories skip the services)."""
    story_search_update(story=story)
    return story


def search_titles(client, path: str) -> list[str]:
    """Return the headlines a search page lists, in order."""
    response = client.get(path)
    assert response.status_code == 200
    return [story.title for story in response.context_data["stories"]]


def chinese_story(**kwargs) -> Story:
    """Return a published, indexed story whose Chinese version is published."""
    kwargs.setdefault("summary_zh_hans", "领导人会面。")
    kwargs.setdefault("body_zh_hans", "<p>第一段。</p>")
    story = StoryFactory(published=True, **kwargs)
    StoryLanguageFactory(story=story, published=True)
    return indexed(story)
