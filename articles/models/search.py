from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models.base import Timestamped
from articles.models.story import Story


class StorySearch(Timestamped):
    """The search terms of one language version of a story.

    Rows hold pre-tokenised text (`articles.search.tokens`): stemmed English
    words and Chinese characters and bigrams, separated by spaces. The
    database's full-text index is built over these columns by migration 0008
    (an FTS5 table on SQLite, a GIN index on PostgreSQL). Written only by
    `articles.search.indexing`, in the transaction of the story's own write.
    Whether a reader may see the story is not stored here: search filters
    through `Story.objects.published()`.

    The id is not a counter: it orders the rows of a language newest first
    (`articles.search.indexing.search_row_id`), so that a search reads its
    matches in that order from the index and stops once it has enough.
    """

    id = models.BigIntegerField("ID", primary_key=True, serialize=False)
    story = models.ForeignKey(
        Story,
        models.CASCADE,
        related_name="search_documents",
        verbose_name=_("story"),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES
    )
    # What the story is about, kept apart from the body so that a match in
    # the headline or summary ranks above one in the body.
    title = models.TextField(_("headline and summary terms"))
    document = models.TextField(_("body terms"))

    class Meta:
        verbose_name = _("story search document")
        verbose_name_plural = _("story search documents")
        constraints = [
            models.UniqueConstraint(
                fields=["story", "language"], name="story_search_one_per_language"
            ),
        ]

    def __str__(self):
        return f"{self.story_id} ({self.language})"
