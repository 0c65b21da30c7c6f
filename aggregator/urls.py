from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from articles.views import health

urlpatterns = [
    # Outside any language prefix: load balancers ask one fixed address.
    path("healthz", health.health, name="health"),
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]

if settings.BENCHMARK:
    from articles.views import bench

    urlpatterns.append(path("bench/floor/", bench.floor, name="bench-floor"))

# Uploaded files are served by the web server in production (docs/deploy.md);
# `static()` adds nothing unless DEBUG is on.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
