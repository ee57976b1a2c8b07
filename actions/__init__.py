"""The Rasa action server of the sales coach (``rasa run actions``).

Actions are thin: they read the tracker, call the plain-Python coaching code in
``coach/`` and return events.
"""
