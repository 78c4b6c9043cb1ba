"""The gallery of generated derivation documents (the repository's ``derivations/``).

:mod:`.examples` lists the examples and renders every file; :mod:`.folder`
writes them or checks a folder against them.
"""

from .examples import EXAMPLES, Example, example_files, gallery_files
from .folder import DEFAULT_DIR, check_gallery, write_gallery

__all__ = [
    "DEFAULT_DIR",
    "EXAMPLES",
    "Example",
    "check_gallery",
    "example_files",
    "gallery_files",
    "write_gallery",
]
