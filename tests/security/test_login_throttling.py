"""django-axes on Django 6.1: it does not declare 6.1 yet, so this is its smoke test."""

import pytest

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/?next=/admin/"


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        "desk", "desk@example.com", "the-right-password", is_staff=True
    )


def log_in(client, password, address="203.0.113.9"):
    return client.post(
        LOGIN_URL,
        {"username": "desk", "password": password},
        REMOTE_ADDR=address,
    )


def test_five_failures_lock_the_username_from_that_address(client, staff_user):
    statuses = [log_in(client, "wrong").status_code for _ in range(5)]

    response = log_in(client, "the-right-password")

    # The form again four times; the fifth failure locks.
    assert statuses == [200, 200, 200, 200, 429]

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client, staff_user):
    for _ in range(4):
        log_in(client, "wrong")

    response = log_in(client, "the-right-password")

    assert response.status_code == 302


def test_a_lockout_does_not_reach_the_editor_elsewhere(client, staff_user):
    for _ in range(5):
        log_in(client, "wrong", address="203.0.113.9")

    response = log_in(client, "the-right-password", address="198.51.100.7")

    assert response.status_code == 302


def test_the_lockout_holds_for_fifteen_minutes(client, staff_user, time_machine):
    time_machine.move_to("2026-11-25 09:00Z")
    for _ in range(5):
        log_in(client, "wrong")
    time_machine.move_to("2026-11-25 09:14Z")

    response = log_in(client, "the-right-password")

    assert response.status_code == 429


def test_the_lockout_ends_after_fifteen_minutes(client, staff_user, time_machine):
    time_machine.move_to("2026-11-25 09:00Z")
    for _ in range(5):
        log_in(client, "wrong")
    time_machine.move_to("2026-11-25 09:16Z")

    response = log_in(client, "the-right-password")

    assert response.status_code == 302
