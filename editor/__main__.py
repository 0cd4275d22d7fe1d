"""``python -m editor``: the same as the ``postdesk`` command."""

import sys

from editor.cli import main

sys.exit(main())
