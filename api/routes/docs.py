"""``GET /docs``: the API's documentation as one plain HTML page, made from the OpenAPI.

Served by the app itself (no CDN, no script), so it works offline and under the strict
Content-Security-Policy.  The machine-readable description is ``/api/openapi.json``.
"""

from __future__ import annotations

from html import escape
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)


def _type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema and schema.get("type") != "object":
        return " | ".join(_type(s) for s in schema["anyOf"])
    if "enum" in schema:
        return "one of: " + ", ".join(str(v) for v in schema["enum"])
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
        if key in schema
    ]
    if "default" in schema:
        limits.append(f"default {schema['default']}")
    return text + (f" ({', '.join(limits)})" if limits else "")


def _inline(text: str) -> str:
    """Escaped text with `code` spans (as written in the docstrings) shown as <code>."""
    pieces = escape(text).split("`")
    if len(pieces) % 2 == 0:  # an unmatched backtick: leave the text as it is
        return escape(text)
    return "".join(f"<code>{x}</code>" if i % 2 else x for i, x in enumerate(pieces))


def _paragraphs(text: str) -> str:
    parts = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{_inline(p)}</p>" for p in parts)


def _operation(path: str, method: str, op: dict[str, Any]) -> str:
    rows = []
    for p in op.get("parameters", []):
        schema = p.get("schema", {})
        rows.append(
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
                escape(p["name"]),
                escape(p["in"]),
                "ja / yes" if p.get("required") else "",
                escape(_type(schema)),
                _inline(p.get("description") or schema.get("description") or ""),
            )
        )
    params = (
        "<table><thead><tr><th>parameter</th><th>in</th><th>required</th><th>type</th>"
        "<th>description</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        if rows
        else ""
    )
    codes = ", ".join(
        f"{escape(code)} {_inline(r.get('description', ''))}"
        for code, r in op.get("responses", {}).items()
    )
    anchor = escape(f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", ""))
    return (
        f'<section id="{anchor}"><h3><code>{escape(method.upper())} {escape(path)}</code></h3>'
        f"{_paragraphs(op.get('description', ''))}{params}"
        f"<p><small>Svar / responses: {codes}</small></p></section>"
    )


def render(spec: dict[str, Any]) -> str:
    """The documentation (the page's main content) for an OpenAPI document."""
    info = spec.get("info", {})
    ops = [
        (path, method, op)
        for path, item in spec.get("paths", {}).items()
        for method, op in item.items()
    ]
    toc = "".join(
        f'<li><a href="#{escape(f"{m}-{p}".replace("/", "-").replace("{", "").replace("}", ""))}">'
        f"<code>{escape(m.upper())} {escape(p)}</code></a> – {escape(o.get('summary', ''))}</li>"
        for p, m, o in ops
    )
    body = "".join(_operation(p, m, o) for p, m, o in ops)
    return (
        f"<h1>{escape(info.get('title', 'API'))}</h1>{_paragraphs(info.get('description', ''))}"
        '<p>OpenAPI: <a href="/api/openapi.json">/api/openapi.json</a></p>'
        f"<h2>Endpoints</h2><ul>{toc}</ul>{body}"
    )


@router.get("/docs", response_class=HTMLResponse)
async def docs(request: Request) -> HTMLResponse:
    """The API documentation, made from the OpenAPI description, in the site's frame
    (header, navigation, footer; no script)."""
    from api.routes.pages import render as render_page

    content = render(request.app.openapi())
    title = str(request.app.openapi().get("info", {}).get("title", "API"))
    return render_page(request, "api_docs.html", {"docs_html": content}, title=title)
