"""Files attached to questions and answers: which are accepted, how they are checked and named.

A file is accepted when its extension is one of ``ACCEPTED`` and its first bytes (for DOCX and XLSX, the parts
inside the ZIP) are what that extension promises; a renamed executable or a damaged file is refused. Each file
may be at most 10 MB, and a message carries at most 5. The name shown and sent back is stripped of folders,
control characters and characters that are not allowed in file names on Windows."""

import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lib.errors import DomainError

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
MAX_NAME = 150
FIELD = "attachments"


def _zip_with(*parts: str):
    def check(data: bytes) -> bool:
        if not data.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(
                io.BytesIO(data)
            ) as archive:  # reads the directory only; nothing is unpacked
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError, RuntimeError, NotImplementedError):
            return False
        return all(part in names for part in parts)

    return check


# extension: (content type sent back, label in messages, signature check)
ACCEPTED = {
    "pdf": ("application/pdf", "PDF", lambda data: data.startswith(b"%PDF-")),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word (DOCX)",
        _zip_with("[Content_Types].xml", "word/document.xml"),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel (XLSX)",
        _zip_with("[Content_Types].xml", "xl/workbook.xml"),
    ),
    "jpg": ("image/jpeg", "JPG", lambda data: data.startswith(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", "JPG", lambda data: data.startswith(b"\xff\xd8\xff")),
    "png": ("image/png", "PNG", lambda data: data.startswith(b"\x89PNG\r\n\x1a\n")),
}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def safe_name(raw: str) -> str:
    """The file's own name without folders, control characters or ``<>:"/\\|?*``, at most 150 characters, with
    its extension in lower case. Vietnamese letters are kept."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        " " if unicodedata.category(ch) == "Zs" else ch
        for ch in name
        if unicodedata.category(ch)[0] != "C" and unicodedata.category(ch) not in ("Zl", "Zp")
    )
    name = re.sub(r'[<>:"|?*;]', "", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    extension = extension.lower()[:10]
    stem = stem.strip(" .")[: MAX_NAME - len(extension) - 1].rstrip(" .") or "tep-dinh-kem"
    return f"{stem}.{extension}" if extension else stem


def extension_of(name: str) -> str:
    return name.rpartition(".")[2].lower() if "." in name else ""


def check_files(files: Iterable) -> list[CheckedFile]:
    """Read and check uploaded files (objects with ``name``, ``size`` and ``read()``, such as Django's
    ``UploadedFile``). Returns them checked, or raises one DomainError naming every file refused."""
    files = [f for f in files if f is not None]
    if len(files) > MAX_FILES:
        raise DomainError(
            _("Attach at most %(max)s files to a message; %(n)s were chosen.")
            % {"max": MAX_FILES, "n": len(files)},
            field=FIELD,
        )
    checked, problems = [], []
    for upload in files:
        name = safe_name(getattr(upload, "name", ""))
        extension = extension_of(name)
        if extension not in ACCEPTED:
            problems.append(
                _("“%(name)s” is not an accepted kind of file: attach PDF, DOCX, XLSX, JPG or PNG files.")
                % {"name": name}
            )
            continue
        if (getattr(upload, "size", None) or 0) > MAX_BYTES:  # refused before reading it
            problems.append(_("“%(name)s” is larger than 10 MB.") % {"name": name})
            continue
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            problems.append(_("“%(name)s” is larger than 10 MB.") % {"name": name})
            continue
        if not data:
            problems.append(_("“%(name)s” is empty.") % {"name": name})
            continue
        content_type, label, looks_right = ACCEPTED[extension]
        if not looks_right(data):
            problems.append(
                _("“%(name)s” is not a real %(kind)s file: its content does not match its extension.")
                % {"name": name, "kind": label}
            )
            continue
        checked.append(
            CheckedFile(
                name=name, content_type=content_type, data=data, sha256=hashlib.sha256(data).hexdigest()
            )
        )
    if problems:
        raise DomainError(" ".join(problems), field=FIELD)
    return checked
