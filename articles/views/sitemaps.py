from django.conf import settings
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import TemplateView

from articles import seo
from articles.sitemaps import SITEMAPS


def index(request):
    """List every sitemap page, with addresses under SITE_URL.

    Django's own index view takes the host from the request, which a cached
    index must not (see articles.sitemaps.SiteSitemap).
    """
    locations = []
    for section, sitemap_class in SITEMAPS.items():
        location = seo.absolute_url(reverse(f"sitemap-{section}"))
        locations.append(location)
        pages = sitemap_class().paginator.num_pages
        locations += [f"{location}?p={page}" for page in range(2, pages + 1)]
    response = TemplateResponse(
        request,
        "sitemaps/index.xml",
        {"locations": locations},
        content_type="application/xml",
    )
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


class RobotsView(TemplateView):
    """robots.txt: what crawlers may visit, and where the sitemaps are."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        return super().get_context_data(site_url=settings.SITE_URL, **kwargs)
