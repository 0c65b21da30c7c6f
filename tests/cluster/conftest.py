"""The rig `make cluster` runs (deploy/cluster/cluster.sh), seen over HTTP.

The tests use a running rig and never start one: `.ci/run` starts it with
`make cluster` and stops it afterwards. Without a rig they are skipped,
unless REQUIRE_CLUSTER is set (as .ci/run does), which makes that a failure.
"""

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
CLUSTER_DIR = Path(os.environ.get("CLUSTER_DIR", BASE_DIR / ".cluster"))
CLUSTER_SCRIPT = BASE_DIR / "deploy" / "cluster" / "cluster.sh"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

STAFF_USERNAME = "rig-editor"
STAFF_PASSWORD = "rig-editor-password-not-secret"


def read_environment(path: Path) -> dict[str, str]:
    """Return the KEY=VALUE lines of one of the rig's settings files."""
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if line)
    return dict(pairs)


@dataclass
class Rig:
    edge: str
    app_a: str
    app_b: str
    replica_url: str
    settings: dict[str, str]

    def manage(self, *arguments: str, **environment: str) -> str:
        """Run a management command with the rig's settings; return its output."""
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=BASE_DIR,
            env={"PATH": os.environ["PATH"], **self.settings, **environment},
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    def stop(self, component: str) -> None:
        subprocess.run([str(CLUSTER_SCRIPT), "stop", component], check=True)

    def start(self, component: str) -> None:
        subprocess.run(
            [str(CLUSTER_SCRIPT), "start", component],
            check=True,
            env={**os.environ, "VENV": str(Path(sys.executable).parents[1])},
        )


def rig_is_up(edge: str) -> bool:
    try:
        return httpx.get(f"{edge}/livez", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture(scope="session")
def rig() -> Rig:
    addresses_file = CLUSTER_DIR / "rig.env"
    addresses = read_environment(addresses_file) if addresses_file.exists() else {}
    if not rig_is_up(addresses.get("EDGE_URL", "http://127.0.0.1:18780")):
        message = "The rig is not running (make cluster)."
        if os.environ.get("REQUIRE_CLUSTER"):
            pytest.fail(message)
        pytest.skip(message)
    return Rig(
        edge=addresses["EDGE_URL"],
        app_a=addresses["APP_A_URL"],
        app_b=addresses["APP_B_URL"],
        replica_url=addresses["REPLICA_URL"],
        settings=read_environment(CLUSTER_DIR / "app.env"),
    )


@pytest.fixture(scope="session")
def newsroom(rig) -> dict[str, int]:
    """An editor's account, a category and a source, as a site starts with.

    Made with the shell: these are the site's furniture, not the journey
    under test. Return the category's and the source's ids.
    """
    output = rig.manage(
        "shell",
        "--no-imports",
        "-c",
        "import os\n"
        "from django.contrib.auth.models import User\n"
        "from articles.models import Category, Source\n"
        "user, _ = User.objects.get_or_create(username=os.environ['STAFF_USERNAME'])\n"
        "user.is_staff = user.is_superuser = True\n"
        "user.set_password(os.environ['STAFF_PASSWORD'])\n"
        "user.save()\n"
        "category, _ = Category.objects.get_or_create("
        "slug='rig-world', defaults={'name_en': 'Rig World'})\n"
        "source, _ = Source.objects.get_or_create(slug='rig-wire', defaults={"
        "'name_en': 'Rig Wire', 'homepage_url': 'https://wire.example',"
        "'attribution_template_en': 'As reported by {source}',"
        "'attribution_template_zh_hans': '据{source}报道'})\n"
        "print(category.pk, source.pk)\n",
        STAFF_USERNAME=STAFF_USERNAME,
        STAFF_PASSWORD=STAFF_PASSWORD,
    )
    category, source = output.split()
    return {"category": int(category), "source": int(source)}


def csrf_token(page: httpx.Response) -> str:
    match = CSRF_FIELD.search(page.text)
    assert match, f"No CSRF token on {page.url}"
    return match.group(1)


def staff_session(base_url: str) -> httpx.Client:
    """Log in to the admin at `base_url` through its login form."""
    client = httpx.Client(base_url=base_url, timeout=30)
    login = client.get("/admin/login/")
    response = client.post(
        "/admin/login/",
        data={
            "username": STAFF_USERNAME,
            "password": STAFF_PASSWORD,
            "csrfmiddlewaretoken": csrf_token(login),
            "next": "/admin/",
        },
    )
    assert response.status_code == 302, response.text
    return client


@pytest.fixture
def staff_on_a(rig, newsroom):
    client = staff_session(rig.app_a)
    yield client
    client.close()


@pytest.fixture
def staff_on_b(rig, newsroom):
    client = staff_session(rig.app_b)
    yield client
    client.close()
