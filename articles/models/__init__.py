from articles.models.category import Category
from articles.models.image import HeroImage, HeroImageLicence
from articles.models.pending import PendingChanges
from articles.models.restriction import RestrictionScope, StoryRestriction
from articles.models.search import StorySearch
from articles.models.source import Source, SourceKind, SourceUsageTerms
from articles.models.story import (
    Story,
    StoryCredit,
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
    "PendingChanges",
    "RestrictionScope",
    "Source",
    "SourceKind",
    "SourceUsageTerms",
    "Story",
    "StoryCredit",
    "StoryLanguage",
    "StoryLanguageStatus",
    "StoryPublicState",
    "StoryQuerySet",
    "StoryRestriction",
    "StorySearch",
    "StoryStatus",
    "WithdrawalReason",
]
