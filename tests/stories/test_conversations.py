"""Rasa's own checks: data validation and conversation test stories."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RASA = str(Path(sys.executable).parent / "rasa")
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
       "PYTHONPATH": str(ROOT)}


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([RASA, *args], cwd=ROOT, env=ENV, capture_output=True, text=True,
                          timeout=900)


def test_training_data_validates_without_warnings():
    result = _run("data", "validate", "--data", "data/nlu", "data/rules", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_conversation_stories_pass_without_prediction_errors(model_path, tmp_path):
    result = _run("test", "core", "--model", str(model_path), "--stories", "tests/stories",
                  "--fail-on-prediction-errors", "--out", str(tmp_path / "core"))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
