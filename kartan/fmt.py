"""Canonical formatting of the data file (``kartan fmt``).

The file is written in one key order (the order of the models' fields, validity just
before ``sources``), short records such as memberships and relations on one line in
flow style, and lists of words in flow style.  Formatting is idempotent, so a pull
request shows only real changes.  Comments other than the schema line are not kept;
use a ``note:`` field for remarks that must stay.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import Any

import yaml
from pydantic import BaseModel

from kartan.model import MapFile, Member, Need

HEADER = "# yaml-language-server: $schema=../schema/forums.schema.json\n"
FLOW_WIDTH = 110
_RESOLVER = yaml.resolver.Resolver()
_PLAIN_BAD_START = set("-?:,[]{}#&*!|>'\"%@` ")
_FLOW_BAD = re.compile(r"[,\[\]{}]")


def scalar(value: Any, *, flow: bool = False) -> str:
    """Render one scalar as YAML, plain when that reads back as the same value.

    >>> scalar("Föreningarnas Hus"), scalar("16–18"), scalar("001 §5: beslut"), scalar(True)
    ('Föreningarnas Hus', '16–18', '"001 §5: beslut"', 'true')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _plain_ok(text, flow=flow):
        return text
    return quote(text)


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _raw_in_quotes(char: str) -> bool:
    """Whether ``char`` may stand as itself inside a double-quoted scalar.

    Controls, format characters (BOM, zero-width, bidi marks), surrogates, private-use and
    unassigned code points and the line and paragraph separators are escaped, so that no
    reader (libyaml, PyYAML, an editor, ``git``, ``difflib``) sees a line break or drops
    a character the text holds.
    """
    if char in _ESCAPES:
        return False
    category = unicodedata.category(char)
    return category[0] != "C" and category not in ("Zl", "Zp")


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def quote(text: str) -> str:
    """A double-quoted YAML scalar that reads back as exactly ``text``, on one line.

    >>> print(quote('a\\tb "c" \\u2028d\\re'))
    "a\\tb \\"c\\" \\u2028d\\re"
    """
    if text.isprintable() and "\\" not in text and '"' not in text:
        return '"' + text + '"'  # every character stands as itself (the common case)
    return '"' + "".join(c if _raw_in_quotes(c) else _escape(c) for c in text) + '"'


def _plain_ok(text: str, *, flow: bool) -> bool:
    if not text or text != text.strip() or text[0] in _PLAIN_BAD_START:
        return False
    # a plain scalar holds the space and visible characters only: str.isprintable() is
    # false exactly for Unicode's Other (C*) and Separator (Z*) characters but the space
    # (tabs, CR, NEL, U+2028/2029, no-break spaces, controls, format characters …)
    if not text.isprintable():
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and _FLOW_BAD.search(text):
        return False
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == "tag:yaml.org,2002:str")


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        inner = ", ".join(f"{k}: {_flow(v)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return scalar(value, flow=True)


def _is_scalar_list(value: Any) -> bool:
    return isinstance(value, list) and all(not isinstance(v, dict | list) for v in value)


def _block(value: dict[str, Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for key, item in value.items():
        if isinstance(item, dict):
            flat = _flow(item)
            if (
                all(not isinstance(v, dict | list) or _is_scalar_list(v) for v in item.values())
                and len(pad) + len(key) + len(flat) + 2 <= FLOW_WIDTH
            ):
                out.append(f"{pad}{key}: {flat}")
            else:
                out.append(f"{pad}{key}:")
                _block(item, indent + 2, out)
        elif isinstance(item, list):
            if _is_scalar_list(item):
                out.append(f"{pad}{key}: {_flow(item)}")
            else:
                out.append(f"{pad}{key}:")
                _list(item, indent + 2, out)
        else:
            out.append(f"{pad}{key}: {scalar(item)}")


def _list(items: list[Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict):
            flat = _flow(item)
            if len(pad) + 2 + len(flat) <= FLOW_WIDTH and all(
                not isinstance(v, dict | list) or _is_scalar_list(v) for v in item.values()
            ):
                out.append(f"{pad}- {flat}")
            else:
                sub: list[str] = []
                _block(item, indent + 2, sub)
                sub[0] = f"{pad}- {sub[0][indent + 2 :]}"
                out.extend(sub)
        elif isinstance(item, list):
            out.append(f"{pad}- {_flow(item)}")
        else:
            out.append(f"{pad}- {scalar(item)}")


@functools.cache
def _layout(model: type[BaseModel]) -> tuple[tuple[str, str, Any], ...]:
    """(field, key, default) in canonical order (validity before sources), once per model.

    Defaults are computed once: pydantic's ``get_default`` inspects the factory's signature
    on every call, which made formatting four times slower than it needs to be.
    """
    fields = model.model_fields
    names = [n for n in fields if n not in ("valid_from", "valid_until")]
    if "sources" in names:
        pos = names.index("sources")
        names[pos:pos] = [n for n in ("valid_from", "valid_until") if n in fields]
    else:
        names += [n for n in ("valid_from", "valid_until") if n in fields]
    return tuple(
        (n, fields[n].alias or n, fields[n].get_default(call_default_factory=True)) for n in names
    )


def _ordered(model: BaseModel) -> dict[str, Any]:
    """Model fields in canonical order (validity before sources), defaults left out."""
    out: dict[str, Any] = {}
    # Always written even when default: a seat's role, a need's kind (issue 14).
    always = "role" if isinstance(model, Member) else "kind" if isinstance(model, Need) else ""
    for name, key, default in _layout(type(model)):
        value = getattr(model, name)
        if value == default and name != always:
            continue
        out[key] = _plain(value)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return _ordered(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return value


def format_map(data: MapFile) -> str:
    """Return the canonical YAML text of a validated map file."""
    body = _ordered(data)
    out: list[str] = []
    for key, value in body.items():
        if isinstance(value, list) and value and not _is_scalar_list(value):
            out.append(f"{key}:")
            _list(value, 2, out)
        elif isinstance(value, dict):
            out.append(f"{key}:")
            _block(value, 2, out)
        else:
            out.append(f"{key}: {_flow(value) if isinstance(value, list) else scalar(value)}")
        if key in ("map", "sources", "themes", "audiences", "places"):
            out.append("")
    text = "\n".join(_separate_nodes(out)) + "\n"
    return HEADER + re.sub(r"\n{3,}", "\n\n", text)


def _separate_nodes(lines: list[str]) -> list[str]:
    """A blank line before each node, matter and need, so that each reads as a paragraph."""
    out: list[str] = []
    in_nodes = False
    for line in lines:
        if line in _PARAGRAPH_SECTIONS:
            in_nodes = True
            if out and out[-1] != "":
                out.append("")  # a blank line before a later section (matters)
        elif line and not line.startswith(" "):
            in_nodes = False
        elif in_nodes and line.startswith("  - id: ") and out[-1] not in _PARAGRAPH_SECTIONS:
            out.append("")
        out.append(line)
    return out


# Top-level sections whose items are separated by a blank line (nodes; matters, issue 17;
# needs, issue 14).
_PARAGRAPH_SECTIONS = ("nodes:", "matters:", "needs:")
