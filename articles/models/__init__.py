from articles.models.category import Category
from articles.models.image import HeroImage, HeroImageLicence
from articles.models.ingest import (
    DuplicateCluster,
    Feed,
    FeedItem,
    FeedItemQuerySet,
    FeedLanguage,
    FeedQuerySet,
)
from articles.models.search import StorySearch
from articles.models.source import Source, SourceKind, SourceUsageTerms
from articles.models.story import (
    Story,
    StoryLanguage,
    StoryLanguageStatus,
    StoryPublicState,
    StoryQuerySet,
    StoryStatus,
    WithdrawalReason,
)

__all__ = [
    "Category",
    "DuplicateCluster",
    "Feed",
    "FeedItem",
    "FeedItemQuerySet",
    "FeedLanguage",
    "FeedQuerySet",
    "HeroImage",
    "HeroImageLicence",
    "Source",
    "SourceKind",
    "SourceUsageTerms",
    "Story",
    "StoryLanguage",
    "StoryLanguageStatus",
    "StoryPublicState",
    "StoryQuerySet",
    "StorySearch",
    "StoryStatus",
    "WithdrawalReason",
]
