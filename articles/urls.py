from django.urls import path

from articles.views import stories, takedown

app_name = "articles"

urlpatterns = [
    path("", stories.HomeView.as_view(), name="home"),
    path(
        "category/<slug:slug>/", stories.CategoryView.as_view(), name="category-detail"
    ),
    path("story/<slug:slug>/", stories.StoryDetailView.as_view(), name="story-detail"),
    path("takedown/", takedown.RemovalContactView.as_view(), name="takedown"),
]
