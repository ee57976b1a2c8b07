"""The files in deploy/ are valid for the programs that read them: nginx's own parser
(``nginx -t``) on the rendered site file, ``systemd-analyze verify`` on the units."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from coach.settings import PROJECT_ROOT
from tools import nginx
from tools.nginx import MAIN_CONF, render

UNITS = ["coach-setup.service", "coach@.service"]


def test_the_rendered_nginx_file_passes_nginx_t(tmp_path):
    try:
        binary = nginx.binary()
    except FileNotFoundError:
        pytest.skip("nginx not installed (./run test installs it)")
    (tmp_path / "coach.conf").write_text(render("127.0.0.1:8080",
                                                ["127.0.0.1:5005", "127.0.0.1:5006"]))
    main = tmp_path / "nginx.conf"
    main.write_text(MAIN_CONF.format(dir=tmp_path, user=""))
    result = subprocess.run([binary, "-t", "-p", str(tmp_path), "-c", str(main)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    site = (tmp_path / "coach.conf").read_text()
    assert "server 127.0.0.1:5005;" in site and "server 127.0.0.1:5006;" in site
    assert "{{" not in site


def test_rendering_needs_a_replica():
    with pytest.raises(ValueError, match="replica"):
        render("80", [])


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_the_systemd_units_pass_systemd_analyze_verify(tmp_path):
    # The units name /opt/sales-coach and /etc/sales-coach; point both at this checkout.
    settings = tmp_path / "etc"
    settings.mkdir()
    for name in ("coach.env", "a.env"):
        shutil.copy(PROJECT_ROOT / "deploy" / "systemd" / f"{name}.example", settings / name)
    paths = []
    for unit in UNITS:
        text = (PROJECT_ROOT / "deploy" / "systemd" / unit).read_text()
        text = text.replace("/opt/sales-coach", str(PROJECT_ROOT))
        text = text.replace("/etc/sales-coach", str(settings))
        name = unit.replace("@.", "@a.")  # an instance of the template
        (tmp_path / name).write_text(text)
        paths.append(str(tmp_path / name))
    result = subprocess.run(["systemd-analyze", "verify", *paths], capture_output=True,
                            text=True, timeout=60)
    problems = [line for line in (result.stdout + result.stderr).splitlines()
                if "coach" in line]
    assert result.returncode == 0 and problems == [], result.stdout + result.stderr
