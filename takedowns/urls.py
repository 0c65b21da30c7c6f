from django.urls import path

from takedowns import views

app_name = "takedowns"

# The removal form, its status pages and the ledger are never page-cached:
# each answer is for one claimant, or must follow a decision at once.
urlpatterns = [
    path("takedown/", views.TakedownRequestCreateView.as_view(), name="takedown"),
    path(
        "takedown/sent/<str:reference>/",
        views.TakedownSentView.as_view(),
        name="takedown-sent",
    ),
    path(
        "takedown/status/<str:token>/",
        views.TakedownStatusView.as_view(),
        name="takedown-status",
    ),
    path("transparency/", views.TransparencyView.as_view(), name="transparency"),
    path(
        "transparency/notices/<str:reference>/",
        views.TransparencyNoticeView.as_view(),
        name="transparency-notice",
    ),
    path(
        "transparency/<int:year>.csv",
        views.transparency_csv,
        name="transparency-csv",
    ),
]
