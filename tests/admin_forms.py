"""Helpers for tests that save a change through an admin form."""


def admin_change_form_data(client, url, **changes):
    """Return what the admin change form at `url` posts as loaded, with `changes`."""
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(changes)
    return data
