"""Settings for the news aggregator, read from the environment.

Every setting an operator may change is an environment variable (or a line in
`.env`); `.env.example` lists and explains each one. With no environment at
all the project refuses to start unless `DEBUG` is on, so a production server
can never run on development defaults by accident.
"""

from datetime import timedelta
from pathlib import Path

import environ
from botocore.config import Config
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from js_asset import Script

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A `.env` file beside manage.py, if present, fills in what the real
# environment leaves unset; the real environment always wins.
env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment or in .env "
            "(see .env.example), or set DEBUG=True for local development."
        )
    # Development only: sessions signed with it are worthless elsewhere.
    SECRET_KEY = "django-insecure-development-only"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# How many proxies of our own (nginx, a load balancer) stand in front of the
# app and append to X-Forwarded-For; 0 means clients connect directly.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# The public address of the site, used in links that leave the request
# (feeds, e-mails, canonical URLs).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="World Brief")

INSTALLED_APPS = [
    # Before the admin, so that it can patch the admin's model forms.
    "modeltranslation",
    # django.contrib.admin, named for the newsroom, with each person's work
    # on its index.
    "aggregator.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "axes",
    # The story body's rich-text editor; its scripts ship in the package.
    "django_prose_editor",
    # Every saved version of a story (articles.services.history).
    "reversion",
    "articles",
    # Feeds in and legal requests build on the stories, never the reverse.
    "ingest",
    "takedowns",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session and the rest: a cached page costs none of them.
    "articles.pagecache.pages.PageCacheMiddleware",
    # Public pages of anonymous readers are read from a replica.
    "articles.replicas.ReplicaReadMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Above LocaleMiddleware, so it sees the Vary header that one adds.
    "articles.pagecache.pages.VaryCleanupMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "articles.middleware.LanguageTimezoneMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes requires: it turns a lockout into its 429 page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out login is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "aggregator.urls"

TEMPLATES = [
    # First: readers' pages are Jinja2 templates (templates/jinja2/ and the
    # apps' jinja2/ folders); the admin, feeds and form widgets are not found
    # there and fall through to Django's engine.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "aggregator.templating.environment",
            "context_processors": ["articles.context_processors.site"],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The admin's inline scripts read the CSP nonce through it.
                "django.template.context_processors.csp",
                "articles.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "aggregator.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
# Persistent connections: opening one per request costs more than most pages.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers go on while the admin writes; IMMEDIATE takes
            # the write lock up front instead of failing half-way with
            # "database is locked".
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# Read replicas (docs/deploy.md): anonymous readers' public pages are read
# from one of them, everything else from the primary (articles.replicas).
# Comma-separated PostgreSQL URLs; each becomes an alias replica1, replica2, …
# In tests a replica is the test database itself (MIRROR), not a copy.
DATABASE_REPLICAS = []
for number, url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    alias = f"replica{number}"
    DATABASES[alias] = {
        **env.db_url_config(url),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_REPLICAS.append(alias)
if DATABASE_REPLICAS and DATABASES["default"]["ENGINE"] != (
    "django.db.backends.postgresql"
):
    raise ImproperlyConfigured("DATABASE_REPLICA_URLS needs PostgreSQL.")
DATABASE_ROUTERS = ["articles.replicas.ReplicaRouter"]

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The same backend, without a new client object for every call.
    CACHES["default"]["BACKEND"] = "articles.pagecache.backends.RedisCache"
    # A Redis that hangs must not hang the site: after a second, pages are
    # served uncached, as when it is down (docs/operators.md, "What happens
    # when"). A cache call takes well under a millisecond on the LAN.
    options = CACHES["default"].setdefault("OPTIONS", {})
    options.setdefault("socket_connect_timeout", 1)
    options.setdefault("socket_timeout", 1)

# The HTTP cache in front of the site, purged by key after each change
# (docs/operators.md, "Page cache and purging"): "" (none), "varnish",
# "fastly" or "cloudflare".
EDGE_PURGE_BACKEND = env.str("EDGE_PURGE_BACKEND", default="")
if EDGE_PURGE_BACKEND not in ("", "varnish", "fastly", "cloudflare"):
    raise ImproperlyConfigured(
        "EDGE_PURGE_BACKEND must be empty or one of varnish, fastly, cloudflare, "
        f"not {EDGE_PURGE_BACKEND!r}."
    )
# Varnish: the base URL of each server, comma-separated.
EDGE_PURGE_URLS = env.list("EDGE_PURGE_URLS", default=[])
FASTLY_API_URL = env.str("FASTLY_API_URL", default="https://api.fastly.com")
FASTLY_SERVICE_ID = env.str("FASTLY_SERVICE_ID", default="")
FASTLY_API_TOKEN = env.str("FASTLY_API_TOKEN", default="")
CLOUDFLARE_API_URL = env.str(
    "CLOUDFLARE_API_URL", default="https://api.cloudflare.com/client/v4"
)
CLOUDFLARE_ZONE_ID = env.str("CLOUDFLARE_ZONE_ID", default="")
CLOUDFLARE_API_TOKEN = env.str("CLOUDFLARE_API_TOKEN", default="")

# EMAIL_URL (smtp+tls://user:password@host:587, consolemail://, …) becomes
# the default mailer of Django 6.1's MAILERS setting.
email_config = env.email("EMAIL_URL", default="consolemail://")
MAILER_OPTIONS = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
}
MAILERS = {
    "default": {
        "BACKEND": email_config["EMAIL_BACKEND"],
        "OPTIONS": {
            option: email_config[setting]
            for setting, option in MAILER_OPTIONS.items()
            if email_config.get(setting)
        },
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English is the source of record, at /; Simplified Chinese at /zh-hans/.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
# Chinese pages show Beijing time; see articles.middleware.LanguageTimezoneMiddleware.
LANGUAGE_TIME_ZONES = {"zh-hans": "Asia/Shanghai"}
LOCALE_PATHS = [BASE_DIR / "articles" / "locale"]

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "zh-hans")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_REQUIRED_LANGUAGES = ("en",)
# Never copy English into the Chinese columns: an empty Chinese field means
# "not translated yet", which the publishing rules depend on.
MODELTRANSLATION_AUTO_POPULATE = False
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded pictures (docs/operators.md, "Hero images"): renditions in the
# "default" storage, public at MEDIA_URL; masters in "private", never served.
# MEDIA_STORAGE=local keeps both on this server's disk; MEDIA_STORAGE=s3 puts
# them in two buckets of an S3-compatible store, which every app server
# shares (docs/deploy.md, "Media on object storage").
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
# The scheme and host pictures come from when MEDIA_URL is absolute: the one
# origin the Content-Security-Policy's img-src adds to our own.
MEDIA_ORIGIN = "/".join(MEDIA_URL.split("/")[:3]) if "://" in MEDIA_URL else ""
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Image masters: re-encoded uploads kept to rebuild renditions from. Never
# served, so it must not lie inside MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")


def s3_media_storages(
    *,
    media_url: str,
    public_bucket: str,
    private_bucket: str,
    endpoint_url: str,
    region: str,
    access_key: str,
    secret_key: str,
) -> dict:
    """Return the "default" and "private" STORAGES entries for two S3 buckets.

    Renditions go to `public_bucket` and their addresses are `media_url`
    plus the file name: unsigned, so they never expire inside a cached page,
    and built without a request. Masters go to `private_bucket`, whose
    addresses are signed and expire. No ACL is sent with any file: who may
    read a bucket is its policy's business (docs/deploy.md), and S3 refuses
    uploads that carry an ACL to buckets with ACLs disabled, its default.
    """
    if "://" not in media_url:
        raise ImproperlyConfigured(
            "With MEDIA_STORAGE=s3, MEDIA_URL must be the absolute address the "
            "public bucket is read at, such as https://media.example.com/."
        )
    if not (public_bucket and private_bucket) or public_bucket == private_bucket:
        raise ImproperlyConfigured(
            "With MEDIA_STORAGE=s3, set S3_PUBLIC_BUCKET and S3_PRIVATE_BUCKET "
            "to two different buckets: masters must never be public."
        )
    scheme, address = media_url.split("://", 1)
    connection = {
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "access_key": access_key,
        "secret_key": secret_key,
        # An editor waits on the upload: fail in seconds, not boto3's minutes
        # of retries, when the store does not answer.
        "client_config": Config(
            connect_timeout=5,
            read_timeout=30,
            retries={"mode": "standard", "max_attempts": 3},
        ),
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **connection,
                "bucket_name": public_bucket,
                "custom_domain": address.rstrip("/"),
                "url_protocol": f"{scheme}:",
                "querystring_auth": False,
                # A name never gets new content (a changed picture gets a new
                # folder), so browsers and CDNs may keep files for good.
                "object_parameters": {
                    "CacheControl": "public, max-age=31536000, immutable"
                },
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **connection,
                "bucket_name": private_bucket,
                "querystring_auth": True,
                "querystring_expire": 300,
            },
        },
    }


if MEDIA_STORAGE == "local":
    MEDIA_STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
        },
    }
elif MEDIA_STORAGE == "s3":
    MEDIA_STORAGES = s3_media_storages(
        media_url=MEDIA_URL,
        public_bucket=env.str("S3_PUBLIC_BUCKET", default=""),
        private_bucket=env.str("S3_PRIVATE_BUCKET", default=""),
        endpoint_url=env.str("S3_ENDPOINT_URL", default=""),
        region=env.str("S3_REGION", default=""),
        access_key=env.str("S3_ACCESS_KEY_ID", default=""),
        secret_key=env.str("S3_SECRET_ACCESS_KEY", default=""),
    )
else:
    raise ImproperlyConfigured(
        f"MEDIA_STORAGE must be local or s3, not {MEDIA_STORAGE!r}."
    )

STORAGES = {
    **MEDIA_STORAGES,
    # Hashed names (so WhiteNoise can cache them for a year) and compressed
    # copies; `manage.py collectstatic` builds both before the server starts.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Hero image uploads (docs/operators.md): refused above these limits. The
# pixel limit is read from the file's header, before any decoding, so a
# decompression bomb costs nothing.
IMAGE_MAX_BYTES = env.int("IMAGE_MAX_BYTES", default=20 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=50_000_000)

# Where rights holders write until the takedown form exists: the designated
# agent named on the removal page.
TAKEDOWN_AGENT_NAME = env.str("TAKEDOWN_AGENT_NAME", default="Rights Desk")
TAKEDOWN_AGENT_EMAIL = env.str("TAKEDOWN_AGENT_EMAIL", default="rights@localhost")
TAKEDOWN_AGENT_ADDRESS = env.str("TAKEDOWN_AGENT_ADDRESS", default="")
TAKEDOWN_AGENT_PHONE = env.str("TAKEDOWN_AGENT_PHONE", default="")

# Background work (feed polling) runs on django.tasks. "database" stores tasks
# in our database for `manage.py db_worker` to run (production); "immediate"
# runs them inside the caller, which needs no worker (development, tests).
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate" if DEBUG else "database")
TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in TASKS_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASKS_BACKENDS)}, "
        f"not {TASKS_BACKEND!r}."
    )
TASKS = {
    "default": {
        "BACKEND": TASKS_BACKENDS[TASKS_BACKEND],
        "QUEUES": ["default", "ingest"],
    }
}

# Feed ingestion (docs/ingestion.md). Feed URLs are typed by staff but point
# anywhere: refusing private addresses keeps the poller from being used to
# reach the internal network (SSRF). Tests serve feeds on 127.0.0.1 and let
# loopback addresses through with this setting (private and link-local ones
# stay refused); production never should.
INGEST_ALLOW_PRIVATE_HOSTS = env.bool("INGEST_ALLOW_PRIVATE_HOSTS", default=False)
FEED_USER_AGENT = env.str(
    "FEED_USER_AGENT",
    default=f"{SITE_NAME} feed reader (+{SITE_URL}/)",
)
INGEST_CONNECT_TIMEOUT = 5.0
INGEST_READ_TIMEOUT = 15.0
INGEST_MAX_BYTES = 5 * 1024 * 1024
INGEST_MAX_REDIRECTS = 5

# Security headers and cookies. Behind TLS (SECURE_SSL=True) cookies are
# HTTPS-only and plain HTTP is redirected; HSTS_SECONDS=31536000 once the
# whole domain is served over HTTPS, because browsers remember it.
SECURE_SSL = env.bool("SECURE_SSL", default=False)
SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_HSTS_SECONDS = env.int("HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
# Trusted only because our own proxy (nginx) sets it and strips the client's.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Sources see that readers came from us, not which page they read.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Public templates have no inline script or style; the admin's inline scripts
# carry the nonce. The nonce is left out of the header of pages that never
# read it, so cached public pages are the same bytes for every reader.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# The story body's editor preset: django-prose-editor's own, without the
# <style> element our CSP would block (static/admin/articles/body-editor.js).
DJANGO_PROSE_EDITOR_PRESETS = {
    "body": [
        Script("django_prose_editor/editor.js", type="module"),
        Script("admin/articles/body-editor.js", type="module"),
    ]
}

# Admin login throttling (django-axes): 5 failures for one username from one
# address lock that pair out for 15 minutes. Locking by the pair, not by the
# username alone, means an attacker elsewhere cannot lock an editor out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "articles.abuse.client_ip"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # A safety net: no e-mail or IP address reaches the logs.
        "mask_personal_data": {"()": "aggregator.log_filters.MaskPersonalData"}
    },
    "formatters": {
        "line": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["mask_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
# Write-ups of one event by several outlets are clustered when they were
# reported within this many hours of each other (docs/ingestion.md).
INGEST_CLUSTER_WINDOW = timedelta(
    hours=env.int("INGEST_CLUSTER_WINDOW_HOURS", default=72)
)
