"""Search folding: the Python fold, and the same fold in textfold.js under Node."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.textfold import FOLD_TABLE, fold, table_language

ROOT = Path(__file__).resolve().parents[1]
TEXTFOLD_JS = ROOT / "overrides" / "assets" / "javascripts" / "textfold.js"


# --- Python fold -------------------------------------------------------------


def test_arabic_letters_fold_to_persian():
    assert fold("ديپلماسي", "fa") == fold("دیپلماسی", "fa") == "دیپلماسی"
    assert fold("همكاري", "fa") == "همکاری"
    assert fold("مصطفى", "fa") == "مصطفی"
    assert fold("ديپلماسي", "en") == "دیپلماسی"


def test_arabic_keeps_its_own_letters():
    assert fold("همکاری", "ar") == "همكاري"
    assert fold("التعاون الدولي", "ar") == "التعاون الدولي"
    assert fold("على", "ar") == "على"  # alef maksura is not yeh in Arabic
    assert fold("على", "ar") != fold("علي", "ar")


def test_digits():
    assert fold("۱۳۹۸", "fa") == "1398"
    assert fold("١٣٩٨", "ar") == "1398"
    assert fold("سال ۱۳۹۸ و ١٤٠١", "en") == "سال 1398 و 1401"
    assert fold("۱٬۲۳۴٫۵ ۸۵٪", "fa") == "1,234.5 85%"


def test_harakat_and_tatweel_removed():
    assert fold("مُحَمَّد", "fa") == "محمد"
    assert fold("مُحَمَّدٌ", "ar") == "محمد"
    assert fold("كتـــاب", "ar") == "كتاب"
    assert fold("هٰذا", "ar") == "هذا"  # superscript alef
    assert fold("بِسْمِ ٱللَّهِ", "ar") == "بسم ٱلله"


def test_zwnj_and_marks():
    assert fold("کتاب\u200cها", "fa") == fold("کتابها", "fa") == "کتابها"
    assert fold("می\u200cخواهم", "fa") == "میخواهم"
    assert fold("\u200fتهران\u200e", "fa") == "تهران"
    assert fold("\u061cتهران", "ar") == "تهران"


def test_heh_with_hamza():
    # Three spellings of the same ezafe: ه + U+0654, ۀ (U+06C0), bare ه.
    assert fold("کره\u0654 جنوبی", "fa") == fold("کر\u06c0 جنوبی", "fa") == "کره جنوبی"


def test_left_alone():
    assert fold("مدرسة", "ar") == "مدرسة"  # ة is not ه
    assert fold("مسئول", "fa") == "مسئول"  # hamza seats are kept
    assert fold("سأل", "ar") == "سأل"
    assert fold("آب", "fa") == "آب"
    assert fold("Tehran Municipality 2019", "en") == "Tehran Municipality 2019"  # no lowercasing


def test_language_tags():
    assert table_language("fa-IR") == "fa"
    assert table_language("AR_iq") == "ar"
    assert table_language("de") == "en"
    assert table_language(None) == "en"
    assert fold("علي", "fa-IR") == "علی"


def test_table_is_plain_data():
    assert set(FOLD_TABLE) == {"en", "fa", "ar"}
    for table in FOLD_TABLE.values():
        for key, value in table.items():
            assert isinstance(key, str) and len(key) == 1
            assert isinstance(value, str)
    json.dumps(FOLD_TABLE)  # a build step can emit it for the browser


TEXT = st.text(
    st.one_of(
        st.sampled_from(sorted({c for t in FOLD_TABLE.values() for c in t} | {" ", "a", "Z", "5"})),
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),  # Arabic
        st.characters(min_codepoint=0x0750, max_codepoint=0x077F),  # Arabic Supplement
        st.characters(min_codepoint=0x08A0, max_codepoint=0x08FF),  # Arabic Extended-A
        st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF),  # presentation forms
        st.characters(min_codepoint=0x2000, max_codepoint=0x206F),  # general punctuation
        st.characters(min_codepoint=0x0020, max_codepoint=0x007E),  # ASCII
        st.characters(min_codepoint=0x1EE00, max_codepoint=0x1EEFF),  # astral Arabic letters
    ),
    max_size=40,
)
LANG = st.sampled_from(["en", "fa", "ar", "fa-IR", "ar-IQ", "", "xx"])


@settings(max_examples=200, deadline=None)
@given(TEXT, LANG)
def test_fold_is_idempotent_and_keeps_latin(text, lang):
    once = fold(text, lang)
    assert fold(once, lang) == once
    assert [c for c in once if c.isascii() and c.isalpha()] == [c for c in text if c.isascii() and c.isalpha()]


# --- the same fold in the browser's JavaScript ---------------------------------

# Loads textfold.js with a stand-in `window`, then answers one JSON request a
# line: {"pairs": [[text, lang], ...]} -> list of folded strings,
# {"table": true} -> the inline table.
NODE_DRIVER = r"""
const fs = require("fs"), vm = require("vm"), readline = require("readline");
const file = process.argv[1];
const context = { window: {} };
vm.createContext(context);
vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
const fold = context.window.portalFold;
if (typeof fold !== "function") throw new Error("textfold.js did not define window.portalFold");
readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const request = JSON.parse(line);
  const answer = request.table ? fold.TABLE : request.pairs.map(([text, lang]) => fold(text, lang));
  process.stdout.write(JSON.stringify(answer) + "\n");
});
"""


class NodeFold:
    def __init__(self):
        node = shutil.which("node")
        if node is None:
            pytest.fail(
                "`node` was not found on PATH. Node.js is part of this machine and is needed to "
                "check that textfold.js folds exactly like textfold.py; install it (apt-get install nodejs)."
            )
        self.proc = subprocess.Popen(
            [node, "-e", NODE_DRIVER, str(TEXTFOLD_JS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def ask(self, request):
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            self.proc.kill()
            pytest.fail("node stopped: " + self.proc.stderr.read())
        return json.loads(line)

    def fold(self, pairs):
        return self.ask({"pairs": [list(p) for p in pairs]})

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


@pytest.fixture
def node():
    runner = NodeFold()  # one Node process per test, not per example
    yield runner
    runner.close()


TRICKY = [
    "ديپلماسي",
    "دیپلماسی",
    "همكاري شهرداري تهران",
    "کتاب\u200cها",
    "۱۳۹۸/۰۲/۰۶",
    "١٣٩٨/٠٢/٠٦",
    "مُحَمَّدٌ",
    "كتـــاب",
    "بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ",
    "کره\u0654 جنوبی",
    "کرۀ جنوبی",
    "على علي علی",
    "مدرسة",
    "\u200fتهران\u200e\u061c",
    "۱٬۲۳۴٫۵ ۸۵٪",
    "Tehran Municipality, 26 April 2019",
    "ﻛﺘﺎﺏ",  # presentation forms: left alone on both sides
    "😀 𞸀 ي",  # astral characters (surrogate pairs in JavaScript)
    "",
]


def test_js_table_equals_python_table(node):
    assert node.ask({"table": True}) == FOLD_TABLE


def test_js_matches_python_on_tricky_strings(node):
    pairs = [(text, lang) for text in TRICKY for lang in ("en", "fa", "ar", "fa-IR", "xx")]
    assert node.fold(pairs) == [fold(text, lang) for text, lang in pairs]


def test_js_folds_the_examples_like_the_brief(node):
    got = node.fold([("ديپلماسي", "fa"), ("۱۳۹۸", "fa"), ("کتاب\u200cها", "fa"), ("مُحَمَّد", "ar")])
    assert got == ["دیپلماسی", "1398", "کتابها", "محمد"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT, lang=LANG)
def test_js_matches_python_on_generated_strings(node, text, lang):
    assert node.fold([(text, lang)]) == [fold(text, lang)]
