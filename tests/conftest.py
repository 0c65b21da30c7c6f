import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Keep uploads out of the repository, and make the suite fast and isolated."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # WhiteNoise warns at start-up when STATIC_ROOT does not exist.
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    # Templates use {% static %}; the hashed-name manifest exists only after
    # collectstatic, which the suite does not run. Production's storage is
    # checked by tests/test_settings.py, which runs collectstatic itself.
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tasks run inside the test that queues them; one test runs the real worker.
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "ingest"],
        }
    }
    # Local memory outlives a settings change: no page cached by one test
    # may answer the next.
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default():
    """Start each test in English: a request through LocaleMiddleware leaves
    its language active in the test thread, and reverse() follows it."""
    with translation.override("en"):
        yield


def role_group(name):
    """Return the role group `name`, as the data migrations made it.

    A transactional test (live_server) empties every table when it ends, the
    migrations' groups included; `sync_roles` makes them again, as it would
    on a server.
    """
    if not Group.objects.filter(name=name).exists():
        call_command("sync_roles", verbosity=0)
    return Group.objects.get(name=name)


@pytest.fixture
def editor(django_user_model):
    """A staff member in the Editors group, as the data migration made it."""
    user = django_user_model.objects.create_user(
        "editor", "editor@example.com", "editor-password", is_staff=True
    )
    user.groups.add(role_group("Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def legal_staff(django_user_model):
    """A staff member in the Legal group, as the data migration made it."""
    user = django_user_model.objects.create_user(
        "legal", "legal@example.com", "legal-password", is_staff=True
    )
    user.groups.add(role_group("Legal"))
    return user


@pytest.fixture
def legal_client(client, legal_staff):
    client.force_login(legal_staff)
    return client
