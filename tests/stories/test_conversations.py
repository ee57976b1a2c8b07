"""Rasa's own checks: data validation and conversation test stories."""

import subprocess

from tools.servers import ROOT, VENV_BIN, environment

RASA = str(VENV_BIN / "rasa")


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([RASA, *args], cwd=ROOT, env=environment(), capture_output=True,
                          text=True, timeout=900)


def test_training_data_validates_without_warnings():
    result = _run("data", "validate", "--domain", "domain", "--data", "data/nlu", "data/rules",
                  "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_conversation_stories_pass_without_prediction_errors(model_path, tmp_path):
    result = _run("test", "core", "--model", str(model_path), "--stories", "tests/stories",
                  "--fail-on-prediction-errors", "--out", str(tmp_path / "core"))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
