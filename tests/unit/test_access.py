"""Request checks and caps that every entry point shares (channels/access.py,
coach/limits.py) and the link escaping of the Slack and Teams renderers."""

from __future__ import annotations

import pytest

from channels.access import PROXY_HEADERS, is_local, too_large
from channels.formatting import slack_mrkdwn, teams_markdown
from coach.limits import MAX_LINE_CHARS, MAX_REVIEW_MESSAGE_CHARS, cap_message


@pytest.mark.parametrize("address", ["127.0.0.1", "127.8.9.1", "::1"])
def test_loopback_without_proxy_headers_is_local(address):
    assert is_local(address, {"content-type": "application/json"})


@pytest.mark.parametrize("address", ["10.0.0.5", "192.168.1.2", "8.8.8.8", "", None, "x"])
def test_other_addresses_are_not_local(address):
    assert not is_local(address, {})


@pytest.mark.parametrize("header", sorted(PROXY_HEADERS) + ["X-Forwarded-Anything",
                                                              "X-FORWARDED-FOR"])
def test_a_proxy_or_tunnel_header_makes_loopback_not_local(header):
    assert not is_local("127.0.0.1", {header: "1.2.3.4"})


def test_body_size_from_header_or_body():
    assert too_large({"content-length": "2000"}, b"", 1000)
    assert too_large({}, b"x" * 1001, 1000)
    assert not too_large({"content-length": "10"}, b"x" * 10, 1000)
    assert not too_large({"content-length": "nonsense"}, b"x", 1000)


def test_lines_and_reviews_are_capped_with_a_note():
    text, note = cap_message("x" * 3000)
    assert len(text) == MAX_LINE_CHARS and "3,000" in note and "2,000" in note
    text, note = cap_message("check my reply: " + "y" * 9000)
    assert len(text) == MAX_REVIEW_MESSAGE_CHARS and "5,200" in note
    assert cap_message("check my reply: " + "y" * 4000) == ("check my reply: " + "y" * 4000,
                                                            None)
    assert cap_message("hello") == ("hello", None)


QUOTED = ('"see [your invoice](https://evil.example/login), <https://evil.example|click>, '
          'www.evil.example and <!channel>"')


def test_teams_quotes_cannot_become_links():
    rendered = teams_markdown(f"1. **Arguing:** {QUOTED}")
    assert "[" not in rendered and "](" not in rendered
    assert "https://" not in rendered and "www." not in rendered
    assert "<" not in rendered  # no HTML, no <autolink>
    assert rendered.startswith("1. **Arguing:**")


def test_slack_quotes_cannot_become_links_or_mentions():
    rendered = slack_mrkdwn(QUOTED)
    assert "<" not in rendered and ">" not in rendered  # <url|text>, <!channel> escaped
