"""Custom Rasa NLU components of the sales coach (referenced from config.yml).

Rasa imports this package when it loads a model that uses our components, which
is also when the speed-up of its action-reply validation is installed (see
``speedups``): a pure, idempotent swap of one method, tested in
tests/unit/test_speedups.py.
"""

from nlu_components import speedups

speedups.install()
