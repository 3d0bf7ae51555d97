"""One text catalogue: every UI string of the library, the web pages and the exports.

``kartan/catalogue.yaml`` holds every text in Swedish and English; ``kartan.catalogue``
reads it once and refuses a broken file.  These tests keep it the only place:

* the loader refuses an entry without both languages, an empty text, a key given twice
  and a key YAML would read as something else than text (``yes``, ``no``);
* every key the code and the templates ask for (``t("...")``, ``text("...")``,
  ``lookup("section", "...")``, ``section("prefix_")``) is in the catalogue;
* no table of texts is written in Python any more (``{"code": ("svenska", "English")}``,
  or Swedish names beside codes): a new one would be a second catalogue;
* no sentence is chosen by language in code (``"…" if lang == "en" else "…"``);
* the map script's words come from the page (``config.strings``), not from the script.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kartan.catalogue import CatalogueError, catalogue, lookup, parse, table
from tests.helpers import ROOT

CATALOGUE = ROOT / "kartan" / "catalogue.yaml"
TEMPLATES = ROOT / "frontend" / "templates"
CODE_DIRS = ("kartan", "api", "kartan_cli")
LOADER = ROOT / "kartan" / "catalogue.py"
IDENT = re.compile(r"[a-z_][a-z0-9_]*")


def _py_files(*dirs: str) -> list[Path]:
    return sorted(p for d in dirs for p in (ROOT / d).rglob("*.py") if "migrations" not in p.parts)


# --- the loader -----------------------------------------------------------------------


def test_the_catalogue_loads_with_both_languages_everywhere() -> None:
    cat = catalogue()
    assert {"ui", "texts", "messages", "labels.kind", "labels.relation"} <= set(cat)
    count = sum(len(entries) for entries in cat.values())
    assert count > 900
    for section, entries in cat.items():
        for key, (sv, en) in entries.items():
            assert sv.strip() and en.strip(), f"{section}.{key}"
    assert lookup("labels.kind", "council", "en") == "council"
    assert lookup("labels.kind", "council", "sv") == "råd"
    assert lookup("ui", "nav_map", "xx") == "Karta"  # anything but English is Swedish


@pytest.mark.parametrize(
    ("source", "says"),
    [
        ("s:\n  k: {sv: hej}\n", "s.k: needs exactly 'sv' and 'en'"),
        ("s:\n  k: {sv: hej, en: hello, de: hallo}\n", "s.k: needs exactly 'sv' and 'en'"),
        ("s:\n  k: {sv: '', en: hello}\n", "s.k: 'sv' and 'en' must be non-empty text"),
        ("s:\n  k: {sv: '  ', en: hello}\n", "s.k: 'sv' and 'en' must be non-empty text"),
        ("s:\n  k: {sv: 3, en: three}\n", "s.k: 'sv' and 'en' must be non-empty text"),
        ("s:\n  k: hej\n", "s.k: needs exactly 'sv' and 'en'"),
        ("s:\n  k: {sv: a, en: a}\n  k: {sv: b, en: b}\n", "line 3: key 'k' twice"),
        ("s:\n  yes: {sv: Ja, en: 'Yes'}\n", "key 'yes' is read as True: put it in quotes"),
        ("s: {}\n", "s: entries expected"),
        ("- a\n", "sections expected at the top level"),
    ],
)
def test_a_broken_catalogue_is_refused_with_a_clear_message(source: str, says: str) -> None:
    with pytest.raises(CatalogueError, match=re.escape(says)):
        parse(source)


def test_an_unknown_section_says_so() -> None:
    with pytest.raises(CatalogueError, match="no section 'nowhere'"):
        table("nowhere")


# --- every key asked for is there -------------------------------------------------------

UI_CALL = re.compile(r"""\b(?:t|detail|lines)\(\s*["']([a-z_0-9]+)["']""")
UI_TEXT = re.compile(r"""\btext\(\s*["']([a-z_0-9]+)["']""")
UI_SECTION = re.compile(r"""\bsection\(\s*["']([a-z_0-9]+_)["']""")
LIB_CALL = re.compile(r"""\b(?:text|_t|counted)\(\s*["']([a-z_0-9]+)["']""")
LOOKUP = re.compile(r"""\blookup\(\s*["']([a-z_.]+)["']\s*,\s*["']([a-z_0-9]+)["']""")


def test_every_ui_key_used_by_templates_and_the_web_layer_exists() -> None:
    ui = table("ui")
    used: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for path in [*TEMPLATES.rglob("*.html"), *_py_files("api")]:
        src = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT).as_posix()
        for key in UI_CALL.findall(src) + UI_TEXT.findall(src):
            used.setdefault(key, rel)
        for prefix in UI_SECTION.findall(src):
            prefixes.setdefault(prefix, rel)
    assert len(used) > 300, "no keys found: the pattern is wrong"
    for key in [k for k in used if k.endswith("_")]:  # t("status_" ~ item.status)
        prefixes[key] = used.pop(key)
    missing = sorted(f"{key} ({where})" for key, where in used.items() if key not in ui)
    assert missing == []
    empty = sorted(p for p in prefixes if not any(k.startswith(p) for k in ui))
    assert empty == []


def test_every_library_text_key_exists() -> None:
    texts = table("texts")
    used: dict[str, str] = {}
    for path in _py_files("kartan"):
        src = path.read_text(encoding="utf-8")
        if "from kartan.texts import" not in src:
            continue
        for key in LIB_CALL.findall(src):
            used.setdefault(key, path.relative_to(ROOT).as_posix())
    assert len(used) > 20, "no keys found: the pattern is wrong"
    missing = sorted(f"{key} ({where})" for key, where in used.items() if key not in texts)
    assert missing == []


def test_every_lookup_names_a_section_and_key_that_exist() -> None:
    cat = catalogue()
    found = [
        (section, key, path.relative_to(ROOT).as_posix())
        for path in _py_files(*CODE_DIRS)
        for section, key in LOOKUP.findall(path.read_text(encoding="utf-8"))
    ]
    assert found, "no lookups found: the pattern is wrong"
    missing = [f for f in found if f[0] not in cat or f[1] not in cat[f[0]]]
    assert missing == []


# --- no second catalogue ----------------------------------------------------------------


def _strs(node: ast.AST) -> list[str] | None:
    """The strings of a tuple of string constants, or None."""
    if isinstance(node, ast.Tuple) and all(
        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts
    ):
        return [
            e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
        ]
    return None


def _is_text(s: str) -> bool:
    """Words for people (a word with a space, a capital or å ä ö), not a code or a path."""
    if not re.search(r"[A-Za-zÅÄÖåäö]{2}", s) or IDENT.fullmatch(s) or "/" in s:
        return False
    return " " in s or bool(re.search("[ÅÄÖåäö]", s)) or s[:1].isupper()


def _text_tables(path: Path) -> list[str]:
    """Literal tables of texts in one file: ``{code: (sv, en)}`` or ``((code, "Svenska"), ...)``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and len(node.values) >= 2:
            rows = [_strs(v) for v in node.values]
            if all(r is not None and len(r) == 2 for r in rows) and any(
                _is_text(s) for r in rows if r for s in r
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} (code: (sv, en))")
        elif isinstance(node, ast.Tuple | ast.List) and len(node.elts) >= 2:
            rows = [_strs(e) for e in node.elts]
            if all(r is not None and len(r) == 2 for r in rows) and any(
                IDENT.fullmatch(r[0]) and _is_text(r[1]) and r[1][:1].isupper() for r in rows if r
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} ((code, text), ...)")
    return found


def test_no_table_of_texts_outside_the_catalogue() -> None:
    tables = [t for path in _py_files(*CODE_DIRS) for t in _text_tables(path)]
    assert tables == [], "put these texts into kartan/catalogue.yaml"


LANG_NAMES = {"lang", "en", "sv", "english", "swedish"}
WORDS = re.compile(r"[A-Za-zÅÄÖåäö]{2,}[ ,:;.]+[A-Za-zÅÄÖåäö]{2,}|[ÅÄÖåäö]")


def _literal(node: ast.AST) -> str | None:
    """The literal text of a string or an f-string (its fixed parts), or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    return None


def _language_choices(path: Path) -> list[str]:
    """``"English words" if lang == "en" else "svenska ord"``: a sentence written in code."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.IfExp | ast.If):
            continue
        names = {n.id for n in ast.walk(node.test) if isinstance(n, ast.Name)}
        consts = {n.value for n in ast.walk(node.test) if isinstance(n, ast.Constant)}
        if not (names & LANG_NAMES or consts & {"en", "sv"}):
            continue
        if isinstance(node, ast.If):  # if lang == "en": return "English words"
            texts = [_literal(r.value) for r in node.body if isinstance(r, ast.Return) and r.value]
        else:
            a, b = _literal(node.body), _literal(node.orelse)
            texts = [a, b] if a is not None and b is not None else []
        words = [t for t in texts if t is not None and "<" not in t]
        if any(WORDS.search(t) for t in words):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {words[0].strip()[:40]!r}")
    return found


def test_no_sentence_chosen_by_language_in_code() -> None:
    """A sentence in two languages goes into the catalogue, not into an ``if lang`` in code."""
    found = [f for path in _py_files(*CODE_DIRS) for f in _language_choices(path)]
    assert found == [], "put these texts into kartan/catalogue.yaml"


TEMPLATE_CHOICE = re.compile(r"""["'][^"'<>{}]*\w[^"'<>{}]*["']\s+if\s+lang\b""")


def test_no_template_chooses_words_by_language() -> None:
    """``{{ "för" if lang == "sv" else "for" }}`` in a template is ``{{ t("key") }}``."""
    found = [
        f"{path.relative_to(ROOT)}: {hit}"
        for path in [*TEMPLATES.rglob("*.html"), *(ROOT / "kartan" / "templates").rglob("*")]
        if path.is_file()
        for hit in TEMPLATE_CHOICE.findall(path.read_text(encoding="utf-8"))
    ]
    assert found == []
    assert TEMPLATE_CHOICE.search('{{ "för" if lang == "sv" else "for" }}')
    assert not TEMPLATE_CHOICE.search('<span{% if lang != "sv" %} lang="sv"{% endif %}>')


def test_the_language_choice_finder_finds_one(tmp_path: Path) -> None:
    (tmp_path / "x.py").write_text(
        "def f(lang, name):\n"
        '    a = f"{name} works on it" if lang == "en" else f"{name} arbetar med det"\n'
        '    b = "Ja" if lang == "sv" else "Yes"\n'
        '    c = "name_en" if lang == "en" else "name"\n'
        '    d = "<code>x y</code>" if lang == "en" else "<span>x y</span>"\n'
        '    if lang == "sv":\n'
        '        return f"{name} arbetar med det"\n'
        "    return a, b, c, d\n"
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert sorted(f.split(":")[1] for f in _language_choices(tmp_path / "x.py")) == ["2", "6"]
    finally:
        ROOT = saved


def test_the_table_finder_finds_an_old_style_table(tmp_path: Path) -> None:
    (tmp_path / "x.py").write_text(
        'LABELS = {"council": ("råd", "council"), "forum": ("forum", "forum")}\n'
        'PAIRS = (("sources", "Källor"), ("themes", "Teman"))\n'
        'FIELDS = {"map": ("title", "description"), "nodes": ("name", "note")}\n'
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        assert [t.split(" ")[1] for t in _text_tables(tmp_path / "x.py")] == [
            "(code:",
            "((code,",
        ]
    finally:
        ROOT = saved


def test_the_map_script_takes_its_words_from_the_page() -> None:
    """Month names and other words of map.js come in ``config.strings``, not in the script."""
    script = (ROOT / "frontend" / "static" / "js" / "map.js").read_text(encoding="utf-8")
    for word in ("januari", "January", "december", "December"):
        assert f'"{word}"' not in script
