"""The Slack app manifest: valid against Slack's documented fields, and consistent with the coach.

slack/manifest.schema.json is written from Slack's "App manifest reference"
(https://api.slack.com/reference/manifests); slack/manifest.yml must validate against
it, and broken variants must not. The consistency checks tie the manifest to how the
coach's Slack connector works: one endpoint (/webhooks/slack/webhook) for the Events
API and for button clicks, mentions and DMs only, and the scopes those events need.
"""

from __future__ import annotations

import copy
import json
from urllib.parse import urlsplit

import pytest
import yaml
from jsonschema import Draft7Validator

from coach.settings import PROJECT_ROOT

ROOT = PROJECT_ROOT
MANIFEST_FILE = ROOT / "slack" / "manifest.yml"
SCHEMA_FILE = ROOT / "slack" / "manifest.schema.json"

# What the coach's Slack connector handles and where it listens.
WEBHOOK_PATH = "/webhooks/slack/webhook"
HANDLED_BOT_EVENTS = {"app_mention", "message.im"}
# message.channels would deliver every @mention a second time (as a plain message).
UNWANTED_BOT_EVENTS = {"message.channels"}
# The scope Slack requires for each bot event (the "Required scopes" on the event's page).
EVENT_SCOPES = {
    "app_mention": "app_mentions:read",
    "message.im": "im:history",
    "message.channels": "channels:history",
    "message.groups": "groups:history",
    "message.mpim": "mpim:history",
}
# Every scope the coach uses, and nothing else (no users:read: it is not needed).
COACH_SCOPES = {"app_mentions:read", "chat:write", "im:history", "im:read", "im:write"}


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema) -> Draft7Validator:
    return Draft7Validator(schema)


@pytest.fixture(scope="module")
def manifest() -> dict:
    return yaml.safe_load(MANIFEST_FILE.read_text(encoding="utf-8"))


def _errors(validator: Draft7Validator, document: dict) -> list:
    return sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))


def _describe(errors: list) -> str:
    return "; ".join(
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors
    )


# --- the schema and the manifest ----------------------------------------------------


def test_schema_is_a_valid_draft7_schema_citing_slack_docs(schema):
    Draft7Validator.check_schema(schema)
    assert "api.slack.com/reference/manifests" in schema["description"]


def test_manifest_validates_against_the_schema(validator, manifest):
    errors = _errors(validator, manifest)
    assert not errors, _describe(errors)


def _drop_name(m):
    del m["display_information"]["name"]


def _http_event_url(m):
    m["settings"]["event_subscriptions"]["request_url"] = "http://coach.example.com" + WEBHOOK_PATH


def _http_interactivity_url(m):
    m["settings"]["interactivity"]["request_url"] = "http://coach.example.com" + WEBHOOK_PATH


def _long_name(m):
    m["display_information"]["name"] = "Sales Coach " + "x" * 24  # 36 characters


def _unknown_setting(m):
    m["settings"]["socket_mode"] = False  # the real key is socket_mode_enabled


def _unknown_display_key(m):
    m["display_information"]["icon"] = "coach.png"


def _long_description(m):
    m["display_information"]["description"] = "d" * 141


def _short_long_description(m):
    m["display_information"]["long_description"] = "Too short."


def _bad_colour(m):
    m["display_information"]["background_color"] = "1d4e89"


def _scope_not_a_string(m):
    m["oauth_config"]["scopes"]["bot"].insert(0, {"name": "chat:write"})


def _event_not_an_event_name(m):
    m["settings"]["event_subscriptions"]["bot_events"].insert(0, "Message IM")


def _interactivity_without_is_enabled(m):
    del m["settings"]["interactivity"]["is_enabled"]


def _bot_user_without_display_name(m):
    del m["features"]["bot_user"]["display_name"]


def _no_display_information(m):
    del m["display_information"]


BROKEN = {
    "missing display_information.name": (_drop_name, ["display_information"], "required"),
    "http:// event request_url": (
        _http_event_url,
        ["settings", "event_subscriptions", "request_url"],
        "pattern",
    ),
    "http:// interactivity request_url": (
        _http_interactivity_url,
        ["settings", "interactivity", "request_url"],
        "pattern",
    ),
    "name longer than 35 characters": (_long_name, ["display_information", "name"], "maxLength"),
    "unknown key under settings": (_unknown_setting, ["settings"], "additionalProperties"),
    "unknown key under display_information": (
        _unknown_display_key,
        ["display_information"],
        "additionalProperties",
    ),
    "description longer than 140": (
        _long_description,
        ["display_information", "description"],
        "maxLength",
    ),
    "long_description too short": (
        _short_long_description,
        ["display_information", "long_description"],
        "minLength",
    ),
    "background_color without #": (
        _bad_colour,
        ["display_information", "background_color"],
        "pattern",
    ),
    "scope that is not a string": (
        _scope_not_a_string,
        ["oauth_config", "scopes", "bot", 0],
        "type",
    ),
    "bot event that is not an event name": (
        _event_not_an_event_name,
        ["settings", "event_subscriptions", "bot_events", 0],
        "pattern",
    ),
    "interactivity without is_enabled": (
        _interactivity_without_is_enabled,
        ["settings", "interactivity"],
        "required",
    ),
    "bot_user without display_name": (
        _bot_user_without_display_name,
        ["features", "bot_user"],
        "required",
    ),
    "no display_information": (_no_display_information, [], "required"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_variant_is_rejected_where_it_is_broken(validator, manifest, case):
    breaker, path, keyword = BROKEN[case]
    broken = copy.deepcopy(manifest)
    breaker(broken)
    errors = _errors(validator, broken)
    assert errors, f"{case}: the schema accepted it"
    found = [(list(e.absolute_path), e.validator) for e in errors]
    assert (path, keyword) in found, f"{case}: expected {keyword} at {path}, got {found}"


# --- consistency with the coach -----------------------------------------------------


def _settings(manifest: dict) -> dict:
    return manifest["settings"]


def test_every_event_the_coach_handles_is_subscribed(manifest):
    subscribed = set(_settings(manifest)["event_subscriptions"]["bot_events"])
    assert subscribed >= HANDLED_BOT_EVENTS, HANDLED_BOT_EVENTS - subscribed
    assert not subscribed & UNWANTED_BOT_EVENTS, subscribed & UNWANTED_BOT_EVENTS
    unhandled = subscribed - HANDLED_BOT_EVENTS
    assert not unhandled, f"subscribed to events the coach does not handle: {unhandled}"


def test_events_and_interactivity_go_to_the_connector_endpoint(manifest):
    settings = _settings(manifest)
    assert settings["socket_mode_enabled"] is False, "the coach takes HTTP requests (no sockets)"
    assert settings["interactivity"]["is_enabled"] is True, "Block Kit buttons need interactivity"
    events_url = urlsplit(settings["event_subscriptions"]["request_url"])
    buttons_url = urlsplit(settings["interactivity"]["request_url"])
    for url in (events_url, buttons_url):
        assert url.scheme == "https"
        assert url.path == WEBHOOK_PATH, url.geturl()
        assert not url.query and not url.fragment, url.geturl()
    assert events_url.netloc == buttons_url.netloc, "events and buttons must reach the same host"


def test_scopes_cover_the_coach_and_each_subscribed_event(manifest):
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    assert len(scopes) == len(set(scopes)), "a scope is listed twice"
    needed = {"chat:write", "app_mentions:read", "im:history"}
    assert set(scopes) >= needed, f"missing scopes: {needed - set(scopes)}"
    for event in manifest["settings"]["event_subscriptions"]["bot_events"]:
        assert event in EVENT_SCOPES, f"no known required scope for {event}: add it to EVENT_SCOPES"
        assert EVENT_SCOPES[event] in scopes, f"{event} needs the {EVENT_SCOPES[event]} scope"
    extra = set(scopes) - COACH_SCOPES
    assert not extra, f"scopes the coach does not use: {extra}"


def test_users_can_dm_the_bot_user(manifest):
    features = manifest["features"]
    assert features["app_home"]["messages_tab_enabled"] is True
    assert features["app_home"]["messages_tab_read_only_enabled"] is False
    # Bot scopes and app_mention both need a bot user.
    assert features["bot_user"]["display_name"] == "Sales Coach"
    assert features["bot_user"]["always_online"] is True
    assert manifest["display_information"]["name"] == "Sales Coach"


def test_manifest_tells_the_reader_to_replace_the_placeholder_host(manifest):
    text = MANIFEST_FILE.read_text(encoding="utf-8")
    host = urlsplit(_settings(manifest)["event_subscriptions"]["request_url"]).netloc
    assert host == "coach.example.com"
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert any("replace" in line.lower() and host in line for line in comments)
