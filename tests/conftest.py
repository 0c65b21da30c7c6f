import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Keep uploads out of the repository, and make the suite fast and isolated."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # WhiteNoise warns at start-up when STATIC_ROOT does not exist.
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Templates use {% static %}; the hashed-name manifest exists only after
    # collectstatic, which the suite does not run.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    # Local memory outlives a settings change: no page cached by one test
    # may answer the next.
    cache.clear()


@pytest.fixture
def editor(django_user_model):
    """A staff member in the Editors group, as the data migration made it."""
    user = django_user_model.objects.create_user(
        "editor", "editor@example.com", "editor-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
