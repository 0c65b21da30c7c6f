"""html_to_text: the text of HTML, for search, duplicates and imported entries."""

import pytest

from articles.sanitize import html_to_text


def test_html_to_text_separates_blocks_but_not_inline_elements():
    assert html_to_text("<p>One <b>two</b>.</p><p>Three &amp; four</p>") == (
        "One two. Three & four"
    )


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("One<br>two<br/>three<br />four", "One two three four"),
        (
            "<h2>Head</h2><ul><li>One</li><li>Two</li></ul><div>Three</div>"
            "<table><tr><td>Four</td><td>five</td></tr></table><hr>Six",
            "Head One Two Three Four five Six",
        ),
        (
            "<div><p>Deep <em>in<strong>side</strong>, <a href='/x'>link</a></em>"
            "</p><blockquote><p>quoted</p></blockquote></div>after",
            "Deep inside, link quoted after",
        ),
        ("<p>北约峰会</p><p>在海牙举行。</p>", "北约峰会 在海牙举行。"),
        (
            "<p>北约<b>峰会</b>在<a href='/x'>海牙</a>举行<br>各国出席</p>",
            "北约峰会在海牙举行 各国出席",
        ),
        (
            "AT&amp;T &lt;b&gt; caf&eacute; &#8220;quoted&#x201D;&nbsp;x &amp;lt;",
            "AT&T <b> café “quoted” x &lt;",
        ),
        (
            "<p>Before</p><script>document.write('<p>no</p>')</script>"
            "<style>p { content: 'no' }</style><p>after</p>",
            "Before after",
        ),
        ("  spread \n\t out <!-- not <p>text</p> --> words ", "spread out words"),
        (
            '<p title="a>b" class="x">Attributes <img alt="no" src="/y.jpg">'
            "are not text</p>",
            "Attributes are not text",
        ),
        ("a < b and c > d, <p>unclosed <b>tags", "a < b and c > d, unclosed tags"),
        ("<p> </p>&nbsp;<br>", ""),
        ("", ""),
    ],
)
def test_html_to_text(html, text):
    assert html_to_text(html) == text
