"""What names this version of the code, for caches shared between processes and kept across a restart: an entry
computed or rendered by other code (an older release, whose templates or data structures differ) is never read."""

import hashlib
import os
from functools import cache
from pathlib import Path

from django.conf import settings

SKIPPED = {".venv", "node_modules", ".git", "staticfiles", "test-artifacts", "__pycache__", "media"}


@cache
def code_version() -> str:
    """A digest of the project's Python files and templates (their paths, sizes and modification times), or the
    RELEASE environment variable when the deployment names its release. Computed once a process."""
    named = os.environ.get("RELEASE", "").strip()
    if named:
        return hashlib.sha256(named.encode()).hexdigest()[:12]
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for root, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED and not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".py", ".html")):
                path = Path(root) / name
                stat = path.stat()
                digest.update(f"{path.relative_to(base)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]
