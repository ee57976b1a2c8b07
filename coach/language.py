"""The languages the coach speaks (docs/contract/language.md)."""

from __future__ import annotations

LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"
