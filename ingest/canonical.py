"""URL canonicalisation: one address per article, whoever links to it."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Parameters that only say how a reader arrived, never which article it is.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ocid",
        "cmpid",
        "smid",
        "ref_src",
        "spm",
    }
)
TRACKING_PREFIXES = ("utm_",)
DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking_parameter(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """Return `url` in canonical form, or "" if it is not an http(s) URL.

    Scheme and host are lower-cased, default ports, fragments and tracking
    parameters are dropped, and the remaining query parameters are sorted,
    so two links to the same article compare equal. The path keeps its case:
    servers may treat it as significant.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return ""
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"  # IPv6 literal
    if port is not None and port != DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_parameter(name)
    )
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query), ""))
