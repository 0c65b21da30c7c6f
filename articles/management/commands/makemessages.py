"""makemessages that also reads the Jinja2 templates of the public pages.

Django's makemessages reads every template with its own engine's lexer,
which does not know Jinja2's {% trans %} blocks. For a file under a
Jinja2 engine's folders, this one asks Jinja2's own extractor for the
messages and hands xgettext a Python file that calls gettext with them,
each on the line it came from. Everything else is Django's.
"""

from pathlib import Path

from django.core.management.commands import makemessages
from django.template import engines
from django.template.backends.jinja2 import Jinja2


def jinja2_environments():
    """Return (folders, environment) for each Jinja2 engine in settings."""
    return [
        ([Path(folder).resolve() for folder in engine.template_dirs], engine.env)
        for engine in engines.all()
        if isinstance(engine, Jinja2)
    ]


def jinja2_environment_of(path):
    """Return the Jinja2 environment whose folders hold `path`, or None."""
    path = Path(path).resolve()
    for folders, environment in jinja2_environments():
        if any(path.is_relative_to(folder) for folder in folders):
            return environment
    return None


def as_gettext_calls(environment, source: str) -> str:
    """Return Python source calling gettext with `source`'s messages.

    Each call is on the line of the template it came from, so xgettext's
    references (and translators' comments, if any) point at the template.
    """
    lines = [""] * (source.count("\n") + 1)
    for line, function, message in environment.extract_translations(source):
        arguments = message if isinstance(message, tuple) else (message,)
        # ngettext's count is not a string: Jinja2 gives None for it.
        literals = ", ".join(
            repr(part) if part is not None else "0" for part in arguments
        )
        lines[line - 1] += f"{function}({literals}); "
    return "\n".join(lines)


class BuildFile(makemessages.BuildFile):
    def preprocess(self):
        environment = jinja2_environment_of(self.path)
        if environment is None or self.domain != "django":
            return super().preprocess()
        source = Path(self.path).read_text(encoding="utf-8")
        Path(self.work_path).write_text(
            as_gettext_calls(environment, source), encoding="utf-8"
        )


class Command(makemessages.Command):
    build_file_class = BuildFile
