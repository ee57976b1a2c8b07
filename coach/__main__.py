"""Command line: ``python -m coach <command>``.

Commands:
  build-spacy [DIR]   build the spaCy pipeline Rasa and the analyzer load
  check-playbook      load and validate the playbook, print a summary
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coach.settings import load_settings


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coach")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build-spacy", help="build the spaCy pipeline")
    build.add_argument("target", nargs="?", type=Path, default=None)
    commands.add_parser("check-playbook", help="validate the playbook")
    args = parser.parse_args(argv)
    settings = load_settings()

    if args.command == "build-spacy":
        from coach.nlp import save_pipeline

        target = save_pipeline(args.target or settings.spacy_model_dir)
        print(f"spaCy pipeline written to {target}")
    elif args.command == "check-playbook":
        from coach.playbook import PlaybookError, load_playbook

        try:
            playbook = load_playbook(settings.playbook_dir, settings.sources_file)
        except PlaybookError as error:
            print(f"playbook error: {error}", file=sys.stderr)
            return 1
        print(f"playbook OK: {len(playbook)} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
