"""No text can become structure: the canonical writer and proposal patches under any text.

Security review findings 1 and 2: the canonical writer (``kartan/fmt.py``) wrote a bare
``\\r``, a tab before ``#`` or after ``:``, U+2028, U+2029 and NEL in plain style, so a
proposal could add a node, ``kartan fmt`` could cut a text or break the file, and a
proposal's patch (``difflib`` over ``splitlines()``) did not ``git apply``.

The property tests (Hypothesis, seeded by ``derandomize=True``, a bounded number of
examples so that ``make test`` stays fast) put arbitrary Unicode text, weighted towards
the characters YAML treats specially, into every text field of the model, and check that

* ``format_map`` then ``load_text`` gives back exactly the same map, and formatting that
  map again gives the same text (``kartan fmt --check`` passes);
* a proposal with such a text either is refused with a reason (control characters,
  personal data) or gives a patch that ``git apply`` applies to the canonical file,
  after which the file holds exactly the old map with that one field changed, and is in
  canonical form.

The list of text fields is derived from :class:`kartan.model.MapFile` (every model reachable
from it, every ``str`` field without a pattern); ``tests/data/hostile_base.yaml`` holds an
instance of every model with such a field, and a test fails when a text field of the
model has no instance there (so a new field, section or model cannot be forgotten), or
when a ``str`` field is neither free text nor constrained by a pattern or an enum.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import shutil
import subprocess
import tempfile
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from kartan.fmt import format_map
from kartan.load import load_map, load_text
from kartan.model import MapFile
from kartan.privacy import has_personal_data
from kartan.proposal import Proposal, ProposalError, apply_proposal
from tests.helpers import TEST_DATA, examples

BASE = TEST_DATA / "hostile_base.yaml"

# Characters YAML, editors, difflib or git treat specially, drawn often.
SPECIAL = [
    *"\r\n\t #:-?[]{},&*!|>'\"%@`\\~=<",
    *("\x85", "\u2028", "\u2029", "\ufeff", "\x00", "\x0b", "\x0c", "\x1c", "\x7f", "\xa0"),
    *("\u200b", "\u3000", "\U0001f600", "\ue000", "\ufffd", "\x9f"),
]
CHUNKS = [
    ": ",
    ":\t",
    " #",
    "\t#",
    "\r\n",
    "---",
    "...",
    "- ",
    "? ",
    "true",
    "null",
    "~",
    "0x1F",
    "1e3",
    "2023-02-08",
    "<<",
    "=",
    "'",
    '"',
    "\\n",
    "&a",
    "*a",
    "!!str",
    "%YAML",
]

TEXT = st.lists(
    st.one_of(
        st.characters(exclude_categories=["Cs"]),
        st.sampled_from(SPECIAL),
        st.sampled_from(CHUNKS),
    ),
    min_size=1,
    max_size=40,
).map("".join)

# per text field: the explicit examples below plus this many generated texts
# (the routine profile in tests/conftest.py: derandomized, no database, no deadline;
# HYPOTHESIS_PROFILE=thorough runs ten times as many fresh examples)
PER_FIELD = settings(max_examples=examples(4), suppress_health_check=[HealthCheck.too_slow])
SETTINGS = settings(max_examples=examples(120), suppress_health_check=[HealthCheck.too_slow])

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _is_text_type(annotation: Any) -> bool:
    """Annotated[str, StringConstraints(max_length=…)] without a pattern: free text."""
    if typing.get_origin(annotation) is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        return base is str and any(
            getattr(m, "max_length", None) and not getattr(m, "pattern", None) for m in meta
        )
    return any(_is_text_type(a) for a in typing.get_args(annotation))


def _model_types(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _model_types(arg)


def text_fields(
    model: type[BaseModel], seen: set[type[BaseModel]] | None = None
) -> dict[type[BaseModel], list[str]]:
    """Every model reachable from ``model`` with the keys of its free-text fields."""
    seen = seen if seen is not None else set()
    if model in seen:
        return {}
    seen.add(model)
    out: dict[type[BaseModel], list[str]] = {}
    keys = [
        f.alias or n
        for n, f in model.model_fields.items()
        if _is_text_type(f.annotation)
        or (f.annotation is str and _is_text_type(typing.Annotated[str, *f.metadata]))
    ]
    if keys:
        out[model] = keys
    for f in model.model_fields.values():
        for inner in _model_types(f.annotation):
            out.update(text_fields(inner, seen))
    return out


def _instances(
    value: Any, model: type[BaseModel], loc: tuple[Any, ...]
) -> Iterator[tuple[tuple[Any, ...], type[BaseModel]]]:
    """(location, model) of every model instance in the validated map."""
    if isinstance(value, BaseModel):
        yield loc, type(value)
        for name, field in type(value).model_fields.items():
            yield from _instances(getattr(value, name), model, (*loc, field.alias or name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _instances(item, model, (*loc, i))


@functools.cache
def _base() -> MapFile:
    """The base map, read once: each example works on its own dump or copy of it."""
    return load_map(BASE, stale_days=None).data


def _base_raw() -> dict[str, Any]:
    raw: dict[str, Any] = _base().model_dump(by_alias=True, exclude_defaults=True, mode="json")
    return raw


def _text_paths() -> dict[tuple[Any, ...], tuple[str, str]]:
    """One location per free-text field (the field on the first instance of its model in
    the base), with the model's name and the field's key."""
    data = load_map(BASE, stale_days=None).data
    fields = text_fields(MapFile)
    first: dict[type[BaseModel], tuple[Any, ...]] = {}
    for loc, model in _instances(data, MapFile, ()):
        first.setdefault(model, loc)
    paths: dict[tuple[Any, ...], tuple[str, str]] = {}
    for model, keys in fields.items():
        if model in first:
            for key in keys:
                annotation = next(
                    f.annotation for n, f in model.model_fields.items() if (f.alias or n) == key
                )
                is_list = typing.get_origin(annotation) is list
                path = (*first[model], key, 0) if is_list else (*first[model], key)
                paths[path] = (model.__name__, key)
    return paths


TEXT_FIELDS = _text_paths()
TEXT_PATHS = list(TEXT_FIELDS)


def _str_fields(model: type[BaseModel]) -> Iterator[tuple[str, str, Any]]:
    """(model, key, annotation) of every field of every model reachable from ``model``
    whose type holds a ``str`` (plain, constrained, optional or in a list)."""
    seen: set[type[BaseModel]] = set()
    todo = [model]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, field in current.model_fields.items():
            if _holds_str(field.annotation):
                yield current.__name__, field.alias or name, field
            todo.extend(_model_types(field.annotation))


def _holds_str(annotation: Any) -> bool:
    if annotation is str:
        return True
    return any(_holds_str(a) for a in typing.get_args(annotation))


def _constrained(annotation: Any, metadata: list[Any]) -> bool:
    """A string with a pattern (ids, source references, URLs): structure, not text."""
    if any(getattr(m, "pattern", None) for m in metadata):
        return True
    if typing.get_origin(annotation) is typing.Annotated:
        _base, *meta = typing.get_args(annotation)
        if any(getattr(m, "pattern", None) for m in meta):
            return True
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    return bool(args) and all(_constrained(a, []) for a in args if _holds_str(a))


def test_every_str_field_of_the_model_is_text_or_structure() -> None:
    """A ``str`` field is either free text (``Text``/``ShortText``: exercised below) or
    has a pattern (ids, references, URLs); a new plain ``str`` field fails here."""
    text = {(m.__name__, k) for m, keys in text_fields(MapFile).items() for k in keys}
    loose = [
        f"{model}.{key}"
        for model, key, field in _str_fields(MapFile)
        if (model, key) not in text and not _constrained(field.annotation, field.metadata)
    ]
    assert not loose, f"str fields neither free text nor patterned: {loose}"


def test_the_base_has_an_instance_of_every_text_field_of_the_model() -> None:
    """Every free-text field of every model reachable from MapFile (nodes, matters,
    needs, their carriers, appearances, take-ups, the `_en` fields …) is exercised: add an
    instance to tests/data/hostile_base.yaml when this fails."""
    fields = {(m.__name__, k) for m, keys in text_fields(MapFile).items() for k in keys}
    missing = sorted(fields - set(TEXT_FIELDS.values()))
    assert not missing, f"no instance in {BASE.name} of: {missing}"
    for model in ("Matter", "Carrier", "Appearance", "Need", "TakenUp", "SourceItem"):
        assert any(m == model for m, _ in TEXT_FIELDS.values()), model


def test_the_base_has_every_text_field_of_the_core_models() -> None:
    """The property tests reach every free-text field the map had when they were written."""
    covered = {(p[-2] if isinstance(p[-1], int) else p[-1]) for p in TEXT_PATHS}
    for key in (
        "title",
        "title_en",
        "description",
        "date_note",
        "file",
        "name",
        "name_en",
        "address",
        "time",
        "frequency",
        "note",
        "label",
        "when",
        "place_note",
        "aliases",
        "description_en",
        "how_to_take_part",
    ):
        assert key in covered, key
    assert len(TEXT_PATHS) >= 30


def _set(raw: dict[str, Any], path: tuple[Any, ...], value: str) -> None:
    target: Any = raw
    for part in path[:-1]:
        if isinstance(part, int):
            while len(target) <= part:
                target.append(None)
            target = target[part]
        else:
            if part not in target:
                target[part] = [] if isinstance(path[path.index(part) + 1], int) else {}
            target = target[part]
    last = path[-1]
    if isinstance(last, int):
        if len(target) <= last:
            target.append(value)
        else:
            target[last] = value
    else:
        target[last] = value


@pytest.mark.parametrize("path", TEXT_PATHS, ids=[".".join(map(str, p)) for p in TEXT_PATHS])
@PER_FIELD
@given(text=TEXT)
@example(text="Bra text\t# dold del")
@example(text="a\rb\u2028c\u2029d\x85e")
@example(text=" leading and trailing ")
@example(text="x:\ty")
@example(text='x\r    sources:\t["001"]\r  - id:\tevil')
def test_fmt_round_trips_any_text(path: tuple[Any, ...], text: str) -> None:
    assume(not has_personal_data(text))
    raw = _base_raw()
    _set(raw, path, text)
    data = MapFile.model_validate(raw)
    out = format_map(data)
    result = load_text(out, "forums.yaml", stale_days=None)
    assert result.map is not None, [p.format() for p in result.errors]
    assert result.map.data == data
    assert format_map(result.map.data) == out  # `kartan fmt --check` passes


# --------------------------------------------------------------------------- proposals

_git = shutil.which("git")


class _Repo:
    """A git work tree holding the canonical base file; reset before each example."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="kartan-hostile-"))
        (self.dir / "data").mkdir()
        self.file = self.dir / "data" / "forums.yaml"
        self.canonical = format_map(load_map(BASE, stale_days=None).data)
        subprocess.run(["git", "init", "-q"], cwd=self.dir, check=True)

    def apply(self, patch: str) -> str:
        self.file.write_bytes(self.canonical.encode("utf-8"))
        (self.dir / "p.patch").write_bytes(patch.encode("utf-8"))
        done = subprocess.run(
            ["git", "apply", "p.patch"], cwd=self.dir, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr + patch
        return self.file.read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def repo() -> Iterator[_Repo]:
    r = _Repo()
    yield r
    shutil.rmtree(r.dir, ignore_errors=True)


def _expected(field: str, text: str) -> dict[str, Any]:
    raw = _base_raw()
    node = raw["nodes"][0]
    value = text.strip()
    if field == "description":
        node["description"] = value
        node["sources"] = [*node["sources"], "001 §9"]
    elif field == "relation_label":
        node["relations"].append(
            {"type": "funds", "to": "foreningen", "label": value, "sources": ["001 §9"]}
        )
    elif field == "new_source_title":
        raw["sources"].append({"id": "ny-kalla", "title": value})
        node["description"] = "Ny."
        node["sources"] = [*node["sources"], "001 §9"]
    elif field == "source_ref":
        node["description"] = "Ny."
        node["sources"] = [*node["sources"], f"001 {value}"]
    return raw


def _proposal(field: str, text: str) -> Proposal:
    """The proposal for the council that puts ``text`` into ``field`` (what ``_expected`` reads)."""
    base = Proposal(node="radet", description="Ny.", sources=["001 §9"])
    if field == "description":
        return dataclasses.replace(base, description=text)
    if field == "relation_label":
        return dataclasses.replace(
            base,
            description=None,
            relation_type="funds",
            relation_to="foreningen",
            relation_label=text,
        )
    if field == "new_source_title":
        return dataclasses.replace(base, new_source_id="ny-kalla", new_source_title=text)
    return dataclasses.replace(base, sources=[f"001 {text.strip()}"])


PROPOSAL_FIELDS = ["description", "relation_label", "new_source_title", "source_ref"]
ATTACK = 'x\r    sources:\t["001"]\r  - id:\tevil\r    kind:\tforum\r    name:\tEvil'


@pytest.mark.skipif(_git is None, reason="git is not installed")
@SETTINGS
@given(field=st.sampled_from(PROPOSAL_FIELDS), text=TEXT)
@example(field="description", text=ATTACK)
@example(field="description", text="Bra text\t# dold del")
@example(field="description", text="rad ett\u2028rad två\u2029rad tre\x85slut")
@example(field="relation_label", text="a:\tb\r\n- c")
def test_a_proposal_patch_applies_and_changes_exactly_its_field(
    repo: _Repo, field: str, text: str
) -> None:
    value = text.strip()
    assume(value and len(value) <= 300)
    if field == "source_ref":
        assume(value != "§1")
    data = load_map(BASE, stale_days=None).data
    try:
        result = apply_proposal(data, _proposal(field, text))
    except ProposalError as exc:
        # refused only for a reason the sender is told
        assert _CONTROL.search(text) or has_personal_data(text), str(exc)
        return
    assert not _CONTROL.search(text) and not has_personal_data(text)
    if field == "source_ref" and not result.valid:
        # a source reference is one line: the validator says so, at the reference
        assert "\n" in value, result.messages()
        assert {p.code for p in result.problems} == {"bad_source_ref"}
        return
    assert result.valid, result.messages()
    patched = repo.apply(result.patch)
    loaded = load_text(patched, "forums.yaml", stale_days=None)
    assert loaded.map is not None, [p.format() for p in loaded.errors]
    got = loaded.map.data.model_dump(by_alias=True, exclude_defaults=True, mode="json")
    assert got == MapFile.model_validate(_expected(field, text)).model_dump(
        by_alias=True, exclude_defaults=True, mode="json"
    )
    assert format_map(loaded.map.data) == patched  # `kartan fmt --check` passes


def test_the_review_attack_adds_no_node() -> None:
    """The review's description: bare CRs and tabs that the old writer made into a node."""
    data = load_map(BASE, stale_days=None).data
    result = apply_proposal(data, _proposal("description", ATTACK))
    assert result.valid
    assert result.diff is not None and result.diff.summary() == "1 nod ändrad"
    after = load_text(result.text, "forums.yaml", stale_days=None)
    assert after.map is not None
    assert [n.id for n in after.map.data.nodes] == [n.id for n in data.nodes]
    assert after.map.data.nodes[0].description == ATTACK
