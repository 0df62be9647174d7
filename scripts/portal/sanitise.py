"""One HTML policy for everything staff write: the Markdown in data files and the prose pages.

Both are Markdown only: the validator refuses raw HTML in either (portal.formats for data,
portal.prose for content/), and what the Markdown renders to is cleaned again here with nh3
(Rust's ammonia), so a trick the validator misses still publishes nothing that runs. The same
rules hold in both: no script, no event handler, no style, no frame, no form, no <base> or
<meta>; links only to http(s), mailto or a relative address. Prose pages may use more of
Markdown's structure than a record's summary (headings, tables, images from content/).
"""
from __future__ import annotations

import nh3

URL_SCHEMES = frozenset({"http", "https", "mailto"})
_TEXT_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code"}
_PAGE_TAGS = _TEXT_TAGS | {"h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "b", "i", "sup", "sub", "kbd", "abbr",
                           "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
                           "div", "span", "img", "figure", "figcaption", "details", "summary"}
# Prose pages keep the ids and classes Markdown's attr_list gives headings ({#which-office}) and
# the admonition extension's boxes; lang and dir mark a passage in another language.
_PAGE_ATTRIBUTES = {"*": {"id", "class", "lang", "dir", "title"}, "a": {"href", "hreflang"},
                    "img": {"src", "alt", "width", "height"}, "th": {"colspan", "rowspan"},
                    "td": {"colspan", "rowspan"}, "abbr": {"title"}}

# Record texts: the safe Markdown subset of a summary; external links marked as such.
data_text = nh3.Cleaner(tags=_TEXT_TAGS, attributes={"a": {"href", "title", "hreflang"}},
                        url_schemes=set(URL_SCHEMES), link_rel="noopener external")
# Prose pages: links inside the site are relative and get no rel.
page_content = nh3.Cleaner(tags=_PAGE_TAGS, attributes=_PAGE_ATTRIBUTES, url_schemes=set(URL_SCHEMES),
                           link_rel=None, strip_comments=True)
