"""``python -m kartan_cli``: the ``kartan`` command."""

import sys

from kartan_cli.main import main

sys.exit(main())
