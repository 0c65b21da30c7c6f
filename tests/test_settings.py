import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def start_django(expression="'started'", **environment):
    """Set up Django in a fresh interpreter with only `environment` set.

    Return the finished process; it prints `expression`, evaluated against the
    settings, if start-up succeeds.
    """
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print({expression})"
    )
    return subprocess.run(  # noqa: S603  (our own interpreter, fixed arguments)
        [sys.executable, "-c", code],
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "aggregator.settings",
            **environment,
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_static_files_are_hashed_and_compressed(tmp_path):
    # Production settings (DEBUG unset), collected into a folder of the test's
    # own: the suite itself runs without collectstatic.
    environment = {"SECRET_KEY": "x", "STATIC_ROOT": str(tmp_path)}
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        env={"PATH": os.environ["PATH"], **environment},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert collected.returncode == 0, collected.stderr

    result = start_django(
        "settings.STORAGES['staticfiles']['BACKEND'], "
        "__import__('django.template').template.engines['django'].from_string("
        "'{% load static %}{% static \"css/site.css\" %}').render()",
        **environment,
    )

    assert result.returncode == 0, result.stderr
    backend, url = result.stdout.split()
    assert backend == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url), url
    hashed = tmp_path / url.removeprefix("/static/")
    assert hashed.is_file()
    assert gzip.decompress(Path(f"{hashed}.gz").read_bytes()) == hashed.read_bytes()


def test_missing_secret_key_stops_start_up_with_a_clear_message():
    result = start_django(DEBUG="False")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "see .env.example" in result.stderr


def test_development_starts_with_no_environment_but_debug():
    result = start_django("settings.DATABASES['default']['NAME']", DEBUG="True")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(settings.BASE_DIR / "db.sqlite3")


def test_debug_is_off_unless_set():
    result = start_django("settings.DEBUG, settings.ALLOWED_HOSTS", SECRET_KEY="x")

    assert result.stdout.strip() == "False []"


def test_database_and_cache_urls_are_read():
    result = start_django(
        "settings.DATABASES['default']['ENGINE'], "
        "settings.CACHES['default']['BACKEND']",
        SECRET_KEY="x",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/newsroom",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )

    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "articles.pagecache.backends.RedisCache",
    ]


def test_a_hung_redis_costs_a_request_one_second_at_most():
    result = start_django(
        "settings.CACHES['default']['OPTIONS']",
        SECRET_KEY="x",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )

    assert "'socket_connect_timeout': 1" in result.stdout
    assert "'socket_timeout': 1" in result.stdout


def test_email_url_becomes_the_default_mailer():
    result = start_django(
        "settings.MAILERS['default']",
        SECRET_KEY="x",
        EMAIL_URL="smtp+tls://user:secret@mail.example.com:587",
    )

    assert "'host': 'mail.example.com'" in result.stdout
    assert "'port': 587" in result.stdout
    assert "'use_tls': True" in result.stdout


S3_ENVIRONMENT = {
    "SECRET_KEY": "x",
    "MEDIA_STORAGE": "s3",
    "MEDIA_URL": "https://media.example.com/",
    "S3_PUBLIC_BUCKET": "newsroom-media",
    "S3_PRIVATE_BUCKET": "newsroom-masters",
    "S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    "S3_ACCESS_KEY_ID": "key",
    "S3_SECRET_ACCESS_KEY": "secret",
}


def test_media_storage_s3_reads_both_buckets_from_the_environment():
    result = start_django(
        "[(alias, settings.STORAGES[alias]['OPTIONS']['bucket_name'], "
        "settings.STORAGES[alias]['OPTIONS']['querystring_auth']) "
        "for alias in ('default', 'private')]",
        **S3_ENVIRONMENT,
    )

    assert result.stdout.strip() == (
        "[('default', 'newsroom-media', False), ('private', 'newsroom-masters', True)]"
    )


def test_media_origin_reaches_the_csp_and_the_body_sanitiser():
    result = start_django(
        "settings.SECURE_CSP['img-src'][-1], "
        "__import__('articles.sanitize', fromlist=['x']).clean_body_html("
        '\'<img src="https://media.example.com/heroes/a/480.jpg" alt="a">'
        '<img src="https://tracker.example.net/p.gif" alt="b">\')',
        **S3_ENVIRONMENT,
    )

    origin, body = result.stdout.strip().split(" ", 1)
    assert origin == "https://media.example.com"
    assert 'src="https://media.example.com/heroes/a/480.jpg"' in body
    assert "tracker" not in body


def test_media_storage_s3_refuses_one_bucket_for_both():
    result = start_django(**{**S3_ENVIRONMENT, "S3_PRIVATE_BUCKET": "newsroom-media"})

    assert result.returncode != 0
    assert "masters must never be public" in result.stderr


def test_media_storage_s3_needs_an_absolute_media_url():
    result = start_django(**{**S3_ENVIRONMENT, "MEDIA_URL": "/media/"})

    assert result.returncode != 0
    assert "MEDIA_URL must be the absolute address" in result.stderr
