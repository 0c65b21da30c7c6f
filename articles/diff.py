"""Side-by-side differences between two versions of a story, for editors.

Bodies are compared block by block (paragraph, heading, list item) as
text, and within a changed block word by word; other fields as text. The
result is escaped HTML with <del> and <ins> marks, styled by the admin's
versions stylesheet (no inline styles: the CSP forbids them).
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

from articles.sanitize import html_to_text

# Splits a body after each closing block tag, so paragraphs line up.
BLOCK_END = re.compile(
    r"(</(?:p|h2|h3|h4|li|ul|ol|blockquote|table|tr|figure|pre)>|<hr\s*/?>|<br\s*/?>)\s*"
)
WORD = re.compile(r"\s+|[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+")


@dataclass
class DiffRow:
    """One line of the side-by-side view: before, after, and how it changed."""

    before: SafeString
    after: SafeString
    change: str  # "equal", "replace", "delete" or "insert"


def html_blocks(html: str) -> list[str]:
    """Return the text of each block of `html`: "<p>a</p><p>b</p>" -> [a, b]."""
    blocks = (html_to_text(block) for block in BLOCK_END.sub(r"\1\n", html).split("\n"))
    return [block for block in blocks if block]


def words(text: str) -> list[str]:
    """Split text into words and spaces; each Chinese character is a word."""
    return WORD.findall(text)


def join(parts: list[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def mark_words(before: str, after: str) -> tuple[SafeString, SafeString]:
    """Return both texts escaped, removed words in <del>, added in <ins>."""
    old, new = words(before), words(after)
    left, right = [], []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(old[i1:i2]), "".join(new[j1:j2])
        if tag == "equal":
            left.append(format_html("{}", removed))
            right.append(format_html("{}", added))
            continue
        if removed:
            left.append(format_html("<del>{}</del>", removed))
        if added:
            right.append(format_html("<ins>{}</ins>", added))
    return join(left), join(right)


def diff_lines(before: list[str], after: list[str]) -> list[DiffRow]:
    """Line up two lists of text blocks, marking what changed within each."""
    rows = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(
                DiffRow(escape(block), escape(block), "equal")
                for block in before[i1:i2]
            )
            continue
        old, new = before[i1:i2], after[j1:j2]
        for index in range(max(len(old), len(new))):
            left = old[index] if index < len(old) else ""
            right = new[index] if index < len(new) else ""
            change = "replace" if left and right else "delete" if left else "insert"
            rows.append(DiffRow(*mark_words(left, right), change))
    return rows


def diff_text(before: str, after: str, *, is_html: bool = False) -> list[DiffRow]:
    """Compare two values of one field, as blocks if they are HTML bodies."""
    if is_html:
        return diff_lines(html_blocks(before), html_blocks(after))
    return diff_lines([before] if before else [], [after] if after else [])
