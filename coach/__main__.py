"""Command line: ``python -m coach <command>``.

Commands:
  build-spacy [DIR]   build the spaCy pipeline Rasa and the analyzer load
  check-playbook      load and validate the playbook, print a summary
  migrate             bring the progress database to the latest schema (Alembic)
  report [--trainee ID] [--chart FILE.png]
                      role-play progress for one trainee or all, optionally as a chart
  sender-token SENDER the credential a REST client sends (X-Coach-Sender-Token) to speak
                      as SENDER from another machine (channels/rest.py)
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
    commands.add_parser("migrate", help="migrate the progress database")
    report = commands.add_parser("report", help="role-play progress")
    report.add_argument("--trainee", help="the trainee's sender id (default: everyone)")
    report.add_argument("--chart", type=Path, help="also write a PNG chart of scores")
    token = commands.add_parser("sender-token", help="REST credential for one sender")
    token.add_argument("sender")
    args = parser.parse_args(argv)
    settings = load_settings()

    if args.command == "build-spacy":
        from coach.nlp import save_pipeline

        target = save_pipeline(args.target or settings.spacy_model_dir)
        print(f"spaCy pipeline written to {target}")
    elif args.command == "check-playbook":
        from coach.playbook import PlaybookError, load_playbooks

        try:
            playbooks = load_playbooks(settings.playbook_dir, settings.sources_file)
        except PlaybookError as error:
            print(f"playbook error: {error}", file=sys.stderr)
            return 1
        counts = ", ".join(f"{lang} {len(book)}" for lang, book in playbooks.items())
        print(f"playbook OK: {len(playbooks['en'])} entries ({counts})")
    elif args.command == "migrate":
        from coach.db import migrate

        migrate(settings.database_url)
        print("database migrated")
    elif args.command == "sender-token":
        from coach.secret import sender_token

        print(sender_token(args.sender))
    elif args.command == "report":
        return _report(settings, args.trainee, args.chart)
    return 0


def _report(settings, trainee, chart) -> int:
    from coach.db import Repository
    from coach.markup import plain
    from coach.progress import progress, progress_text, write_chart

    repository = Repository.from_url(settings.database_url)
    trainees = [trainee] if trainee else repository.trainees()
    if not trainees:
        print("no trainees yet")
        return 0
    records = {name: repository.finished_sessions(name) for name in trainees}
    for name in trainees:
        print(plain(progress_text(f"Progress of {name}", progress(records[name]))))
        print()
    if chart:
        print(f"chart written to {write_chart(records, chart)}")
    repository.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
