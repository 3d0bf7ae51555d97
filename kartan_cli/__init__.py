"""The ``kartan`` command line: the top layer, above :mod:`kartan` and :mod:`api`.

It imports the library (``kartan``) and the web layer (``api``); nothing imports it.
The console script ``kartan`` runs :func:`kartan_cli.main.main`; ``python -m kartan_cli``
does the same.
"""
