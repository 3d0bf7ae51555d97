"""The YAML stage of loading: values built straight from the parser's events.

Anchors, aliases, merge keys, non-text keys and duplicate keys are reported with their
position; :class:`Tree` finds the positions of the later stages' problems in one pass.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import yaml

from kartan.load.problems import MAX_PROBLEMS, Loc, Problem, path_str

try:  # libyaml is much faster; fall back to the pure-Python parser when missing
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"

# --------------------------------------------------------------------------- YAML stage


class Tree:
    """Positions in the YAML text, looked up for every problem in one pass at the end.

    Loading keeps no node tree.  ``position`` hands out a placeholder and notes the
    location asked for; ``fill`` then reads the parser's events once and puts the real
    line and column into every problem (the deepest part of the location that exists).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.requests: list[tuple[Loc, bool]] = []

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """A placeholder (line < 0) for the position of ``loc`` (of its key when ``key``)."""
        self.requests.append((tuple(loc), key))
        return -len(self.requests), 0

    def fill(self, problems: list[Problem]) -> list[Problem]:
        """Replace placeholder positions by real ones (the text is read again only when a
        problem given has a placeholder)."""
        asked = [self.requests[-p.line - 1] for p in problems if p.line < 0]
        if not asked:
            return problems
        values: set[Loc] = set()
        keys: set[Loc] = set()
        for loc, key in asked:
            values.update(loc[:i] for i in range(len(loc) + 1))
            if key:
                keys.add(loc)
        found = _find_positions(self.text, values, keys)
        out: list[Problem] = []
        for p in problems:
            if p.line >= 0:
                out.append(p)
                continue
            loc, key = self.requests[-p.line - 1]
            pos = found.get((loc, True)) if key else None
            if pos is None:
                pos = next(
                    (
                        found[(loc[:i], False)]
                        for i in range(len(loc), -1, -1)
                        if (loc[:i], False) in found
                    ),
                    (1, 1),
                )
            out.append(dataclasses.replace(p, line=pos[0], column=pos[1]))
        return out


def _find_positions(
    text: str, values: set[Loc], keys: set[Loc]
) -> dict[tuple[Loc, bool], tuple[int, int]]:
    """1-based positions of the values at ``values`` and of the keys at ``keys``."""
    found: dict[tuple[Loc, bool], tuple[int, int]] = {}
    # Each frame: [own loc, is_map, pending key (None = expecting a key), next index]
    stack: list[list[Any]] = []
    try:
        events: Iterator[Any] = yaml.parse(text, Loader=_Loader)
        for ev in events:
            cls = type(ev)
            is_start = cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent
            if cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                stack.pop()
                _advance(stack)
                continue
            if not (is_start or cls is yaml.ScalarEvent or cls is yaml.AliasEvent):
                continue
            mark = ev.start_mark
            if stack and stack[-1][1] and stack[-1][2] is None:  # a key
                frame = stack[-1]
                frame[2] = ev.value if cls is yaml.ScalarEvent else "<?>"
                kloc = (*frame[0], frame[2])
                if kloc in keys:
                    found.setdefault((kloc, True), (mark.line + 1, mark.column + 1))
                if is_start:  # a complex key: skip its contents
                    stack.append([("<?>",), cls is yaml.MappingStartEvent, None, 0])
                continue
            if not stack:
                loc: Loc = ()
            elif stack[-1][1]:
                loc = (*stack[-1][0], stack[-1][2])
            else:
                loc = (*stack[-1][0], stack[-1][3])
            if loc in values:
                found.setdefault((loc, False), (mark.line + 1, mark.column + 1))
            if is_start:
                stack.append([loc, cls is yaml.MappingStartEvent, None, 0])
            else:
                _advance(stack)
    except yaml.YAMLError:  # pragma: no cover - the event pass reported it
        pass
    return found


def _advance(stack: list[list[Any]]) -> None:
    """After a value: a mapping expects its next key; a sequence its next index."""
    if stack:
        frame = stack[-1]
        if frame[1]:
            frame[2] = None
        else:
            frame[3] += 1


_NO_KEY = object()
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_CONSTRUCT = {
    _BOOL: "construct_yaml_bool",
    _INT: "construct_yaml_int",
    _FLOAT: "construct_yaml_float",
    _TIMESTAMP: "construct_yaml_timestamp",
}


class _Frame:
    """An open mapping or sequence while the events are read."""

    __slots__ = ("container", "holding", "is_map", "key", "key_lines", "skip")

    def __init__(self, container: dict[str, Any] | list[Any], is_map: bool) -> None:
        self.container = container
        self.is_map = is_map
        self.key: Any = _NO_KEY
        self.key_lines: dict[str, int] = {}
        self.skip = False
        self.holding = False  # the value of `key` is an open container


class EventBuilder:
    """Builds Python values from the parser's events; notes YAML-level problems.

    Rejects anchors, aliases (no billion laughs), merge keys, non-text keys and
    duplicate keys (the first value is kept and the second reported, so nothing is
    lost silently).  Scalars are resolved as YAML 1.1's safe loader does.
    """

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []
        self.fatal = False
        self._ctor = yaml.constructor.SafeConstructor()
        self._stack: list[_Frame] = []
        self.root: Any = None
        self.documents = 0
        self.stopped_at: tuple[int, int] | None = None

    def _loc(self) -> Loc:
        loc: list[str | int] = []
        last = len(self._stack) - 1
        for i, frame in enumerate(self._stack):
            if frame.is_map:
                if frame.key is not _NO_KEY:
                    loc.append(str(frame.key))
            else:  # an open child was appended already; the next item is appended later
                loc.append(len(frame.container) - (1 if i < last else 0))
        return tuple(loc)

    def _problem(self, mark: Any, code: str, loc: Loc = (), **params: Any) -> None:
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        if len(self.problems) >= MAX_PROBLEMS:
            # Stop reading: counting the rest would mean parsing all of a file that may
            # hold millions of aliases; the message says where the check stopped.
            self.stopped_at = (line, col)
            self.fatal = True
            return
        self.problems.append(
            Problem(self.filename, line, col, "error", path_str(loc), code, params)
        )

    def run(self, text: str) -> Any:
        try:
            for event in yaml.parse(text, Loader=_Loader):
                self._event(event)
                if self.fatal:
                    break
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or str(exc)
            if exc.context:
                problem = f"{exc.context} ({problem})"
            self._problem(mark, "yaml_syntax", problem=problem)
            self.fatal = True
        except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
            self._problem(None, "yaml_syntax", problem=str(exc))
            self.fatal = True
        return self.root

    def _event(self, event: Any) -> None:
        cls = type(event)
        if cls is yaml.ScalarEvent:
            if event.anchor:
                self._anchor(event)
            self._add(self._scalar(event), event)
        elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
            if event.anchor:
                self._anchor(event)
            is_map = cls is yaml.MappingStartEvent
            frame = _Frame({} if is_map else [], is_map)
            self._add(frame.container, event, opening=True)
            self._stack.append(frame)
        elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
            self._stack.pop()
            parent = self._stack[-1] if self._stack else None
            if parent is not None and parent.is_map and parent.holding:
                parent.key, parent.skip, parent.holding = _NO_KEY, False, False
        elif cls is yaml.AliasEvent:
            self._problem(event.start_mark, "alias", name=event.anchor)
            self._add(None, event)
        elif cls is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                self._problem(event.start_mark, "multiple_documents")
                self.fatal = True

    def _anchor(self, event: Any) -> None:
        self._problem(event.start_mark, "anchor", name=event.anchor)

    def _add(self, value: Any, event: Any, *, opening: bool = False) -> None:
        if not self._stack:
            self.root = value
            return
        frame = self._stack[-1]
        if not frame.is_map:
            frame.container.append(value)  # type: ignore[union-attr]
            return
        if frame.key is _NO_KEY:
            self._key(frame, value, event, opening=opening)
            return
        if not frame.skip:
            frame.container[frame.key] = value
        if opening:  # an opened container keeps the key until it closes
            frame.holding = True
        else:
            frame.key = _NO_KEY
            frame.skip = False

    def _key(self, frame: _Frame, value: Any, event: Any, *, opening: bool) -> None:
        loc = self._loc()
        if opening or not isinstance(event, yaml.ScalarEvent):
            self._problem(event.start_mark, "bad_key", loc)
            frame.key, frame.skip = "<?>", True
            return
        if event.value == "<<" and not event.style:
            self._problem(event.start_mark, "merge_key", loc)
            frame.key, frame.skip = "<<", True
            return
        key = event.value
        frame.key = key
        if key in frame.key_lines:
            self._problem(
                event.start_mark,
                "duplicate_key",
                (*loc, key),
                key=key,
                first_line=frame.key_lines[key],
            )
            frame.skip = True
        else:
            frame.key_lines[key] = _line(event)

    def _scalar(self, event: Any) -> Any:
        value: str = event.value
        if event.style or not event.implicit[0]:
            tag = event.tag
            if tag is None or tag in ("!", _STR) or event.style:
                return value
            return self._construct(tag, value)
        for tag, regexp in _IMPLICIT.get(value[:1] if value else "", ()):
            if regexp.match(value):
                if tag == _NULL:
                    return None
                if tag in _CONSTRUCT:
                    return self._construct(tag, value)
                return value
        return value

    def _construct(self, tag: str, value: str) -> Any:
        method = _CONSTRUCT.get(tag)
        if method is None:
            return None if tag == _NULL else value
        try:
            return getattr(self._ctor, method)(yaml.ScalarNode(tag, value))
        except (ValueError, TypeError, OverflowError):
            return value


def lines_in(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def _line(event: Any) -> int:
    """The 1-based line an event starts on."""
    return int(event.start_mark.line) + 1
