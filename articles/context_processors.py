from django.conf import settings


def site(request):
    """Give every template the site's name, for the header and <title>."""
    return {"site_name": settings.SITE_NAME}
