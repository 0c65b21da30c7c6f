"""Keep text that people type from reordering the text around it.

A name or a headline may be written right to left, or carry direction
controls such as U+202E RIGHT-TO-LEFT OVERRIDE; set beside other text, it
can reverse that text ("Rita <moc.elpmaxe@atir>"). HTML's <bdi> element
isolates it: its direction is worked out on its own, and any control in it
ends with it.
"""

from django.utils.html import format_html
from django.utils.safestring import SafeString


def isolate(text) -> SafeString:
    """Return `text`, escaped, in a <bdi> element."""
    return format_html("<bdi>{}</bdi>", text)
