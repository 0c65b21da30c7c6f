from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from articles.views import health

urlpatterns = [
    # Outside any language prefix: load balancers ask one fixed address.
    path("healthz", health.health, name="health"),
]

# English at /, Simplified Chinese under /zh-hans/: one URL, one language.
# The language comes from the path alone, never from Accept-Language or a
# cookie, so a shared link shows what its sender saw.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
    prefix_default_language=False,
)

if settings.BENCHMARK:
    from articles.views import bench

    urlpatterns.append(path("bench/floor/", bench.floor, name="bench-floor"))

# Uploaded files are served by the web server in production (docs/deploy.md);
# `static()` adds nothing unless DEBUG is on.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
