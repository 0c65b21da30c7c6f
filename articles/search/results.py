"""Search results as a sequence a Paginator can page through."""

from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils.functional import cached_property
from modeltranslation.utils import build_localized_fieldname

from articles.models import Story
from articles.sanitize import html_to_text
from articles.search import backends
from articles.search.indexing import language_id_range
from articles.search.snippets import excerpt, highlight
from articles.search.tokens import query_terms


class StorySearchResults:
    """The stories of `stories` that match `query` in `language`, best first.

    `stories` must come from `Story.objects.published(language)`, with any
    filters: only those stories are searched, so the visibility rule stays
    in one place; `published_between`, the publication time range that
    `stories` is filtered to if any, spares reading the rest of the index.
    Best first means the stories whose headline or summary
    has every word, then the others, newest first within each
    (`articles.search.backends`). At most `cap` stories are ranked, in one
    query; `count()` is how many of them there are, and each page costs one
    more query for the stories and what their cards show. Each story of a
    page carries `highlighted_title` and `snippet`, from its text in
    `language`.
    """

    def __init__(
        self,
        *,
        query: str,
        language: str,
        stories: QuerySet,
        cap: int,
        published_between: tuple[datetime | None, datetime | None] = (None, None),
    ) -> None:
        self.terms = query_terms(query)
        self.language = language
        self.cap = cap
        # The index is read only where these stories' rows can be.
        self.id_range = language_id_range(language, *published_between)
        self.stories_sql, self.stories_params = (
            stories.order_by().values("id").query.sql_with_params()
        )

    @cached_property
    def ranked_ids(self) -> list[int]:
        """The ids of the ranked stories, best first, at most `cap`."""
        if not self.terms:
            return []
        return backends.ranked_story_ids(
            terms=self.terms,
            language=self.language,
            id_range=self.id_range,
            stories_sql=self.stories_sql,
            stories_params=self.stories_params,
            limit=self.cap,
        )

    def count(self) -> int:
        return len(self.ranked_ids)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[Story]:
        if not isinstance(page, slice) or not self.terms:
            raise TypeError("Search results are read a page (a slice) at a time.")
        ids = self.ranked_ids[page]
        found = self.result_data().in_bulk(ids)
        stories = [found[pk] for pk in ids if pk in found]
        for story in stories:
            self.add_highlights(story)
        return stories

    def result_data(self) -> QuerySet:
        """Fetch what a result shows: its text in the page's language only.

        Not every column in every language: a story's bodies are 15-25 KB
        each, and a page of twenty read them all in three copies.
        """
        return Story.objects.select_related("category", "source").only(
            "slug",
            "publish_at",
            *(
                build_localized_fieldname(name, self.language)
                for name in ("title", "summary", "body")
            ),
            # Names fall back to English when untranslated.
            *(
                build_localized_fieldname(f"{relation}__name", language)
                for relation in ("category", "source")
                for language in settings.MODELTRANSLATION_LANGUAGES
            ),
        )

    def text(self, story: Story, name: str) -> str:
        return getattr(story, build_localized_fieldname(name, self.language)) or ""

    def add_highlights(self, story: Story) -> None:
        story.highlighted_title = highlight(self.text(story, "title"), self.terms)
        summary = self.text(story, "summary")
        story.snippet = (
            excerpt(summary, self.terms)
            or excerpt(html_to_text(self.text(story, "body")), self.terms)
            or highlight(summary, self.terms)
        )
