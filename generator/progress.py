"""Keys under which a student's browser remembers answers (``assets/coursegen.js``).

A key is derived, as the Anki guids are, from names that stay the same across builds: the
course's title, the chapter's file name and the question's own text (its prompt and
options). An unchanged question keeps its saved answer however the chapter around it is
edited or reordered; a changed question gets a new key and starts empty.
"""

from __future__ import annotations

import hashlib

KEY_LENGTH = 16  # hex digits: 64 bits, no collision among a course's questions in practice


def save_key(*names: str) -> str:
    """A storage key (hex digits only, safe in any attribute) from stable ``names``."""
    return hashlib.sha256("\0".join(names).encode("utf-8")).hexdigest()[:KEY_LENGTH]
