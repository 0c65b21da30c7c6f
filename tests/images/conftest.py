"""Image tests run on local disk and, through `media_storage`, on S3 too.

The S3 variant talks to a real S3-compatible server on 127.0.0.1 (moto's
server mode), never to an in-process mock, so boto3's requests, listings,
URLs and access refusals are the ones production sees.
"""

import os
import re
import subprocess
import sys
import time
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from aggregator.settings import s3_media_storages

# From this interpreter's own environment, never a shim found on PATH.
MOTO_SERVER = Path(sys.executable).parent / "moto_server"
LISTENING = re.compile(rb"Running on (http://127\.0\.0\.1:\d+)")
CREDENTIALS = {"access_key": "testing", "secret_key": "testing"}


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    """Start moto_server on a free loopback port; return its address.

    Skipped when moto is not installed, except where REQUIRE_S3 is set
    (CI), where a missing server is a failure.
    """
    if not MOTO_SERVER.exists():
        message = f"{MOTO_SERVER} is missing (pip install -r requirements-dev.txt)."
        if os.environ.get("REQUIRE_S3"):
            pytest.fail(message)
        pytest.skip(message)
    # Port 0: the system picks a free port, which the server prints. Its log
    # goes to a file, so no pipe fills up and stalls it.
    log_path = tmp_path_factory.mktemp("moto") / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(  # noqa: S603  (our own venv's program)
            [MOTO_SERVER, "--host", "127.0.0.1", "--port", "0"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 20
        while not (match := LISTENING.search(log_path.read_bytes())):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"moto_server did not start: {log_path.read_text()}")
            time.sleep(0.1)
        yield match.group(1).decode()
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(params=["local", "s3"])
def media_storage(request, settings):
    """Run the test on local disk, then on two fresh S3 buckets.

    Returns "local" or "s3". The S3 settings come from the same function
    as production's (aggregator.settings.s3_media_storages).
    """
    if request.param == "local":
        return "local"
    endpoint = request.getfixturevalue("s3_endpoint")
    # Fresh buckets per test: no test sees another's files.
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    public, private = f"{prefix}-public", f"{prefix}-private"
    settings.MEDIA_STORAGE = "s3"
    settings.MEDIA_URL = f"{endpoint}/{public}/"
    settings.STORAGES = {
        **settings.STORAGES,
        **s3_media_storages(
            media_url=settings.MEDIA_URL,
            public_bucket=public,
            private_bucket=private,
            endpoint_url=endpoint,
            region="eu-west-1",
            **CREDENTIALS,
        ),
    }
    call_command("create_media_buckets", stdout=StringIO())
    return "s3"
