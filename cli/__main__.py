"""``python -m cli``: the same as the ``minutia`` command."""

import sys

from cli.app import main

sys.exit(main())
