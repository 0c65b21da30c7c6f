from django.template.response import TemplateResponse
from django.urls import reverse

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
