"""``GET /docs``: the API's documentation as one plain HTML page, made from the OpenAPI.

Served by the app itself (no CDN, no script), so it works offline and under the strict
Content-Security-Policy.  The machine-readable description is ``/api/openapi.json``.
"""

from __future__ import annotations

import re
from html import escape, unescape
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.i18n import LANG_COOKIE, pick_lang, translator
from api.rendering import render as render_page

router = APIRouter(include_in_schema=False)


_SV_WORDS = frozenset(
    [
        "och",
        "att",
        "är",
        "som",
        "för",
        "med",
        "av",
        "på",
        "inte",
        "det",
        "en",
        "ett",
        "till",
        "från",
        "hur",
        "de",
    ]
)
_EN_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "is",
        "to",
        "a",
        "an",
        "in",
        "for",
        "with",
        "by",
        "on",
        "not",
        "it",
        "are",
        "from",
    ]
)


def text_lang(text: str) -> str:
    """'sv' or 'en': which language a paragraph of the description is written in.

    >>> text_lang("Kommunens samverkanslandskap – forum, råd och nätverk, och hur de hänger ihop.")
    'sv'
    >>> text_lang('The page "Ändringar": the history of the data file.')
    'en'
    >>> text_lang("ingen återrapportering i anteckningarna")
    'sv'
    """
    words = [w.strip(".,:;()\"'`").casefold() for w in text.split()]
    sv = sum(w in _SV_WORDS or any(c in w for c in "åäö") for w in words)
    en = sum(w in _EN_WORDS for w in words)
    return "sv" if sv > en else "en"


PATTERN_SHOWN = 60  # the longest pattern the table shows


def _type(schema: dict[str, Any], t: Any = None) -> str:
    if "anyOf" in schema and schema.get("type") != "object":
        return " | ".join(_type(s, t) for s in schema["anyOf"])
    if "enum" in schema:
        one_of = t("docs_one_of") if t else "one of"
        empty = t("docs_empty") if t else '"" (empty)'
        return one_of + ": " + ", ".join(str(v) if v != "" else empty for v in schema["enum"])
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if schema.get("type") == "object" and "properties" in schema:
        names = ", ".join(schema["properties"])
        return f"object: {names}" + (" (at least one)" if "anyOf" in schema else "")
    text = str(schema.get("type", "any"))
    limits = [
        f"{label} {schema[key]}"
        for key, label in (
            ("minimum", "≥"),
            ("maximum", "≤"),
            ("minLength", "length ≥"),
            ("maxLength", "length ≤"),
            ("pattern", "pattern"),
        )
        # a long pattern (the date's: 300 characters) says less than the description
        if key in schema and not (key == "pattern" and len(str(schema[key])) > PATTERN_SHOWN)
    ]
    if "default" in schema:
        limits.append(f"{t('docs_default') if t else 'default'} {schema['default']}")
    return text + (f" ({', '.join(limits)})" if limits else "")


_QUOTED = re.compile(r'"([^"`]+)"')


def _inline(text: str) -> str:
    """Escaped text with `code` spans (as written in the docstrings) shown as <code>, and a
    quoted Swedish phrase in an English text marked ``lang="sv"``."""
    pieces = escape(text).split("`")
    if len(pieces) % 2 == 0:  # an unmatched backtick: leave the text as it is
        return escape(text)
    return "".join(f"<code>{x}</code>" if i % 2 else _quotes(x) for i, x in enumerate(pieces))


def _quotes(escaped: str) -> str:
    """Quoted phrases (already escaped) that read as Swedish get ``lang="sv"``."""
    plain = escaped.replace("&#34;", '"').replace("&quot;", '"')

    def mark(m: re.Match[str]) -> str:
        inner = m.group(1)
        tag = '<span lang="sv">' if text_lang(unescape(inner)) == "sv" else "<span>"
        return f'"{tag}{inner}</span>"'

    return _QUOTED.sub(mark, plain)


def _paragraphs(text: str, lang: str = "en") -> str:
    """Paragraphs, each marked with its language where it differs from the page's."""
    parts = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    out = []
    for p in parts:
        own = text_lang(p)
        mark = f' lang="{own}"' if own != lang else ""
        out.append(f"<p{mark}>{_inline(p)}</p>")
    return "".join(out)


def _cell(text: str, lang: str, label: str = "") -> str:
    """A description cell: marked with its own language when it differs from the page's,
    and with its column's name (``data-label``) for the phone, where the table reflows."""
    own = text_lang(text) if text else lang
    attrs = f' data-label="{escape(label)}"' if label else ""
    return f'<td{attrs} lang="{own}">' if own != lang else f"<td{attrs}>"


def _operation(path: str, method: str, op: dict[str, Any], lang: str = "sv") -> str:
    t = translator(lang)
    heads = ("docs_parameter", "docs_in", "docs_required", "docs_type", "docs_description")
    label = {h: escape(t(h)) for h in heads}
    rows = []
    for p in op.get("parameters", []):
        schema = p.get("schema", {})
        description = p.get("description") or schema.get("description") or ""
        rows.append(
            '<tr><td><code>{}</code></td><td data-label="{}">{}</td><td data-label="{}">{}</td>'
            '<td data-label="{}"><code>{}</code></td>{}{}</td></tr>'.format(
                escape(p["name"]),
                label["docs_in"],
                escape(p["in"]),
                label["docs_required"],
                t("docs_yes") if p.get("required") else "–",
                label["docs_type"],
                escape(_type(schema, t)),
                _cell(description, lang, t("docs_description")),
                _inline(description),
            )
        )
    params = (
        '<table class="reflow"><thead><tr>'
        + "".join(f"<th>{escape(t(h))}</th>" for h in heads)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        if rows
        else ""
    )
    codes = ", ".join(
        f"{escape(code)} {_inline(r.get('description', ''))}"
        for code, r in op.get("responses", {}).items()
    )
    codes_lang = "" if lang == "en" else ' lang="en"'
    anchor = escape(f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", ""))
    return (
        f'<section id="{anchor}"><h3><code>{escape(method.upper())} {escape(path)}</code></h3>'
        f"{_paragraphs(op.get('description', ''), lang)}{params}"
        f"<p><small>{escape(t('docs_responses'))}: <span{codes_lang}>{codes}</span></small></p>"
        "</section>"
    )


def render(spec: dict[str, Any], lang: str = "sv") -> str:
    """The documentation (the page's main content) for an OpenAPI document, its words in
    ``lang``."""
    t = translator(lang)
    info = spec.get("info", {})
    ops = [
        (path, method, op)
        for path, item in spec.get("paths", {}).items()
        for method, op in item.items()
    ]
    toc = "".join(
        f'<li><a href="#{escape(f"{m}-{p}".replace("/", "-").replace("{", "").replace("}", ""))}">'
        f"<code>{escape(m.upper())} {escape(p)}</code></a> – "
        f"<span{_mark(o.get('summary', ''), lang)}>{escape(o.get('summary', ''))}</span></li>"
        for p, m, o in ops
    )
    body = "".join(_operation(p, m, o, lang) for p, m, o in ops)
    return (
        f"<h1>{escape(info.get('title', 'API'))}</h1>"
        f"<p>{escape(t('docs_intro'))}</p>"
        f"{_paragraphs(info.get('description', ''), lang)}"
        f'<p>{escape(t("docs_openapi"))}: <a href="/api/openapi.json">/api/openapi.json</a></p>'
        f"<h2>{escape(t('docs_endpoints'))}</h2><ul>{toc}</ul>{body}"
    )


def _mark(text: str, lang: str) -> str:
    own = text_lang(text) if text else lang
    return f' lang="{own}"' if own != lang else ""


@router.get("/docs", response_class=HTMLResponse)
async def docs(request: Request) -> HTMLResponse:
    """The API documentation, made from the OpenAPI description, in the site's frame
    (header, navigation, footer; no script); ``?lang=en`` or the language cookie chooses
    the language of its words."""
    lang = pick_lang(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))
    content = render(request.app.openapi(), lang)
    title = str(request.app.openapi().get("info", {}).get("title", "API"))
    return render_page(request, "api_docs.html", {"docs_html": content}, title=title)
