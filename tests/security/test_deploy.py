import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import RequestFactory

from aggregator.log_filters import MaskPersonalData, mask_personal_data
from articles.abuse import client_ip

PRODUCTION_ENVIRONMENT = {
    "DEBUG": "False",
    "SECRET_KEY": "a-production-like-key-of-sixty-characters-Qx7Lm2Pz9Rt4Vw8Yb3",
    "ALLOWED_HOSTS": "news.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://news.example.com",
    "SITE_URL": "https://news.example.com",
    "SECURE_SSL": "True",
    "HSTS_SECONDS": "31536000",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "EMAIL_URL": "smtp+tls://user:password@smtp.example.com:587",
}


def check_deploy(**environment):
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env={"PATH": os.environ["PATH"], **environment},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_deploy_check_is_clean_with_production_settings():
    result = check_deploy(**PRODUCTION_ENVIRONMENT)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_without_https():
    result = check_deploy(**{**PRODUCTION_ENVIRONMENT, "SECURE_SSL": "False"})

    assert result.returncode != 0
    assert "security.W008" in result.stderr  # SECURE_SSL_REDIRECT


@pytest.mark.parametrize(
    ("message", "masked"),
    [
        ("Login failed for jane.doe+news@example.co.uk", "Login failed for [email]"),
        ("Request from 203.0.113.9 refused", "Request from [ip] refused"),
        ("Client 2001:db8::8a2e:370:7334 blocked", "Client [ip] blocked"),
        ("Poll finished at 21:24:43.959", "Poll finished at 21:24:43.959"),
    ],
)
def test_log_filter_masks_email_and_ip_addresses(message, masked):
    assert mask_personal_data(message) == masked


def test_log_records_are_masked_with_their_arguments():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "%s from %s", None, None
    )
    record.args = ("editor@example.com", "198.51.100.7")

    MaskPersonalData().filter(record)

    assert record.getMessage() == "[email] from [ip]"


def test_every_log_handler_masks_personal_data():
    assert "mask_personal_data" in settings.LOGGING["handlers"]["console"]["filters"]


def test_client_ip_is_read_behind_our_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9", REMOTE_ADDR="127.0.0.1"
    )

    # The left-most address is whatever the client wrote: never trusted.
    assert client_ip(request) == "203.0.113.9"


def test_client_ip_is_the_peer_without_a_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="10.9.9.9", REMOTE_ADDR="198.51.100.7"
    )

    assert client_ip(request) == "198.51.100.7"
