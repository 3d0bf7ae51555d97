"""Synthetic maps for benchmarks: valid data files of any size, deterministic per seed.

python -m benchmarks.synth --nodes 10000 -o /tmp/synth-10000.yaml
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path
from typing import Any

from kartan.fmt import format_map
from kartan.model import MapFile

KINDS = [
    ("organisation", 40),
    ("forum", 8),
    ("network", 8),
    ("working_group", 6),
    ("project", 8),
    ("administration", 4),
    ("unit", 5),
    ("assignment", 5),
    ("program", 4),
    ("event", 6),
    ("public_body", 3),
    ("decision_body", 3),
]
THEMES = [
    ("klimat", "Klimat och miljö"),
    ("trygghet", "Trygghet"),
    ("halsa", "Hälsa"),
    ("idrott", "Idrott"),
    ("arbetsmarknad", "Arbetsmarknad"),
    ("barn-unga", "Barn och unga"),
    ("integration", "Integration"),
    ("kultur-fritid", "Kultur och fritid"),
    ("bildning", "Folkbildning"),
    ("samverkan", "Samverkan"),
]
WORDS = [
    "förening",
    "nätverk",
    "råd",
    "grupp",
    "samverkan",
    "klimat",
    "idrott",
    "ungdom",
    "kultur",
    "trygghet",
    "hälsa",
    "stad",
    "bygd",
    "väst",
    "öst",
    "norra",
    "södra",
    "gemensam",
    "öppen",
    "idéburen",
    "social",
    "grön",
    "lokal",
    "regional",
    "framtid",
    "dialog",
    "forum",
    "plattform",
]
RELATION_TYPES = [
    "part_of",
    "sends_matters_to",
    "responsible_for",
    "collaborates_with",
    "party_to",
    "related_to",
    "participates_in",
    "funds",
]
ROLES = ["member", "member", "member", "representative", "chair", "participant"]


def _name(rng: random.Random, i: int) -> str:
    words = rng.sample(WORDS, 3)
    return f"{words[0].capitalize()} {words[1]} {words[2]} {i}"


def generate(
    n_nodes: int, *, rels_per_node: int = 4, seed: int = 0, today: dt.date | None = None
) -> dict[str, Any]:
    """A raw map (dicts) with ``n_nodes`` nodes and about ``rels_per_node`` edges each.

    Review dates lie within the last 300 days before ``today`` so that the map is fresh
    (no "stale" warnings) whenever it is generated."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    kinds = [k for k, w in KINDS for _ in range(w)]
    ids = [f"n{i:05d}" for i in range(n_nodes)]
    node_kinds = [rng.choice(kinds) for _ in ids]
    node_kinds[0] = "decision_body"
    nodes: list[dict[str, Any]] = []
    for i, (node_id, kind) in enumerate(zip(ids, node_kinds, strict=True)):
        themes = rng.sample([t for t, _ in THEMES], rng.randint(1, 3))
        node: dict[str, Any] = {
            "id": node_id,
            "kind": kind,
            "name": _name(rng, i),
            "aliases": [f"S{i}"],
            "description": "Syntetisk nod för mätningar: " + " ".join(rng.sample(WORDS, 8)),
            "themes": themes,
            "entry_point": rng.random() < 0.05,
            "reviewed": (today - dt.timedelta(days=rng.randint(0, 300))).isoformat(),
            "sources": ["s1 §1"],
            "members": [],
            "relations": [],
        }
        n_members = rels_per_node // 2
        for _ in range(n_members):
            other = ids[rng.randrange(n_nodes)]
            if other != node_id:
                node["members"].append(
                    {"id": other, "role": rng.choice(ROLES), "sources": ["s1 §2"]}
                )
        for _ in range(rels_per_node - n_members):
            other = ids[rng.randrange(n_nodes)]
            if other != node_id:
                node["relations"].append(
                    {"type": rng.choice(RELATION_TYPES), "to": other, "sources": ["s1 §3"]}
                )
        if i and rng.random() < 0.2:
            node["relations"].append(
                {
                    "type": "sends_matters_to",
                    "to": ids[rng.randrange(min(i, 50))],
                    "sources": ["s1 §4"],
                }
            )
        nodes.append(node)
    return {
        "schema_version": 1,
        "map": {"title": f"Syntetisk karta ({n_nodes} noder)", "owner": ids[0]},
        "sources": [{"id": "s1", "title": "Syntetisk källa", "date": "2025-01-01"}],
        "themes": [{"id": t, "name": n} for t, n in THEMES],
        "nodes": nodes,
    }


def generate_text(n_nodes: int, *, rels_per_node: int = 4, seed: int = 0) -> str:
    """The synthetic map as canonical YAML text."""
    raw = generate(n_nodes, rels_per_node=rels_per_node, seed=seed)
    return format_map(MapFile.model_validate(raw))


def write(path: Path, n_nodes: int, *, rels_per_node: int = 4, seed: int = 0) -> Path:
    """Write a synthetic map to ``path`` (cached: kept when it already exists)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            generate_text(n_nodes, rels_per_node=rels_per_node, seed=seed), encoding="utf-8"
        )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nodes", type=int, default=10000)
    parser.add_argument("--relations-per-node", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    out = Path(args.output)
    out.write_text(
        generate_text(args.nodes, rels_per_node=args.relations_per_node, seed=args.seed),
        encoding="utf-8",
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
