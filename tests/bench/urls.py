"""The production URLconf plus the routes `make bench` measures against."""

from django.urls import path

from aggregator.urls import urlpatterns as site_urlpatterns
from tests.bench import views

urlpatterns = [
    *site_urlpatterns,
    path("bench/floor/", views.floor, name="bench-floor"),
    path(
        "bench/story-query/<slug:slug>/",
        views.story_query,
        name="bench-story-query",
    ),
    path(
        "bench/minimal-story/<slug:slug>/",
        views.minimal_story,
        name="bench-minimal-story",
    ),
]
