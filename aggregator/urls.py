from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.pagecache.keys import SITEMAP_KEY
from articles.pagecache.pages import LIST_POLICY, LIST_TIMEOUT, cache_public_page
from articles.sitemaps import SITEMAPS
from articles.views import health
from articles.views import sitemaps as sitemap_views

cache_list = cache_public_page(timeout=LIST_TIMEOUT, policy=LIST_POLICY)
cache_sitemap = cache_public_page(
    timeout=LIST_TIMEOUT, policy=LIST_POLICY, keys=(SITEMAP_KEY,)
)


def sitemap_path(section):
    """Route /sitemap-<section>.xml to Django's sitemap view and our template."""
    return path(
        f"sitemap-{section}.xml",
        cache_sitemap(sitemap),
        {
            "sitemaps": {section: SITEMAPS[section]},
            "section": section,
            "template_name": f"sitemaps/{section}.xml",
        },
        name=f"sitemap-{section}",
    )


urlpatterns = [
    # Outside any language prefix: load balancers and orchestrators ask one
    # fixed address each (docs/deploy.md).
    path("healthz", health.ready, name="health-ready"),
    path("livez", health.live, name="health-live"),
    # Crawlers ask one fixed address too; the sitemaps list both languages.
    path(
        "robots.txt",
        cache_list(sitemap_views.RobotsView.as_view()),
        name="robots",
    ),
    path("sitemap.xml", cache_sitemap(sitemap_views.index), name="sitemap-index"),
    *(sitemap_path(section) for section in SITEMAPS),
]

# English at /, Simplified Chinese under /zh-hans/: one URL, one language.
# The language comes from the path alone, never from Accept-Language or a
# cookie, so a shared link shows what its sender saw.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
    path("", include("takedowns.urls")),
    prefix_default_language=False,
)

# Uploaded files are served by the web server in production (docs/deploy.md);
# `static()` adds nothing unless DEBUG is on.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A database out of reach is a 503 asking to try again, not a 500.
handler500 = "articles.views.errors.server_error"
