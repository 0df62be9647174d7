"""The search index (portal.search_index) and the real search.js run against it under Node.

search.js runs in a Node vm with a stand-in DOM and a fetch that reads the written files, so
matching, ranking, folding and highlighting are tested here in milliseconds; test_browser.py
runs the same script in Chromium on the real site.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal import languages, search_index
from portal.search_index import MARKER, SearchIndex, document_from_html, words
from portal.textfold import fold

ROOT = Path(__file__).resolve().parents[1]
JS = ROOT / "overrides" / "assets" / "javascripts"


def page(lang: str, title: str, body: str) -> str:
    """A page shaped like the built site's: navigation and footer around the marked article."""
    return (f'<!doctype html><html lang="{lang}" dir="rtl" class="no-js"><head><meta charset="utf-8">'
            f"<title>{title} - Site name</title><script>var navigationScript = 1;</script></head><body>"
            f'<nav>navigation menu</nav><article class="md-content__inner md-typeset">{MARKER}<h1>{title}</h1>'
            f'{body}</div><p class="portal-edit">edit this record</p></article><footer>footer text</footer></body></html>')


def write_index(folder: Path, pages: dict[str, tuple[str, str, str]]) -> Path:
    """pages: url -> (lang, title, body HTML); returns the site folder."""
    index = SearchIndex()
    for url, (lang, title, body) in pages.items():
        index.add(document_from_html(url, page(lang, title, body)))
    assert index.write(folder) == len(pages)
    return folder


# --- document_from_html -------------------------------------------------------------


def test_document_keeps_the_marked_article_only():
    html = page("fa", "پکن &amp; تهران", '<p class="portal-notice" role="note">نمونهٔ ساختگی</p>'
                '<script>var hidden = "scriptword";</script><style>.x{color:red}</style>'
                '<svg><title>mapword</title></svg><select><option>selectword</option></select>'
                '<dl><dt>کشور</dt><dd>چین</dd></dl>'
                "<p>پکن و <a href='x'>تهران</a>، در سال ۱۳۹۲ &#171;خواهرخوانده&#187; شدند.</p>")
    doc = document_from_html("/fa/sister-cities/beijing/index.html", html)
    assert doc["lang"] == "fa" and doc["url"] == "fa/sister-cities/beijing/"
    assert doc["title"] == "پکن & تهران"          # unescaped, without " - Site name"
    assert doc["excerpt"] == "پکن و تهران، در سال ۱۳۹۲ «خواهرخوانده» شدند."   # as written, from the first paragraph
    terms = doc["terms"]
    assert {"پکن", "تهران", "چین", "1392", "خواهرخوانده", "نمونه"} <= set(terms)
    # Not the head, navigation, footer, scripts, styles, the map, nor the template's edit link.
    assert not {"scriptword", "mapword", "selectword", "color", "navigation", "footer", "name", "edit"} & set(terms)
    assert terms["پکن"] == 2 + search_index.TITLE_WEIGHT   # h1 and paragraph, plus the title
    json.dumps(doc)   # plain data, cheap to send from a worker process


def test_pages_without_the_marker_and_the_search_page_are_not_documents():
    assert document_from_html("404.html", "<html lang='en'><body><p>Not found</p></body></html>") is None
    search = page("en", "Search", '<form data-search-form></form><ol data-search-results></ol>')
    assert document_from_html("search/", search) is None


def test_excerpt_is_cut_at_a_word_and_keeps_words_apart():
    doc = document_from_html("x/", page("en", "Long", "<p>" + "word " * 100 + "</p>"))
    assert doc["excerpt"].endswith("word …") and len(doc["excerpt"]) <= search_index.EXCERPT + 2
    doc = document_from_html("y/", page("en", "Badge", '<ul><li><a href="a/">First item</a><span>sample</span> (draft)</li></ul>'))
    assert doc["excerpt"] == "First item sample (draft)"
    assert {"item", "sample", "draft"} <= set(doc["terms"])


def test_a_huge_listing_is_indexed_by_its_beginning():
    body = "<p>intro</p>" + "<li>city</li>" * 20000 + "<li>lastcity</li>"
    terms = document_from_html("list/", page("en", "List", body))["terms"]
    assert "intro" in terms and "lastcity" not in terms


# --- words --------------------------------------------------------------------------


def test_words_fold_and_split():
    assert words("دیپلماسی، ديپلماسي «۱۳۹۸»؛ کتاب\u200cها", "fa") == ["دیپلماسی", "دیپلماسی", "1398", "کتابها"]
    assert words("Tehran's Sister-City (2014)", "en") == ["tehran", "s", "sister", "city", "2014"]
    assert words("همكاري ١٤٠١", "ar") == ["همكاري", "1401"]


def test_arabic_clitics():
    assert set(words("الدبلوماسية والدبلوماسية ودبلوماسية للدبلوماسية بالدبلوماسية دبلوماسية", "ar")) == {"دبلوماسية"}
    assert words("ولد الى", "ar") == ["ولد", "الى"]      # fewer than three letters would remain
    assert words("الدبلوماسية", "fa") == [fold("الدبلوماسية", "fa")]   # Arabic rules on Arabic pages only


def _words_as_search_js(text: str, lang: str) -> list[str]:
    """words() as search.js computes it: the plain fold, a split, then one clitic per word."""
    found = [w for w in re.split(search_index.SEPARATORS + "+", fold(text, lang).lower()) if w]
    clitics = search_index.CLITICS.get(lang, [])
    out = []
    for word in found:
        clitic = next((c for c in clitics if word.startswith(c) and len(word) - len(c) >= search_index.MIN_STEM), "")
        out.append(word[len(clitic):])
    return out


TEXT = st.text(st.one_of(
    st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهوييیکۀةءأإآ\u200c\u064e\u0640 .,،؛؟«»()-'0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣")),
    st.characters(min_codepoint=0x20, max_codepoint=0x2FF),
    st.characters(min_codepoint=0x600, max_codepoint=0x6FF),
    st.characters(min_codepoint=0x2000, max_codepoint=0x206F),
), max_size=40)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from(["en", "fa", "ar"]))
def test_words_equal_the_plain_fold_split_and_strip(text, lang):
    assert words(text, lang) == _words_as_search_js(text, lang)


# --- the files ----------------------------------------------------------------------

PAGES = {
    "sister-cities/beijing/": ("en", "Beijing", "<p>Beijing and Tehran signed a sister-city agreement in 2014.</p>"),
    "sister-cities/minsk/": ("en", "Minsk", "<p>Minsk and Tehran cooperate in transport.</p>"),
    "fa/sister-cities/beijing/": ("fa", "پکن", "<p>پکن و تهران در سال ۱۳۹۲ خواهرخوانده شدند.</p>"),
    "fa/deputy/": ("fa", "معاونت", "<p>ديپلماسي شهري تهران از سال 1398.</p>"),
    "ar/deputy/": ("ar", "المعاونية", "<p>الدبلوماسية الحضرية لطهران منذ ١٣٩٨.</p>"),
}


def test_files_per_language(tmp_path):
    site = write_index(tmp_path, PAGES)
    root = site / "search-index"
    assert sorted(p.name for p in root.iterdir()) == ["ar", "en", "fa"]
    fa = json.loads((root / "fa" / "index.json").read_text(encoding="utf-8"))
    assert set(fa) == {"chunk", "clitics", "prefix", "separators", "shards", "stem"} and fa["clitics"] == []
    docs = json.loads((root / "fa" / "d" / "0.json").read_text(encoding="utf-8"))
    assert docs == [["fa/deputy/", "معاونت", "ديپلماسي شهري تهران از سال 1398."],
                    ["fa/sister-cities/beijing/", "پکن", "پکن و تهران در سال ۱۳۹۲ خواهرخوانده شدند."]]
    shard = json.loads((root / "fa" / "t" / "0.json").read_text(encoding="utf-8"))
    assert "دیپلماسی" in shard and "ديپلماسي" not in shard and "beijing" not in shard
    assert "tehran" in json.loads((root / "en" / "t" / "0.json").read_text(encoding="utf-8"))


def test_two_builds_are_byte_identical_whatever_the_order(tmp_path):
    first = write_index(tmp_path / "a", PAGES)
    second = write_index(tmp_path / "b", dict(reversed(PAGES.items())))
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert b", " not in (first / "search-index" / "en" / "d" / "0.json").read_bytes()   # compact


def test_build_search_index_reads_a_built_site(tmp_path):
    for url, (lang, title, body) in PAGES.items():
        (tmp_path / url).mkdir(parents=True)
        (tmp_path / url / "index.html").write_text(page(lang, title, body), encoding="utf-8")
    (tmp_path / "assets" / "x").mkdir(parents=True)
    (tmp_path / "assets" / "x" / "index.html").write_text(page("en", "Asset", "<p>asset</p>"), encoding="utf-8")
    assert search_index.build_search_index(tmp_path) == len(PAGES)
    assert search_index.build_search_index(tmp_path) == len(PAGES)   # again, over the old index


# --- search.js under Node -----------------------------------------------------------

# Runs textfold.js and search.js in a fresh vm context per request, with a stand-in DOM and a
# fetch that reads the site folder; answers {"site", "lang", "q"} with the status line and the
# results as [href, title, excerpt with [marked] words].
NODE_DRIVER = r"""
const fs = require("fs"), path = require("path"), vm = require("vm"), readline = require("readline");
const [textfold, search] = process.argv.slice(1).map((f) => fs.readFileSync(f, "utf8"));
const errors = [];
process.on("unhandledRejection", (e) => errors.push(String(e)));
class Text { constructor(t) { this.text = t; } get textContent() { return this.text; } get marked() { return this.text; } }
class Element {
  constructor(tag) { this.tag = tag; this.children = []; this.dataset = {}; this.text = ""; }
  appendChild(child) { this.children.push(child); return child; }
  set textContent(v) { this.children = []; this.text = String(v); }
  get textContent() { return this.text + this.children.map((c) => c.textContent).join(""); }
  get marked() { return this.text + this.children.map((c) => c.tag === "mark" ? "[" + c.textContent + "]" : c.marked).join(""); }
  addEventListener() {}
  querySelector() { return this.input; }
}
readline.createInterface({ input: process.stdin }).on("line", async (line) => {
  const request = JSON.parse(line);
  const elements = { "[data-search-form]": new Element("form"), "[data-search-status]": new Element("p"), "[data-search-results]": new Element("ol") };
  elements["[data-search-form]"].input = { value: "" };
  const script = new Element("script");
  Object.assign(script.dataset, { lang: request.lang, digits: request.digits, index: "../search-index/" + request.lang + "/", none: "none", one: "1 result", many: "{n} results" });
  const context = {
    document: { currentScript: script, querySelector: (s) => elements[s], createElement: (t) => new Element(t), createTextNode: (t) => new Text(t) },
    location: { href: "http://site.test/search/?q=" + encodeURIComponent(request.q), search: "?q=" + encodeURIComponent(request.q) },
    history: { replaceState() {} }, URL, URLSearchParams,
    fetch: (url) => {
      const file = path.join(request.site, decodeURIComponent(url.pathname));
      const ok = fs.existsSync(file);
      return Promise.resolve({ ok, status: ok ? 200 : 404, json: () => Promise.resolve(JSON.parse(fs.readFileSync(file, "utf8"))) });
    },
  };
  context.window = context;
  vm.createContext(context);
  vm.runInContext(textfold, context);
  vm.runInContext(search, context);
  const status = elements["[data-search-status]"];
  for (let i = 0; i < 50 && !status.textContent; i++) await new Promise((r) => setImmediate(r));
  const results = elements["[data-search-results]"].children.map((li) => [li.children[0].href, li.children[0].textContent, li.children[1].marked]);
  process.stdout.write(JSON.stringify({ status: status.textContent, results, errors: errors.splice(0) }) + "\n");
});
"""


class NodeSearch:
    def __init__(self):
        node = shutil.which("node")
        if node is None:
            pytest.fail("`node` was not found on PATH; it runs search.js here (apt-get install nodejs).")
        self.proc = subprocess.Popen([node, "-e", NODE_DRIVER, str(JS / "textfold.js"), str(JS / "search.js")],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, encoding="utf-8")

    def __call__(self, site: Path, lang: str, q: str) -> tuple[str, list[list[str]]]:
        digits = languages.get(lang).digits if lang in languages.data_codes() else "0123456789"
        self.proc.stdin.write(json.dumps({"site": str(site), "lang": lang, "q": q, "digits": digits}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            pytest.fail("node stopped: " + self.proc.stderr.read())
        answer = json.loads(line)
        assert not answer["errors"], answer["errors"]
        return answer["status"], answer["results"]


@pytest.fixture(scope="module")
def search():
    runner = NodeSearch()
    yield runner
    runner.proc.stdin.close()
    runner.proc.wait(timeout=10)


def urls(found):
    return [href for href, _, _ in found[1]]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return write_index(tmp_path_factory.mktemp("site"), PAGES)


def test_every_word_must_match(search, site):
    assert sorted(urls(search(site, "en", "tehran"))) == ["/sister-cities/beijing/", "/sister-cities/minsk/"]
    assert urls(search(site, "en", "Tehran BEIJING")) == ["/sister-cities/beijing/"]
    assert search(site, "en", "tehran paris") == ("none", [])
    assert search(site, "en", "   ") == ("", [])
    assert search(site, "en", "« … »") == ("none", [])   # no word at all


def test_prefixes_of_three_characters_or_more(search, site):
    assert sorted(urls(search(site, "en", "teh"))) == ["/sister-cities/beijing/", "/sister-cities/minsk/"]
    assert urls(search(site, "en", "sist agree")) == ["/sister-cities/beijing/"]   # every word, not only the last
    assert search(site, "en", "te")[1] == []                          # short words match only themselves
    assert urls(search(site, "en", "2014")) == ["/sister-cities/beijing/"]
    assert search(site, "en", "20")[1] == []


def test_folding_both_ways(search, site):
    # The Persian deputy page is written with Arabic yeh (ديپلماسي) and ASCII digits.
    assert urls(search(site, "fa", "دیپلماسی")) == ["/fa/deputy/"]
    assert urls(search(site, "fa", "ديپلماسي")) == ["/fa/deputy/"]
    assert urls(search(site, "fa", "۱۳۹۸")) == ["/fa/deputy/"]
    assert urls(search(site, "fa", "1392")) == ["/fa/sister-cities/beijing/"]
    assert urls(search(site, "ar", "دبلوماسية")) == ["/ar/deputy/"]
    assert urls(search(site, "ar", "والدبلوماسية 1398")) == ["/ar/deputy/"]


def test_languages_are_apart(search, site):
    assert all(u.startswith("/fa/") for u in urls(search(site, "fa", "تهران")))
    assert urls(search(site, "fa", "tehran")) == [] and urls(search(site, "en", "تهران")) == []


def test_results_show_title_count_and_marked_excerpt_in_the_readers_digits(search, site):
    status, found = search(site, "fa", "1398 ديپلماسي")
    assert status == "۱ result"
    assert found == [["/fa/deputy/", "معاونت", "[ديپلماسي] شهري تهران از سال [۱۳۹۸]."]]
    status, found = search(site, "en", "teh")
    assert status == "2 results" and "[Tehran]" in found[0][2]


def test_ranking_title_then_exact_then_prefix(search, tmp_path):
    site = write_index(tmp_path, {
        "a/": ("en", "Other", "<p>A long page that mentions karaj once among many other words here.</p>"),
        "b/": ("en", "Karaj", "<p>A long page that is about the city itself, with other words here.</p>"),
        "c/": ("en", "More", "<p>A long page that mentions karajis, a longer word, among other words.</p>"),
    })
    assert urls(search(site, "en", "karaj")) == ["/b/", "/a/", "/c/"]


def test_ten_results_of_many_across_shards(search, tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "SHARD_POSTINGS", 1)   # a shard per word or two
    monkeypatch.setattr(search_index, "CHUNK", 3)
    site = write_index(tmp_path, {f"p{n:02}/": ("en", f"Page {n}", f"<p>common word{n} alpha{n}</p>") for n in range(12)})
    assert len(list((site / "search-index" / "en" / "t").iterdir())) > 10
    status, found = search(site, "en", "common")
    assert status == "12 results" and len(found) == 10
    assert urls(search(site, "en", "word")) == urls(search(site, "en", "common"))   # a prefix spans many shards
    assert urls(search(site, "en", "alpha7 common")) == ["/p07/"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT, lang=st.sampled_from(["en", "fa", "ar"]))
def test_a_page_is_found_by_its_own_text(search, tmp_path_factory, text, lang):
    """Whatever the letters, digits and marks, Python's index and search.js cut words alike."""
    body = "<p>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</p>"
    site = write_index(tmp_path_factory.mktemp("prop"), {"x/": (lang, "T", body), "y/": (lang, "U", "<p>other</p>")})
    status, found = search(site, lang, text)
    if words(text, lang):
        assert "/x/" in urls((status, found)), (text, words(text, lang))


# --- scripts beyond Persian, Arabic and Latin ------------------------------------------------
def test_cyrillic_folds_case_and_yo():
    assert words("Королёв ЁЛКА Тегеран", "ru") == ["королев", "елка", "тегеран"]


def test_chinese_runs_become_bigrams_and_lone_characters_stay():
    assert words("北京市与德黑兰", "zh") == ["北京", "京市", "市与", "与德", "德黑", "黑兰"]
    assert words("京 Beijing 2014年", "zh") == ["京", "beijing", "2014", "年"]


def test_russian_and_chinese_queries_in_search_js(search, tmp_path):
    site = write_index(tmp_path, {
        "ru/sister-cities/moscow/": ("ru", "Москва", "<p>Москва и Тегеран — города-побратимы с 2004 года; Королёв.</p>"),
        "zh/sister-cities/beijing/": ("zh", "北京", "<p>北京市与德黑兰于2014年结为友好城市。</p>"),
        "zh/sister-cities/havana/": ("zh", "哈瓦那", "<p>哈瓦那与德黑兰于2001年结为友好城市。</p>"),
    })
    assert urls(search(site, "ru", "МОСКВА")) == ["/ru/sister-cities/moscow/"]
    assert urls(search(site, "ru", "королев")) == ["/ru/sister-cities/moscow/"]   # ё typed as е
    assert urls(search(site, "zh", "北京")) == ["/zh/sister-cities/beijing/"]      # two characters
    assert sorted(urls(search(site, "zh", "德黑兰"))) == ["/zh/sister-cities/beijing/", "/zh/sister-cities/havana/"]
    assert urls(search(site, "zh", "哈瓦")) == ["/zh/sister-cities/havana/"]
    status, found = search(site, "zh", "北京")
    assert "[北京市与德黑兰于]" in found[0][2] or "[北京市与德黑兰于2014年结为友好城市]" in found[0][2], found
