from django.urls import path

from articles.feeds import (
    CategoryAtomFeed,
    CategoryFeed,
    LatestStoriesAtomFeed,
    LatestStoriesFeed,
)
from articles.pagecache.pages import (
    DETAIL_POLICY,
    DETAIL_TIMEOUT,
    LIST_POLICY,
    LIST_TIMEOUT,
    cache_public_page,
)
from articles.views import stories

app_name = "articles"

# Reader pages come from the page cache; forms never do.
cache_list = cache_public_page(timeout=LIST_TIMEOUT, policy=LIST_POLICY)
cache_detail = cache_public_page(timeout=DETAIL_TIMEOUT, policy=DETAIL_POLICY)

urlpatterns = [
    path("", cache_list(stories.HomeView.as_view()), name="home"),
    path(
        "category/<slug:slug>/",
        cache_list(stories.CategoryView.as_view()),
        name="category-detail",
    ),
    path(
        "category/<slug:slug>/feed/",
        cache_list(CategoryFeed()),
        name="category-feed",
    ),
    path(
        "category/<slug:slug>/feed/atom/",
        cache_list(CategoryAtomFeed()),
        name="category-feed-atom",
    ),
    path("feed/", cache_list(LatestStoriesFeed()), name="feed"),
    path("feed/atom/", cache_list(LatestStoriesAtomFeed()), name="feed-atom"),
    path(
        "story/<slug:slug>/",
        cache_detail(stories.StoryDetailView.as_view()),
        name="story-detail",
    ),
    # Not page-cached: each query string is a new page, and results must
    # follow publication at once.
    path("search/", stories.SearchView.as_view(), name="search"),
]
