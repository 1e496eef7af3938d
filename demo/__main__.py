"""`python -m demo`: regenerate the demo images (see demo/generate.py)."""

import sys

from .generate import main

sys.exit(main())
