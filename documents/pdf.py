"""DOCX to PDF with LibreOffice in headless mode.

Each conversion runs in its own temporary directory with its own LibreOffice profile
(``-env:UserInstallation``), so parallel conversions (test workers, web requests) do not fight over one profile."""

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT = 120  # seconds
INSTALL_HINT = "apt-get install libreoffice-writer-nogui"


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes) -> bytes:
    soffice = soffice_path()
    if soffice is None:
        raise RuntimeError(
            f"LibreOffice (soffice) is not installed, so PDF files cannot be made; install it with "
            f"`{INSTALL_HINT}`."
        )
    with tempfile.TemporaryDirectory(prefix="docx2pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
                command, capture_output=True, timeout=TIMEOUT, check=False, cwd=folder
            )
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"LibreOffice did not finish the PDF within {TIMEOUT} seconds.") from exc
        target = folder / "document.pdf"
        if result.returncode != 0 or not target.exists():
            output = (result.stderr or result.stdout).decode(errors="replace").strip()
            raise RuntimeError(f"LibreOffice could not convert the document to PDF: {output or 'no output'}")
        return target.read_bytes()
