"""Which packages the wheel holds (everything else is in pyproject.toml).

Every package under ``kartan/``, ``api/`` and ``kartan_cli/`` (the command line) is
found, so a new subpackage is never left out.  Two folders of the repository are
installed inside the packages, as package data: ``frontend/`` (templates and static
files of the pages) as ``api/frontend/``, and the project's lexicons
(``data/lexicon*.yaml``) as ``kartan/default_data/``.  The code finds them through the
package (:mod:`api.assets`, :mod:`kartan.lexicon`).
"""

from setuptools import find_namespace_packages, find_packages, setup


def data_folders(package: str, folder: str) -> list[str]:
    """``package`` and its folders of data below ``folder`` (``static.css`` …), named as
    packages: setuptools treats every folder inside a package as one and warns about each
    it is not told of ("Package would be ignored")."""
    return [package, *(f"{package}.{sub}" for sub in find_namespace_packages(folder))]


setup(
    packages=[
        *find_packages(
            include=["kartan", "kartan.*", "api", "api.*", "kartan_cli", "kartan_cli.*"]
        ),
        *data_folders("api.frontend", "frontend"),
        *data_folders("kartan.templates", "kartan/templates"),
        "kartan.default_data",
    ],
    package_dir={"api.frontend": "frontend", "kartan.default_data": "data"},
)
