"""``python -m symtconv``."""

from .cli import main

raise SystemExit(main())
