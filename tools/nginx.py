"""nginx in front of coach replicas: render deploy/nginx/coach.conf.template, and run it.

    python -m tools.nginx --listen 80 --replica 127.0.0.1:5005 --replica 127.0.0.1:5006

prints the site file for ``/etc/nginx/conf.d/``. ``Nginx`` runs the same file as an
unprivileged child (its own prefix, pid and logs in a folder), for the replica
tests and the benchmark.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Sequence

import requests

from coach.settings import PROJECT_ROOT
from tools.servers import Process, free_port

TEMPLATE = PROJECT_ROOT / "deploy" / "nginx" / "coach.conf.template"


def render(listen: str, replicas: Sequence[str]) -> str:
    if not replicas:
        raise ValueError("at least one replica (host:port) is needed")
    servers = "\n".join(f"    server {replica};" for replica in replicas)
    return TEMPLATE.read_text().replace("{{REPLICAS}}", servers).replace("{{LISTEN}}", listen)


def binary() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None)
    if not found:
        raise FileNotFoundError("nginx not found: `./run test` installs Debian's nginx")
    return found


# The process-level wrapper a distribution's nginx.conf provides; here for a private run.
MAIN_CONF = """\
{user}daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    log_format upstream '$remote_addr "$request" $status upstream=$upstream_addr';
    access_log {dir}/access.log upstream;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/coach.conf;
}}
"""


@dataclass
class Nginx:
    """A private nginx on 127.0.0.1 in front of ``replicas`` (host:port each)."""

    replicas: List[str]
    directory: Path
    port: int = 0
    process: Process | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Nginx:
        self.port = self.port or free_port()
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / "coach.conf").write_text(
            render(f"127.0.0.1:{self.port}", self.replicas))
        main = self.directory / "nginx.conf"
        # Run as root, nginx's workers would drop to "nobody", who cannot write the
        # temporary files (large bodies) in a private folder; they keep this user instead.
        user = "user root;\n" if os.geteuid() == 0 else ""
        main.write_text(MAIN_CONF.format(dir=self.directory, user=user))
        log = self.directory / "nginx.log"
        handle = open(log, "wb")  # noqa: SIM115 (stays open for the child)
        popen = subprocess.Popen([binary(), "-p", str(self.directory), "-c", str(main)],
                                 stdout=handle, stderr=subprocess.STDOUT,
                                 start_new_session=True)
        self.process = Process("nginx", popen, log)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if popen.poll() is not None:
                raise RuntimeError("nginx exited: " + log.read_text(errors="replace")
                                   + (self.directory / "error.log").read_text(errors="replace"))
            try:
                requests.get(f"{self.url}/webhooks/webchat/", timeout=2)
                return self
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError(f"nginx did not answer on {self.url}")

    def requests(self) -> List[str]:
        """The access log's lines, in order: client, request line, status, replica."""
        log = self.directory / "access.log"
        return log.read_text().splitlines() if log.exists() else []

    def upstreams(self) -> List[str]:
        """The replica each request went to, in order."""
        return [line.rsplit("upstream=", 1)[-1] for line in self.requests()]

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()
            self.process = None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="80", help="nginx's listen value (default 80)")
    parser.add_argument("--replica", action="append", required=True,
                        help="host:port of a coach replica's Rasa server (repeat)")
    args = parser.parse_args(argv)
    sys.stdout.write(render(args.listen, args.replica))
    return 0


if __name__ == "__main__":
    sys.exit(main())
