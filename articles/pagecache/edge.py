"""The edge: the HTTP caches in front of the site, and how to purge them.

`EDGE_PURGE_BACKEND` names one: Varnish with the xkey module, Fastly or
Cloudflare. Each reads the purge keys of a page from its own response header
(`tag_header`) and purges by key through its own API (`edge_purge`). With
no backend set, pages carry no header and nothing is sent.
"""

from itertools import batched

import httpx
from django.conf import settings

# A purge runs after a commit, in the request that made the change; a slow
# edge must not hold the editor for long. A failed purge is retried by
# `articles.tasks.edge_purge_retry`.
TIMEOUT_SECONDS = 5.0


class EdgePurgeError(Exception):
    """The edge could not be reached, or refused the purge."""


class Varnish:
    """Varnish with vmod_xkey: `PURGE /` with an `xkey-purge` header.

    Sent to every server in `EDGE_PURGE_URLS`; the VCL accepts PURGE from
    the app servers only and answers 200 once `xkey.purge` ran.
    """

    header = "xkey"
    separator = " "
    # Keeps the request header well under Varnish's 8 KB default limit.
    batch_size = 100

    def purge(self, keys: list[str]) -> None:
        for base_url in settings.EDGE_PURGE_URLS:
            for batch in batched(keys, self.batch_size):
                send(
                    "PURGE",
                    base_url.rstrip("/") + "/",
                    headers={"xkey-purge": " ".join(batch)},
                )


class Fastly:
    """Fastly: a bulk purge by surrogate key (up to 256 keys a request)."""

    header = "Surrogate-Key"
    separator = " "
    batch_size = 256

    def purge(self, keys: list[str]) -> None:
        url = (
            f"{settings.FASTLY_API_URL.rstrip('/')}"
            f"/service/{settings.FASTLY_SERVICE_ID}/purge"
        )
        for batch in batched(keys, self.batch_size):
            send(
                "POST",
                url,
                headers={
                    "Fastly-Key": settings.FASTLY_API_TOKEN,
                    "Accept": "application/json",
                },
                json={"surrogate_keys": list(batch)},
            )


class Cloudflare:
    """Cloudflare: purge_cache by cache tags (up to 100 tags a request)."""

    header = "Cache-Tag"
    separator = ","
    batch_size = 100

    def purge(self, keys: list[str]) -> None:
        url = (
            f"{settings.CLOUDFLARE_API_URL.rstrip('/')}"
            f"/zones/{settings.CLOUDFLARE_ZONE_ID}/purge_cache"
        )
        for batch in batched(keys, self.batch_size):
            response = send(
                "POST",
                url,
                headers={"Authorization": f"Bearer {settings.CLOUDFLARE_API_TOKEN}"},
                json={"tags": list(batch)},
            )
            # The API reports refusals in the body as well as the status.
            if not response.json().get("success"):
                raise EdgePurgeError(f"Cloudflare refused the purge: {response.text}")


BACKENDS = {"varnish": Varnish, "fastly": Fastly, "cloudflare": Cloudflare}


def edge_backend():
    """Return the configured edge backend, or None if there is no edge."""
    backend = BACKENDS.get(settings.EDGE_PURGE_BACKEND)
    return None if backend is None else backend()


def tag_header(keys: list[str]) -> tuple[str, str] | None:
    """Return the response header naming `keys` for the edge, or None."""
    backend = edge_backend()
    if backend is None or not keys:
        return None
    return backend.header, backend.separator.join(keys)


def edge_purge(keys: list[str]) -> None:
    """Purge the edge's pages tagged with any of `keys`.

    Raise EdgePurgeError if any server or API call fails; purging again is
    harmless, so the caller retries the whole list.
    """
    backend = edge_backend()
    if backend is not None and keys:
        backend.purge(keys)


def send(method: str, url: str, **kwargs) -> httpx.Response:
    """Send one purge request; raise EdgePurgeError unless it answers 200."""
    try:
        response = httpx.request(method, url, timeout=TIMEOUT_SECONDS, **kwargs)
    except httpx.HTTPError as error:
        raise EdgePurgeError(f"{method} {url}: {error}") from error
    if response.status_code != 200:
        raise EdgePurgeError(
            f"{method} {url} answered {response.status_code}: {response.text[:200]}"
        )
    return response
