"""The one text catalogue: every word the map shows or writes, in Swedish and English.

The texts live in ``kartan/catalogue.yaml`` (package data), in sections: ``labels.*`` (the
fixed vocabularies), ``messages*`` (the validator), ``texts`` (sentences the library
writes), ``history.field`` (names of the data file's keys) and ``ui`` (the web pages'
words).  Each entry has ``sv`` and ``en``.  The file is read once, on first use, and
checked whole: an entry without both languages, an empty text or a key given twice stops
with :class:`CatalogueError` naming the section and key (or the line).

:func:`lookup` is the one way to read a text; :func:`table` gives a whole section as
``{key: (sv, en)}`` for the modules that keep their old names (``kartan.labels.KIND_LABELS``,
``kartan.texts.TEXTS``, the web's ``STRINGS`` ...).

>>> lookup("labels.kind", "network", "en")
'network'
>>> lookup("labels.kind", "network", "sv")
'nätverk'
>>> table("labels.sector")["civil"]
('Civilsamhället', 'Civil society')
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from kartan.errors import KartanError

LANGS = ("sv", "en")
CATALOGUE_FILE = "catalogue.yaml"


class CatalogueError(KartanError, ValueError):
    """The catalogue file is broken: says which section and key, and what is wrong."""


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """A safe loader that refuses a key given twice in one mapping."""


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            mark = key_node.start_mark
            raise CatalogueError(
                f"{CATALOGUE_FILE} line {mark.line + 1}: key {key_node.value!r} is read as "
                f"{key!r}: put it in quotes"
            )
        if key in out:
            mark = key_node.start_mark
            raise CatalogueError(f"{CATALOGUE_FILE} line {mark.line + 1}: key '{key}' twice")
        out[key] = loader.construct_object(value_node, deep=True)
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def parse(source: str) -> dict[str, dict[str, tuple[str, str]]]:
    """Read and check a catalogue's text: ``{section: {key: (sv, en)}}``.

    >>> parse("s:\\n  k: {sv: hej, en: hello}\\n")
    {'s': {'k': ('hej', 'hello')}}
    >>> parse("s:\\n  k: {sv: hej}\\n")
    Traceback (most recent call last):
    kartan.catalogue.CatalogueError: catalogue.yaml: s.k: needs exactly 'sv' and 'en'
    """
    raw = yaml.load(source, Loader=_Loader)
    if not isinstance(raw, dict):
        raise CatalogueError(f"{CATALOGUE_FILE}: sections expected at the top level")
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for section, entries in raw.items():
        if not isinstance(entries, dict) or not entries:
            raise CatalogueError(f"{CATALOGUE_FILE}: {section}: entries expected")
        out[str(section)] = {str(k): _entry(f"{section}.{k}", v) for k, v in entries.items()}
    return out


def _entry(where: str, value: object) -> tuple[str, str]:
    if not isinstance(value, dict) or set(value) != set(LANGS):
        raise CatalogueError(f"{CATALOGUE_FILE}: {where}: needs exactly 'sv' and 'en'")
    sv, en = value["sv"], value["en"]
    if not isinstance(sv, str) or not isinstance(en, str) or not sv.strip() or not en.strip():
        raise CatalogueError(f"{CATALOGUE_FILE}: {where}: 'sv' and 'en' must be non-empty text")
    return sv, en


@cache
def catalogue() -> dict[str, dict[str, tuple[str, str]]]:
    """The whole catalogue, read from the package once and checked."""
    return parse(files("kartan").joinpath(CATALOGUE_FILE).read_text(encoding="utf-8"))


def table(section: str) -> dict[str, tuple[str, str]]:
    """One section as ``{key: (sv, en)}``, in the file's order (a copy)."""
    try:
        return dict(catalogue()[section])
    except KeyError:
        raise CatalogueError(f"{CATALOGUE_FILE}: no section '{section}'") from None


def lookup(section: str, key: str, lang: str) -> str:
    """One text in ``lang`` ('en'; anything else is Swedish). An unknown key raises KeyError."""
    sv, en = catalogue()[section][key]
    return en if lang == "en" else sv
