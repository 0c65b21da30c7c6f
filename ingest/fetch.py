"""Fetch a feed over HTTP, politely and defensively.

Conditional GET saves the publisher's bandwidth and ours; the limits keep a
slow, huge or hostile server from tying up a worker; the address check keeps
a feed URL from reaching our own network (SSRF).
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# The resource has a new address for good: update links to it (RFC 9110).
PERMANENT_REDIRECT_STATUSES = {301, 308}


class FetchError(Exception):
    """The feed could not be fetched; the message says why, for editors.

    `status` is the HTTP status when the server answered, else None.
    """

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class FetchResult:
    status: int  # 200, or 304 when the feed has not changed
    content: bytes
    url: str  # after redirects: relative links resolve against it
    content_type: str
    etag: str
    last_modified: str
    moved_to: str = ""  # where permanent redirects moved the feed, if they did

    @property
    def is_not_modified(self) -> bool:
        return self.status == 304


def check_address(url: str) -> None:
    """Raise FetchError unless `url` is http(s) on a public address.

    Every address the host name resolves to must be public: one private
    answer is enough for a request to land inside our network.
    INGEST_ALLOW_PRIVATE_HOSTS lets loopback addresses (127.0.0.0/8, ::1)
    through, for the tests' local feed server, and nothing else: link-local
    addresses (169.254.169.254 is the cloud metadata service) and private
    networks stay refused.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"Only http and https addresses can be fetched: {url}")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(
            f"The host {parts.hostname} was not found ({error})."
        ) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if address.is_global and not address.is_multicast:
            continue
        if not (settings.INGEST_ALLOW_PRIVATE_HOSTS and address.is_loopback):
            raise FetchError(
                f"The host {parts.hostname} resolves to a private or reserved "
                f"address ({address}); such addresses are never fetched."
            )


def fetch_feed(url: str, *, etag: str = "", last_modified: str = "") -> FetchResult:
    """GET `url`, sending the stored validators, and return the body.

    Follow at most INGEST_MAX_REDIRECTS redirects, checking each address;
    stop reading past INGEST_MAX_BYTES. Raise FetchError for network errors,
    timeouts, HTTP errors (with `status`), redirect loops and oversize bodies.

    The result's `moved_to` is the last address reached by permanent
    redirects only: after a temporary one, the feed may come back.
    """
    headers = {
        "User-Agent": settings.FEED_USER_AGENT,
        "Accept": "application/rss+xml, application/atom+xml, "
        "application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    timeout = httpx.Timeout(
        settings.INGEST_READ_TIMEOUT, connect=settings.INGEST_CONNECT_TIMEOUT
    )
    # The read timeout is per read: a server trickling bytes could go on for
    # ever, so the whole exchange also has a deadline.
    deadline = (
        time.monotonic()
        + settings.INGEST_CONNECT_TIMEOUT
        + (2 * settings.INGEST_READ_TIMEOUT)
    )
    seen = []
    # The feed has moved for good as far as every redirect so far says so.
    moved_to, permanent = "", True
    # trust_env=False: a proxy from the environment would make the connection,
    # and the address check above would no longer judge where it goes.
    with httpx.Client(
        timeout=timeout, follow_redirects=False, trust_env=False
    ) as client:
        while True:
            check_address(url)
            seen.append(url)
            try:
                with client.stream("GET", url, headers=headers) as response:
                    location = response.headers.get("Location")
                    if response.status_code in REDIRECT_STATUSES and location:
                        next_url = urljoin(url, location)
                        if next_url in seen:
                            raise FetchError(f"Redirect loop at {next_url}.")
                        if len(seen) > settings.INGEST_MAX_REDIRECTS:
                            raise FetchError(
                                f"More than {settings.INGEST_MAX_REDIRECTS} "
                                f"redirects, last to {next_url}."
                            )
                        permanent = (
                            permanent
                            and response.status_code in PERMANENT_REDIRECT_STATUSES
                        )
                        if permanent:
                            moved_to = next_url
                        url = next_url
                        continue
                    return read_response(response, url, deadline, moved_to)
            except httpx.TimeoutException:
                raise FetchError(f"Timed out fetching {url}.") from None
            except httpx.HTTPError as error:
                raise FetchError(f"Could not fetch {url}: {error}") from None


def read_response(
    response: httpx.Response, url: str, deadline: float, moved_to: str
) -> FetchResult:
    if response.status_code == 304:
        content = b""
    elif response.status_code != 200:
        raise FetchError(
            f"The server answered {response.status_code} "
            f"{response.reason_phrase} for {url}.",
            status=response.status_code,
        )
    else:
        content = read_capped(response, url, deadline)
    return FetchResult(
        status=response.status_code,
        content=content,
        url=url,
        content_type=response.headers.get("Content-Type", ""),
        etag=response.headers.get("ETag", ""),
        last_modified=response.headers.get("Last-Modified", ""),
        moved_to=moved_to,
    )


def read_capped(response: httpx.Response, url: str, deadline: float) -> bytes:
    limit = settings.INGEST_MAX_BYTES
    too_big = FetchError(f"The feed at {url} is larger than {limit} bytes.")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_big
    chunks, size = [], 0
    # iter_bytes decompresses: the cap applies to what we would parse, so a
    # small gzip bomb cannot get past it.
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise too_big
        if time.monotonic() > deadline:
            raise FetchError(f"Timed out reading {url}.")
        chunks.append(chunk)
    return b"".join(chunks)
