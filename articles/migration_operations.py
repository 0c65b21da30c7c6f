"""Migration steps for moving models out of this app into another one.

The `ingest` and `takedowns` apps began as part of this one; their first
migrations take over their models' content types and queued tasks with
these, in both directions.
"""

from django.db import migrations


def move_content_types(models, *, from_app, to_app):
    """Relabel the content types of `models`; permissions follow by id."""

    def relabel(apps, old, new):
        content_types = apps.get_model("contenttypes", "ContentType").objects
        for model in models:
            if not content_types.filter(app_label=new, model=model).exists():
                content_types.filter(app_label=old, model=model).update(app_label=new)

    return migrations.RunPython(
        lambda apps, schema_editor: relabel(apps, from_app, to_app),
        lambda apps, schema_editor: relabel(apps, to_app, from_app),
    )


def move_queued_tasks(task_names, *, from_module, to_module):
    """Point tasks queued under `from_module` at the same task in `to_module`."""

    def repoint(apps, old, new):
        results = apps.get_model("django_tasks_database", "DBTaskResult").objects
        for name in task_names:
            results.filter(task_path=f"{old}.{name}").update(task_path=f"{new}.{name}")

    return migrations.RunPython(
        lambda apps, schema_editor: repoint(apps, from_module, to_module),
        lambda apps, schema_editor: repoint(apps, to_module, from_module),
    )
