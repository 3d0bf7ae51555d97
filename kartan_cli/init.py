r"""``kartan init DIR --municipality NAMN``: a new data repository for another municipality.

It writes what a blank map needs and nothing more: the data file with the map's title,
the municipality's name and one body, the municipality itself, which keeps the map
current until the minutes say who does (the only fact the map holds, and its source is
the person who ran ``kartan init``); the project's lexicon beside it (the guide reads it
from there); ``data/README.md`` and ``CONTRIBUTING.md`` for the editors; the data
workflow (validity and canonical form on every pull request); the JSON schema (for
editors); the pre-commit
configuration and, in a new git repository, a pre-commit hook that runs the same checks.
The result validates, serves (``kartan serve --data DIR/data/forums.yaml``) and builds
(``kartan build-site``) at once.

>>> files = init_files("Ängby", dt.date(2026, 1, 2))
>>> sorted(files)  # doctest: +NORMALIZE_WHITESPACE
['.github/workflows/data.yml', '.gitignore', '.pre-commit-config.yaml', 'CONTRIBUTING.md',
 'README.md', 'data/README.md', 'data/forums.yaml', 'data/lexicon.en.yaml',
 'data/lexicon.yaml', 'schema/forums.schema.json']
>>> print(files["data/forums.yaml"].split("\nsources:")[0])
# yaml-language-server: $schema=../schema/forums.schema.json
schema_version: 1
map:
  title: Samverkanskartan – Ängby
  title_en: The collaboration map – Ängby
  municipality: Ängby
  owner: angby
  owner_sources: [start]
<BLANKLINE>
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from kartan.fmt import format_map
from kartan.lexicon import LEXICON_FILE, LEXICON_FILE_EN, packaged_lexicon_path
from kartan.load import load_text, slugify
from kartan.model import MapFile
from kartan.schema import schema_text
from kartan_cli.usage import EXIT_OK, EXIT_USAGE, UsageError

MAX_NAME = 80


def check_name(name: str) -> str:
    """The municipality's name as given, trimmed; a clear error for an unusable one.

    >>> check_name("  Ängby ")
    'Ängby'
    >>> check_name("a\\nb")
    Traceback (most recent call last):
    ...
    kartan_cli.usage.UsageError: kommunens namn ska vara en rad med 1–80 tecken ...
    """
    trimmed = name.strip()
    if not trimmed or len(trimmed) > MAX_NAME or any(c in trimmed for c in "\r\n\t"):
        raise UsageError(
            f"kommunens namn ska vara en rad med 1–{MAX_NAME} tecken "
            f"(the municipality's name must be one line of 1–{MAX_NAME} characters)"
        )
    if not slugify(trimmed):
        raise UsageError(
            f"kan inte göra ett id av namnet '{trimmed}'; använd bokstäver "
            f"(cannot make an id of the name; use letters)"
        )
    return trimmed


def starting_map(name: str, today: dt.date) -> str:
    """The canonical text of the starting data file (validated before it is written)."""
    node_id = slugify(name)
    raw = {
        "schema_version": 1,
        "map": {
            "title": f"Samverkanskartan – {name}",
            "title_en": f"The collaboration map – {name}",
            "municipality": name,
            "owner": node_id,
            "owner_sources": ["start"],
        },
        "sources": [
            {
                "id": "start",
                "title": f"Kartan startad med kartan init för {name}",
                "date": today.isoformat(),
                "items": [],
            }
        ],
        "nodes": [
            {
                "id": node_id,
                "kind": "public_body",
                "name": name,
                "sector": "municipality",
                "sources": ["start"],
            }
        ],
    }
    text = format_map(MapFile.model_validate(raw))
    result = load_text(text, "data/forums.yaml", stale_days=None)
    if result.errors:  # pragma: no cover - the model and the checks agree on this map
        raise UsageError("; ".join(p.format() for p in result.errors))
    return text


def init_files(name: str, today: dt.date) -> dict[str, str]:
    """Every file of the new repository, by path, as text."""
    lexicon = packaged_lexicon_path()
    return {
        "data/forums.yaml": starting_map(name, today),
        f"data/{LEXICON_FILE}": lexicon.read_text(encoding="utf-8"),
        f"data/{LEXICON_FILE_EN}": lexicon.with_name(LEXICON_FILE_EN).read_text(encoding="utf-8"),
        "data/README.md": DATA_README.format(name=name),
        "README.md": README.format(name=name),
        "CONTRIBUTING.md": CONTRIBUTING.format(name=name),
        ".github/workflows/data.yml": WORKFLOW,
        ".pre-commit-config.yaml": PRE_COMMIT_CONFIG,
        ".gitignore": GITIGNORE,
        # the data file's first line points editors to it
        "schema/forums.schema.json": schema_text(),
    }


def _refuse(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise UsageError(
            f"{target} finns och är ingen katalog ({target} exists and is not a folder)"
        )
    if target.is_dir() and any(target.iterdir()):
        raise UsageError(
            f"katalogen {target} är inte tom; ange en ny eller tom katalog, inget har skrivits "
            f"(the folder is not empty; give a new or empty folder, nothing was written)"
        )


def _git_init(target: Path) -> bool:
    """A new git repository with the pre-commit hook; False when git is missing."""
    git = shutil.which("git")
    if git is None:
        return False
    done = subprocess.run([git, "init", "-q", str(target)], capture_output=True, check=False)
    if done.returncode != 0:
        return False
    hook = target / ".git" / "hooks" / "pre-commit"
    hook.write_text(HOOK.format(python=sys.executable), encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return True


def cli_init(args: argparse.Namespace) -> int:
    """Write the new data repository into ``args.dir`` (which must be new or empty)."""
    name = check_name(args.municipality)
    target = Path(args.dir)
    _refuse(target)
    files = init_files(name, dt.date.today())
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    with_git = not args.no_git and _git_init(target)
    data = target / "data" / "forums.yaml"
    print(f"skrev en ny karta för {name} i {target} ({len(files)} filer)")
    if with_git:
        print("git-förråd med pre-commit-krok: kartan validerar och formaterar före varje commit")
    print("nästa steg (next steps):")
    print(f"  kartan validate {data}")
    print(f"  kartan serve --data {data}")
    print(f"  kartan build-site {target / 'site'} --data {data}")
    return EXIT_OK if os.path.isfile(data) else EXIT_USAGE


README = """\
# Samverkanskartan – {name}

En karta över samverkan i {name}: forum, råd, nätverk, förvaltningar, föreningar och
beslutande organ, och hur de hänger ihop. Kartan är en textfil, `data/forums.yaml`, i
git; programmet `kartan` kontrollerar den, visar den som webbplats och API och bygger
en statisk kopia.

```sh
kartan validate data/forums.yaml          # kontrollera filen
kartan fmt data/forums.yaml               # skriv den i kanonisk form
kartan serve --data data/forums.yaml      # webbplatsen: http://127.0.0.1:8000/
kartan build-site site --data data/forums.yaml   # statisk webbplats i site/
```

Hur filen är byggd står i [`data/README.md`](data/README.md), hur en ändring skickas in i
[`CONTRIBUTING.md`](CONTRIBUTING.md).
"""

DATA_README = """\
# Kartans datafil: `data/forums.yaml`

Här finns kartan över samverkan i {name}. Allt som visas på webbplatsen, i API:t och i
exporterna kommer från **en enda textfil**, `forums.yaml` (YAML: indrag med två
mellanslag, en uppgift per rad). Git sparar varje ändring.

Kartan startade tom: den har en rubrik, kommunens namn och ett organ, kommunen själv,
som står som ägare tills vidare. Källan `start` säger bara att kartan startades med
`kartan init`. Lägg till de riktiga källorna (till exempel ett råds
minnesanteckningar) under `sources:` och bygg kartan från dem.

Tre regler gäller alltid:

1. **Varje uppgift har en källa.** Varje organ, medlemskap och relation anger i
   `sources` vilket dokument (och vilken punkt och rad) uppgiften kommer från. Står
   något inte i källan lämnas fältet tomt.
2. **Inga personer.** Inga namn, inga personliga e-postadresser, inga telefonnummer.
   Platser och kontaktvägar innehas av organisationer och funktioner.
3. **En tolkning märks.** En uppgift som bygger på en tolkning av källan får
   `inferred: true` och en kort `note` om varför.

Filen `lexicon.yaml` (och `lexicon.en.yaml`) bredvid datafilen är guidens ordlista: vilka
ord som hör till vilket tema och vilken sorts frågeställare. Den är kopierad från
Samverkanskartans egen och kan ändras för {name}; guiden läser den härifrån.

Kontrollera filen efter varje ändring:

```sh
kartan validate data/forums.yaml
kartan fmt data/forums.yaml
```

Varje fält beskrivs i Samverkanskartans datareferens (`docs/data-reference.md` i
projektet) och i JSON-schemat som `kartan schema` skriver.
"""

CONTRIBUTING = """\
# Så bidrar du till kartan över samverkan i {name}

Allt som står på kartan finns i `data/forums.yaml`. En ändring görs som en
ändringsbegäran (pull request): ändra filen, ange källan för varje ny uppgift, och skicka
in. Kontrollen (`.github/workflows/data.yml`) kör då:

1. `kartan validate data/forums.yaml --format github` — fel och varningar, med rad och
   kolumn, direkt på de ändrade raderna;
2. `kartan fmt --check data/forums.yaml` — att filen är skriven i kanonisk form (kör
   `kartan fmt data/forums.yaml` om den inte är det);
3. `kartan diff` — vad ändringen ändrar på kartan, som sammanfattning.

Samma kontroller körs före varje commit av pre-commit-kroken (`.git/hooks/pre-commit`,
eller `pre-commit install` med `.pre-commit-config.yaml`).

Reglerna för innehållet står i [`data/README.md`](data/README.md): varje uppgift har en
källa, inga personuppgifter, tolkningar märks med `inferred: true`.
"""

WORKFLOW = """\
# Checks every change to the map's data: validity (with annotations on the changed
# lines), canonical form, and what changes on the map (posted as the job summary).
# KARTAN_PACKAGE (a repository variable) says where pip finds kartan: a wheel's URL or
# a git URL of the Samverkanskartan repository.
name: Data

on:
  pull_request:
    paths: ["data/**", ".github/workflows/data.yml"]
  push:
    branches: [main]
    paths: ["data/**"]

permissions:
  contents: read

jobs:
  data:
    name: Data
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # the base branch is needed for the semantic diff

      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"

      - name: Installera kartan
        run: python -m pip install --quiet "${{ vars.KARTAN_PACKAGE || 'kartan' }}"

      - name: Validera data/forums.yaml
        run: kartan validate data/forums.yaml --format github

      - name: Kanonisk form
        run: kartan fmt --check data/forums.yaml

      - name: Ändringar på kartan
        if: ${{ always() && github.event_name == 'pull_request' }}
        env:
          BASE_REF: ${{ github.base_ref }}
        run: |
          kartan diff "origin/$BASE_REF" --format markdown > diff.md
          cat diff.md >> "$GITHUB_STEP_SUMMARY"
"""

PRE_COMMIT_CONFIG = """\
# pre-commit hooks, all local: they run the kartan command on the PATH.
# Install with: pre-commit install
repos:
  - repo: local
    hooks:
      - id: kartan-validate
        name: kartan validate (data/forums.yaml)
        entry: kartan validate data/forums.yaml --errors-only
        language: system
        files: ^data/.*\\.ya?ml$
        pass_filenames: false
      - id: kartan-fmt
        name: kartan fmt --check (data/forums.yaml)
        entry: kartan fmt --check data/forums.yaml
        language: system
        files: ^data/.*\\.ya?ml$
        pass_filenames: false
"""

HOOK = """\
#!/bin/sh
# Written by kartan init: the data file must be valid and in canonical form.
"{python}" -m kartan_cli validate data/forums.yaml --errors-only || exit 1
"{python}" -m kartan_cli fmt --check data/forums.yaml || exit 1
"""

GITIGNORE = """\
/site/
# the suggestions inbox database, never committed
suggestions.sqlite3*
"""
