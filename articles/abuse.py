"""Who is asking: the client address behind our own proxies."""

from django.conf import settings


def client_ip(request) -> str | None:
    """Return the address of the client that sent `request`.

    With TRUSTED_PROXY_COUNT proxies of our own in front, the client is the
    address that many hops from the right of X-Forwarded-For; anything
    further left was written by the client and cannot be trusted. With no
    proxy, or a header shorter than expected, it is REMOTE_ADDR.
    """
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [
            address.strip()
            for address in request.headers.get("x-forwarded-for", "").split(",")
            if address.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")
