"""The sales manager's side, in plain Python (no Rasa, no web framework).

- ``auth``: the manager token, the signed session cookie, the rate limit on failed attempts
- ``assignments``: reading an assignment request, and an assignment's status
- ``team``: the team overview and one trainee's sessions, from the repository's records
- ``export``: CSV of sessions and of assignments
- ``scenarios``: checking and storing scenarios managers write from their own deals

``channels/manager.py`` is the thin HTTP adapter that serves these under ``/manager/``.
"""
