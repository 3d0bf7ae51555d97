"""Responses from precomputed bytes, with ETag and conditional GET (304)."""

from __future__ import annotations

import hashlib

from fastapi import Request
from fastapi.responses import Response

REVALIDATE = "public, no-cache"
"""Caches may keep the response but must ask again (a cheap 304 when nothing changed)."""


GZIP_HEADERS = {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}


def accepts_gzip(request: Request) -> bool:
    """True when the client accepts gzip (``Accept-Encoding``, q not 0)."""
    for part in request.headers.get("accept-encoding", "").lower().split(","):
        name, _, params = part.strip().partition(";")
        if name.strip() in ("gzip", "*") and params.replace(" ", "") not in ("q=0", "q=0.0"):
            return True
    return False


def json_response(body: bytes, status_code: int = 200) -> Response:
    """A JSON response from bytes already serialized."""
    return Response(content=body, status_code=status_code, media_type="application/json")


def make_etag(version: str, *parts: object) -> str:
    """A strong ETag derived from the data version and the request's parameters."""
    text = "\x1f".join([version, *(str(p) for p in parts)])
    return '"' + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24] + '"'


def etag_matches(request: Request, etag: str) -> bool:
    """True when the request's ``If-None-Match`` names ``etag`` (or is ``*``)."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    for candidate in header.split(","):
        tag = candidate.strip()
        if tag == "*":
            return True
        if tag.startswith("W/"):
            tag = tag[2:]
        if tag == etag:
            return True
    return False


def conditional(
    request: Request,
    etag: str,
    body: bytes,
    *,
    media_type: str = "application/json",
    cache_control: str = REVALIDATE,
    headers: dict[str, str] | None = None,
) -> Response:
    """The body with ETag and Cache-Control, or 304 when the client's copy is current."""
    out = {"ETag": etag, "Cache-Control": cache_control, **(headers or {})}
    if etag_matches(request, etag):
        keep = {k: v for k, v in out.items() if k in ("ETag", "Cache-Control", "Vary")}
        return Response(status_code=304, headers=keep)
    return Response(content=body, media_type=media_type, headers=out)
