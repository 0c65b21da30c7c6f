from articles.models.category import Category
from articles.models.image import HeroImage, HeroImageLicence
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
    "StoryStatus",
    "WithdrawalReason",
]
