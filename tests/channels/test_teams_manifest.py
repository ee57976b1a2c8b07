"""The Microsoft Teams app package: teams/package.py, its zip, and the manifest's schema.

The schema checks run tools/js/validate_teams_manifest.mjs, which validates offline
against the schema shipped in the npm package @microsoft/app-manifest; its
node_modules must be installed (npm ci --prefix tools/js, done by ./run test).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from coach.settings import PROJECT_ROOT
from teams import package

ROOT = PROJECT_ROOT
TOOLS_JS = ROOT / "tools" / "js"
VALIDATOR = TOOLS_JS / "validate_teams_manifest.mjs"
PACKAGE_SCRIPT = ROOT / "teams" / "package.py"
TEST_GUID = "1a2b3c4d-1234-5678-9abc-def012345678"
PACKAGE_FILES = {"manifest.json", "color.png", "outline.png"}


# --- helpers -------------------------------------------------------------------------

def png_header(data: bytes):
    """(width, height, bit depth, colour type, interlace) from a PNG's bytes."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height, depth, colour, _comp, _filter, interlace = struct.unpack(
        ">IIBBBBB", data[16:29])
    return width, height, depth, colour, interlace


def rgba_pixels(data: bytes):
    """Decode an 8-bit, non-interlaced RGBA PNG (what make_icons.py writes) to pixels."""
    width, height, depth, colour, interlace = png_header(data)
    assert (depth, colour, interlace) == (8, 6, 0), "expected 8-bit RGBA, not interlaced"
    stream, idat = io.BytesIO(data[8:]), b""
    while True:
        length, kind = struct.unpack(">I4s", stream.read(8))
        chunk = stream.read(length)
        stream.read(4)  # CRC
        if kind == b"IDAT":
            idat += chunk
        if kind == b"IEND":
            break
    raw, stride, bpp = zlib.decompress(idat), width * 4, 4
    rows, prev, offset = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[offset], bytearray(raw[offset + 1:offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, up_left = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else up_left)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return [tuple(row[i:i + 4]) for row in rows for i in range(0, stride, 4)]


def node_ready() -> str:
    """The node binary, failing (not skipping) with a fix when the tooling is missing."""
    node = shutil.which("node")
    assert node, "node is not installed: the Teams manifest check needs Node.js (18 or later)"
    modules = TOOLS_JS / "node_modules" / "@microsoft" / "app-manifest"
    assert modules.is_dir(), (
        f"{modules} is missing: run `npm ci --prefix tools/js` (./run test does it)")
    return node


def validate(manifest_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([node_ready(), str(VALIDATOR), str(manifest_path)],
                          capture_output=True, text=True, timeout=120)


def run_package_script(tmp_path: Path, **env_overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("TEAMS_APP_ID", "TEAMS_BOT_DOMAIN")}
    env.update(env_overrides)
    return subprocess.run([sys.executable, str(PACKAGE_SCRIPT), "--out",
                           str(tmp_path / "out" / "app.zip")],
                          capture_output=True, text=True, env=env, timeout=60, cwd=ROOT)


@pytest.fixture
def built_zip(tmp_path) -> Path:
    return package.write_package(tmp_path / "sales-coach-teams.zip", TEST_GUID)


@pytest.fixture
def packaged_manifest(built_zip) -> dict:
    with zipfile.ZipFile(built_zip) as archive:
        return json.loads(archive.read("manifest.json"))


def write_json(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, indent=2))
    return path


# --- (a) the package -----------------------------------------------------------------

def test_zip_holds_exactly_the_manifest_and_two_icons_at_its_root(built_zip):
    with zipfile.ZipFile(built_zip) as archive:
        assert archive.testzip() is None
        assert sorted(archive.namelist()) == sorted(PACKAGE_FILES)


def test_manifest_carries_the_app_id_in_id_and_bot_id(packaged_manifest):
    assert packaged_manifest["id"] == TEST_GUID
    assert packaged_manifest["bots"][0]["botId"] == TEST_GUID
    assert package.PLACEHOLDER_ID not in json.dumps(packaged_manifest)
    assert packaged_manifest["validDomains"] == []


def test_manifest_describes_a_conversational_bot_in_three_scopes(packaged_manifest):
    bot = packaged_manifest["bots"][0]
    assert packaged_manifest["name"]["short"] == "Sales Coach"
    assert len(packaged_manifest["description"]["short"]) <= 80
    assert sorted(bot["scopes"]) == ["groupChat", "personal", "team"]
    assert bot["supportsFiles"] is False and bot["isNotificationOnly"] is False
    listed = {scope for commands in bot["commandLists"] for scope in commands["scopes"]}
    assert listed == {"personal", "team", "groupChat"}
    for commands in bot["commandLists"]:
        assert all(command["title"] and command["description"]
                   for command in commands["commands"])
    icons = packaged_manifest["icons"]
    assert (icons["color"], icons["outline"]) == ("color.png", "outline.png")
    for key in ("websiteUrl", "privacyUrl", "termsOfUseUrl"):
        assert packaged_manifest["developer"][key].startswith("https://")


def test_icons_have_the_sizes_teams_requires(built_zip):
    with zipfile.ZipFile(built_zip) as archive:
        assert png_header(archive.read("color.png"))[:2] == (192, 192)
        assert png_header(archive.read("outline.png"))[:2] == (32, 32)
    assert package.png_size(ROOT / "teams" / "color.png") == (192, 192)
    assert package.png_size(ROOT / "teams" / "outline.png") == (32, 32)


def test_outline_icon_is_white_on_transparent():
    pixels = rgba_pixels((ROOT / "teams" / "outline.png").read_bytes())
    assert {pixel[:3] for pixel in pixels} == {(255, 255, 255)}
    alphas = [pixel[3] for pixel in pixels]
    assert alphas[0] == 0 and min(alphas) == 0  # the corners are fully transparent
    assert sum(alpha == 255 for alpha in alphas) > 50  # and there is a drawing


def test_bot_domain_goes_into_valid_domains(tmp_path):
    path = package.write_package(tmp_path / "app.zip", TEST_GUID, domain="coach.example.com")
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["validDomains"] == ["coach.example.com"]


def test_building_leaves_the_committed_template_untouched():
    before = (ROOT / "teams" / "manifest.json").read_text()
    package.build_manifest(TEST_GUID, "coach.example.com")
    assert (ROOT / "teams" / "manifest.json").read_text() == before
    assert json.loads(before)["id"] == package.PLACEHOLDER_ID


# --- (b) the schema accepts the manifests --------------------------------------------

def test_packaged_manifest_passes_the_teams_schema(built_zip, tmp_path):
    with zipfile.ZipFile(built_zip) as archive:
        archive.extract("manifest.json", tmp_path / "unzipped")
    result = validate(tmp_path / "unzipped" / "manifest.json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout


def test_committed_template_passes_the_teams_schema():
    result = validate(ROOT / "teams" / "manifest.json")
    assert result.returncode == 0, result.stdout + result.stderr


# --- (c) ... and rejects broken ones -------------------------------------------------

def test_validator_rejects_an_id_that_is_not_a_guid(packaged_manifest, tmp_path):
    broken = dict(packaged_manifest, id="not-a-guid")
    result = validate(write_json(tmp_path / "manifest.json", broken))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "/id" in result.stderr


def test_validator_rejects_a_manifest_without_a_name(packaged_manifest, tmp_path):
    broken = {key: value for key, value in packaged_manifest.items() if key != "name"}
    result = validate(write_json(tmp_path / "manifest.json", broken))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "'name'" in result.stderr


def test_validator_rejects_a_bad_bot_id_and_an_http_less_url(packaged_manifest, tmp_path):
    broken = json.loads(json.dumps(packaged_manifest))
    broken["bots"][0]["botId"] = "sales-coach"
    broken["developer"]["privacyUrl"] = "example.com/privacy"
    result = validate(write_json(tmp_path / "manifest.json", broken))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "/bots/0/botId" in result.stderr and "/developer/privacyUrl" in result.stderr


def test_validator_exits_2_when_no_schema_ships_for_the_version(packaged_manifest, tmp_path):
    broken = dict(packaged_manifest, manifestVersion="9.99")
    result = validate(write_json(tmp_path / "manifest.json", broken))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "9.99" in result.stderr


# --- (d) package.py refuses a missing or malformed TEAMS_APP_ID ----------------------

def test_script_refuses_a_missing_app_id(tmp_path):
    result = run_package_script(tmp_path)
    assert result.returncode == 2
    assert "TEAMS_APP_ID" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["not-a-guid", "1a2b3c4d12345678", package.PLACEHOLDER_ID,
                                   "1a2b3c4d-1234-5678-9abc-def01234567g"])
def test_script_refuses_a_malformed_app_id(tmp_path, value):
    result = run_package_script(tmp_path, TEAMS_APP_ID=value)
    assert result.returncode == 2
    assert "TEAMS_APP_ID" in result.stderr
    assert not (tmp_path / "out").exists()


def test_script_refuses_a_url_as_bot_domain(tmp_path):
    result = run_package_script(tmp_path, TEAMS_APP_ID=TEST_GUID,
                                TEAMS_BOT_DOMAIN="https://coach.example.com/")
    assert result.returncode == 2
    assert "TEAMS_BOT_DOMAIN" in result.stderr


def test_script_writes_the_zip_and_prints_its_path(tmp_path):
    result = run_package_script(tmp_path, TEAMS_APP_ID=TEST_GUID,
                                TEAMS_BOT_DOMAIN="coach.example.com")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out" / "app.zip"
    assert result.stdout.strip() == str(out)
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == sorted(PACKAGE_FILES)
        assert json.loads(archive.read("manifest.json"))["validDomains"] == ["coach.example.com"]


def test_read_app_id_from_a_mapping():
    assert package.read_app_id({"TEAMS_APP_ID": f" {TEST_GUID}\n"}) == TEST_GUID
    with pytest.raises(package.ConfigError, match="not set"):
        package.read_app_id({})
    with pytest.raises(package.ConfigError, match="not a GUID"):
        package.read_app_id({"TEAMS_APP_ID": "abc"})
