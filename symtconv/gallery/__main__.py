"""``python -m symtconv.gallery``: the same as ``symtconv gallery``."""

import sys

from ..cli import main

raise SystemExit(main(["gallery", *sys.argv[1:]]))
