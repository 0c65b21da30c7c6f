# The edge cache in front of the app servers (docs/deploy.md).
#
# Readers without a session get pages from here for as long as the app's
# Cache-Control allows a shared cache to keep them (s-maxage); staff, forms
# and everything that is not a plain read go to the app. The app purges
# pages by key after each commit (PURGE with an xkey-purge header), so a
# change, a takedown above all, is seen at once instead of after s-maxage.
#
# The backends and their director are in backends.vcl, beside this file on
# a server, or written by deploy/cluster/cluster.sh for the rig.
vcl 4.1;

import xkey;

include "backends.vcl";

# Who may purge: the app servers. Anyone else gets 403.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = apps.backend();

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "The xkey-purge header names the keys to purge"));
        }
        # A hard purge, never a soft one: a soft-purged page may still be
        # served stale while it is refetched, and a page taken down for a
        # legal reason must not be shown again at all.
        set req.http.xkey-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged"));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff (anyone with a session) always see the app's own answer; the
    # app decides the same way (articles.pagecache.pages.is_anonymous_read).
    if (req.http.Cookie ~ "(^|;\s*)sessionid=" || req.http.Authorization) {
        return (pass);
    }
    # A reader's other cookies (csrftoken) change nothing on a public page;
    # dropping them lets every reader share the one cached copy.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Only what the app marks public is shared between readers: a page
    # without Cache-Control (a form, the 451 page) is never stored, whatever
    # Varnish's default TTL would say. Marked uncacheable for 2 minutes
    # (hit-for-miss), so the next reader's request goes to the app again
    # and a page that turns public is stored at once.
    if (!bereq.uncacheable && beresp.http.Cache-Control !~ "\bpublic\b") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Otherwise the built-in rules apply: TTL from s-maxage (else max-age),
    # grace from stale-while-revalidate, and nothing with a Set-Cookie or
    # private/no-store is stored.
}

sub vcl_backend_error {
    # An app server that stopped answering between two health probes: ask
    # the next one (the director skips servers marked sick). Reads only: a
    # form's body is not kept for a second try.
    if (bereq.retries < 1 && (bereq.method == "GET" || bereq.method == "HEAD")) {
        return (retry);
    }
}

sub vcl_deliver {
    # The keys are for this cache alone.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}

sub vcl_synth {
    if (req.method == "PURGE" && req.http.xkey-purged) {
        set resp.http.xkey-purged = req.http.xkey-purged;
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.body = "Purged " + req.http.xkey-purged + " objects" + {"
"};
        return (deliver);
    }
}
