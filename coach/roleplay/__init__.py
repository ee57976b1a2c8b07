"""The role-play: the coach plays a "problem" customer (document 003), the trainee sells.

Plain Python, no Rasa. One module, one job:

- ``content``  the personas, styles, scenarios (fact sheets) and reply banks, validated;
- ``state``    the typed session state stored after every turn;
- ``reading``  what a trainee line is (a question, a price, a date, a move, ...);
- ``planning`` what a start request asks for (persona, style, difficulty, scenario);
- ``routing``  whether a line during a role-play is for the coach or the customer;
- ``engine``   the customer's reaction, deterministic from the seed;
- ``scoring``  the scorecard.

The actions import the submodules they need (``from coach.roleplay import engine``);
the names below are the ones most callers use.
"""

from coach.roleplay.content import (
    DIFFICULTIES,
    PERSONA_IDS,
    STYLE_IDS,
    TABOO_IDS,
    TACTIC_IDS,
    Content,
    RoleplayContentError,
    Scenario,
    load_content,
    scenario_from_mapping,
    validate_scenario,
)

__all__ = [
    "DIFFICULTIES", "PERSONA_IDS", "STYLE_IDS", "TABOO_IDS", "TACTIC_IDS", "Content",
    "RoleplayContentError", "Scenario", "load_content", "scenario_from_mapping",
    "validate_scenario",
]
