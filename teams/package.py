"""Build the Microsoft Teams app package (a zip to upload in Teams).

    TEAMS_APP_ID=<your bot's Microsoft App ID> python teams/package.py [--out PATH]

The package holds exactly manifest.json, color.png and outline.png at its root.
manifest.json is teams/manifest.json with the placeholder GUID replaced by
TEAMS_APP_ID in "id" and "bots[0].botId"; when TEAMS_BOT_DOMAIN (a host name such
as coach.example.com) is set, it is added to "validDomains".

Standard library only. Exit codes: 0 written; 2 bad or missing configuration
(TEAMS_APP_ID, TEAMS_BOT_DOMAIN); 1 a broken template or icon.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import struct
import sys
import zipfile
from pathlib import Path
from typing import Mapping, Tuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TEMPLATE = HERE / "manifest.json"
DEFAULT_OUT = ROOT / "build" / "teams" / "sales-coach-teams.zip"
PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000"
# File name in the package -> (source file, required width and height).
ICONS = {
    "color.png": (HERE / "color.png", (192, 192)),
    "outline.png": (HERE / "outline.png", (32, 32)),
}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A fixed timestamp, so the same inputs give a byte-identical zip.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

GUID_RE = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
# A host name such as coach.example.com (a leading "*." wildcard is allowed).
HOSTNAME_RE = re.compile(
    r"^(?:\*\.)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)


class ConfigError(Exception):
    """Missing or malformed settings from the environment."""


class PackageError(Exception):
    """A broken template or icon in teams/."""


def is_guid(value: str) -> bool:
    return bool(GUID_RE.match(value))


def read_app_id(environ: Mapping[str, str] = os.environ) -> str:
    """TEAMS_APP_ID from the environment: the Azure bot's Microsoft App ID."""
    value = environ.get("TEAMS_APP_ID", "").strip()
    if not value:
        raise ConfigError(
            "TEAMS_APP_ID is not set: set it (e.g. in .env) to your Azure bot's "
            "Microsoft App ID, a GUID like 1a2b3c4d-1234-5678-9abc-def012345678"
        )
    if not is_guid(value):
        raise ConfigError(
            f"TEAMS_APP_ID={value!r} is not a GUID: use the Azure bot's Microsoft App ID, "
            "e.g. 1a2b3c4d-1234-5678-9abc-def012345678"
        )
    if value == PLACEHOLDER_ID:
        raise ConfigError("TEAMS_APP_ID is the all-zero placeholder: use your bot's real App ID")
    return value


def read_domain(environ: Mapping[str, str] = os.environ) -> str | None:
    """TEAMS_BOT_DOMAIN from the environment (a bare host name), or None if unset."""
    value = environ.get("TEAMS_BOT_DOMAIN", "").strip()
    if not value:
        return None
    if not HOSTNAME_RE.match(value):
        raise ConfigError(
            f"TEAMS_BOT_DOMAIN={value!r} is not a host name: give just the host, "
            "e.g. coach.example.com (no https://, no path, no port)"
        )
    return value.lower()


def load_template(path: Path = TEMPLATE) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PackageError(f"cannot read the manifest template {path}: {error}") from error


def build_manifest(app_id: str, domain: str | None = None) -> dict:
    """The manifest for this bot: the template with its App ID (and domain) filled in."""
    if not is_guid(app_id):
        raise ConfigError(f"not a GUID: {app_id!r}")
    manifest = copy.deepcopy(load_template())
    bots = manifest.get("bots") or []
    if not bots:
        raise PackageError(f"{TEMPLATE} has no bot")
    manifest["id"] = app_id
    bots[0]["botId"] = app_id
    if domain:
        domains = manifest.setdefault("validDomains", [])
        if domain not in domains:
            domains.append(domain)
    return manifest


def png_size(path: Path) -> Tuple[int, int]:
    """Width and height from a PNG's IHDR header."""
    with open(path, "rb") as handle:
        header = handle.read(24)
    if len(header) < 24 or header[:8] != PNG_SIGNATURE or header[12:16] != b"IHDR":
        raise PackageError(f"{path} is not a PNG file")
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def check_icons() -> None:
    for name, (path, expected) in ICONS.items():
        if not path.is_file():
            raise PackageError(f"icon {path} is missing: run python teams/make_icons.py")
        size = png_size(path)
        if size != expected:
            raise PackageError(
                f"{name} is {size[0]}x{size[1]}, Teams needs {expected[0]}x{expected[1]}"
            )


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def write_package(out_path, app_id: str, domain: str | None = None) -> Path:
    """Write the app package zip to out_path and return its path."""
    manifest = build_manifest(app_id, domain)
    check_icons()
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as archive:
        _add(archive, "manifest.json", (json.dumps(manifest, indent=2) + "\n").encode("utf-8"))
        for name, (path, _size) in ICONS.items():
            _add(archive, name, path.read_bytes())
    tmp.replace(out)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Build the Microsoft Teams app package.")
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT,
        help=f"where to write the zip (default: {DEFAULT_OUT.relative_to(ROOT)})",
    )
    args = parser.parse_args(argv)
    try:
        path = write_package(args.out, read_app_id(), read_domain())
    except ConfigError as error:
        print(f"teams/package.py: error: {error}", file=sys.stderr)
        return 2
    except PackageError as error:
        print(f"teams/package.py: error: {error}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
