"""The Rasa action server of the sales coach (``rasa run actions``).

Actions are thin: they read the tracker, call the plain-Python coaching code in
``coach/`` and return events.
"""

import sys

# spaCy's thinc imports TensorFlow when it is installed (it is, for Rasa), and the action
# server never uses it: 365 MB and 15-30 s of the first request went to that import. In
# the action server process only (`rasa run actions`: not the tests, not Rasa), thinc is
# told it is absent before anything imports spaCy.
if sys.argv[1:3] == ["run", "actions"] and "tensorflow" not in sys.modules:
    sys.modules["tensorflow"] = None  # type: ignore[assignment]

