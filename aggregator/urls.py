from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

# English at /, Simplified Chinese under /zh-hans/: one URL, one language.
# The language comes from the path alone, never from Accept-Language or a
# cookie, so a shared link shows what its sender saw.
urlpatterns = i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
    prefix_default_language=False,
)

# Uploaded files are served by the web server in production (docs/operators.md);
# `static()` adds nothing unless DEBUG is on.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
