"""Shared, lazily loaded resources of the action server.

Nothing is loaded at import. The action server loads them as it starts (``warm_up``), and
otherwise the first action that needs one loads it; a broken file fails loudly then (and in
the tests), never silently.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from functools import cache, lru_cache

from coach.analyzer import TabooAnalyzer, analyzer_for
from coach.db import Repository
from coach.language import DEFAULT_LANGUAGE, LANGUAGES, light_reader
from coach.manager.scenarios import team_scenarios
from coach.playbook import Playbook, load_playbook
from coach.roleplay import Content, load_content
from coach.settings import load_settings

logger = logging.getLogger(__name__)


@cache
def playbook(language: str = DEFAULT_LANGUAGE) -> Playbook:
    settings = load_settings()
    return load_playbook(settings.playbook_dir, settings.sources_file, language)


@cache
def analyzer(language: str = DEFAULT_LANGUAGE) -> TabooAnalyzer:
    """The taboo analyzer of ``language``: its rules and its own spaCy pipeline."""
    if language == DEFAULT_LANGUAGE:
        settings = load_settings()
        return TabooAnalyzer.from_files(settings.spacy_model_dir, settings.taboos_file)
    return analyzer_for(language)


@cache
def shipped_roleplay_content(language: str = DEFAULT_LANGUAGE) -> Content:
    """The shipped role-play content in ``language`` (one per language, loaded once)."""
    return load_content(load_settings().roleplay_dir, language)


def roleplay_content(language: str = DEFAULT_LANGUAGE) -> Content:
    """The shipped content plus every scenario managers added (docs/manager.md).

    Read on each call (one small query), so a scenario added on any replica is playable
    at once; retired ones stay in, so a session already running on one goes on. A stored
    scenario that no longer checks out is skipped (logged), never fatal.
    """
    return _with_team(shipped_roleplay_content(language),
                      repository().team_scenarios(include_retired=True))


def start_content(scenario_id: str | None, language: str = DEFAULT_LANGUAGE) -> Content:
    """What a new role-play may start on: the shipped scenarios, plus the team scenario
    the trainee named by id if it is in use (not retired).

    Team scenarios are never picked at random, so a seed replays the same session
    whatever the team has added.
    """
    shipped = shipped_roleplay_content(language)
    if not scenario_id or scenario_id in shipped.scenarios:
        return shipped
    record = repository().team_scenario(scenario_id)
    if record is None or record.retired_at is not None:
        return shipped
    return _with_team(shipped, [record])


def _with_team(content: Content, records) -> Content:
    team = team_scenarios(records)
    if not team:
        return content
    return replace(content, scenarios={**content.scenarios, **team})


@lru_cache(maxsize=1)
def repository() -> Repository:
    """The progress database; migrated on first use (not at import)."""
    return Repository.from_url(load_settings().database_url)


def warm_up() -> None:
    """Load what the first trainee would otherwise wait for: the taboo rules take seconds to
    compile (tens of seconds on a loaded machine). Called once as the action server starts
    (rasa_sdk_plugins), before it answers; a broken file fails the start, loudly."""
    started = time.perf_counter()
    light_reader().detect("warm up")  # reviews read which language a draft is in
    for language in LANGUAGES:
        playbook(language)
        analyzer(language)
        shipped_roleplay_content(language)
    logger.info("Action server resources loaded in %.1f s.", time.perf_counter() - started)
