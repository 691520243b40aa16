"""Report bundles: a report with everything needed to check it later, offline, in one zip file.

A bundle holds ``report.md`` (the report as sent), ``ledger.json`` (the plan and
the whole ledger as ``zsplan export`` writes them, every entry with its chain
hash) and ``manifest.json``: what the report was computed as of, by which zsplan
and method version, the ledger's chain head, and the SHA-256 of each file.
``zsplan verify --bundle FILE`` checks the digests and the chain, then restores
the ledger into a scratch database and computes the report again: the same
bytes mean the report follows from that ledger by that method.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zsplan.errors import LedgerTampered, UsageError

FORMAT = "zsplan-bundle"
VERSION = 1
FILES = ("report.md", "ledger.json")
#: Largest bundle member read, in bytes (a bundle of a provincial ledger is far smaller).
MAX_MEMBER = 512 * 1024 * 1024


def sha256(data: bytes) -> str:
    """The SHA-256 of ``data``, 64 hex digits."""
    return hashlib.sha256(data).hexdigest()


def bundle_bytes(files: dict[str, bytes], manifest: dict[str, Any]) -> bytes:
    """The zip file: ``manifest`` (with each file's digest added under ``files``) and the files, in :data:`FILES` order."""
    document = {"format": FORMAT, "version": VERSION, **manifest, "files": {name: sha256(files[name]) for name in FILES}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(document, ensure_ascii=False, indent=1) + "\n")
        for name in FILES:
            archive.writestr(name, files[name])
    return buffer.getvalue()


@dataclass(frozen=True)
class Bundle:
    """An opened bundle whose files match their digests: the manifest and the files' bytes by name."""

    manifest: dict[str, Any]
    files: dict[str, bytes]


def read_bundle(path: Path) -> Bundle:
    """Open a bundle and check every file against the digest its manifest gives.

    Raises:
        UsageError: the file is not a zsplan bundle (not a zip, no manifest, another format).
        LedgerTampered: a file does not match its digest (it was changed after the bundle was made).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = {info.filename: info for info in archive.infolist()}
            if "manifest.json" not in members or any(name not in members for name in FILES):
                raise UsageError(f"{path}: not a zsplan bundle (it needs manifest.json, {', '.join(FILES)})")
            if any(members[name].file_size > MAX_MEMBER for name in (*FILES, "manifest.json")):
                raise UsageError(f"{path}: a member is larger than {MAX_MEMBER // (1024 * 1024)} MB; not a zsplan bundle")
            manifest = json.loads(archive.read("manifest.json").decode("utf-8"))
            files = {name: archive.read(name) for name in FILES}
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path}: not a readable zsplan bundle ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise UsageError(f"{path}: not a zsplan bundle (format {FORMAT!r}, version {VERSION})")
    digests = manifest.get("files") or {}
    changed = [name for name in FILES if digests.get(name) != sha256(files[name])]
    if changed:
        raise LedgerTampered(f"{path}: {', '.join(changed)} changed after the bundle was made (its SHA-256 does not match the manifest)", [])
    return Bundle(manifest=manifest, files=files)
