"""Rasa-side storage adapters (they import Rasa; the coach's own storage is coach/db.py)."""
