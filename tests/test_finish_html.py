"""portal.finish_html: pages lose their indentation, never their content.

Record pages are a collapsed frame with collapsed values put in (portal.frames), so collapsing
must give the same bytes whether it is done on the whole page or on its pieces.
"""
from __future__ import annotations

import lxml.html
from hypothesis import given, strategies as st

from portal.finish_html import collapse_whitespace, join_collapsed
from site_html import pages, parse

# Pieces of pages: text, indentation, and whole elements whose whitespace must be kept.
_PIECE = st.lists(st.sampled_from([
    "a", "word", " ", "  ", "\n", "\n    ", "\t", "\r\n", "\u00a0", "\u200c", "<p>", "</p>",
    "<pre>  x\n    y\n</pre>", "<code> a\n  b </code>", "<script>\n  var a = `x\n  y`;\n</script>",
    "<textarea>\n t\n</textarea>", "<style>\n a { b: c }\n</style>",
]), max_size=8).map("".join)


@given(pieces=st.lists(_PIECE, min_size=1, max_size=6))
def test_collapsing_pieces_equals_collapsing_the_page(pieces):
    assert join_collapsed([collapse_whitespace(p) for p in pieces]) == collapse_whitespace("".join(pieces))


def test_collapse_keeps_content():
    html = ("<div>\n    <p>one\n      two</p>\n\n  <pre>  keep\n    this\n</pre>\n"
            "  <span>no\u00a0break</span>  <b>x</b>\n  <code>a\n   b</code></div>")
    out = collapse_whitespace(html)
    assert out == ("<div>\n<p>one\ntwo</p>\n<pre>  keep\n    this\n</pre>\n"
                   "<span>no\u00a0break</span>  <b>x</b>\n<code>a\n   b</code></div>")
    # The text a reader gets is the same (whitespace runs are one space either way).
    def text(h):
        return " ".join(lxml.html.fragment_fromstring(h).text_content().split())
    assert text(out) == text(html)


def test_built_pages_have_no_indentation(site_dir):
    """Every page, MkDocs' and filled ones alike: no line starts with spaces outside pre/code/script."""
    checked = 0
    for page in pages(site_dir):
        html = page.read_text(encoding="utf-8")
        assert collapse_whitespace(html) == html, f"{page.relative_to(site_dir)} is not collapsed"
        checked += 1
    assert checked > 100
    tree = parse(site_dir / "fa" / "sister-cities" / "yerevan" / "index.html")
    assert tree.xpath("//h1") and tree.xpath("//script[@type='application/ld+json']"), "a filled page lost its parts"
