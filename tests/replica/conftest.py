"""A real PostgreSQL primary and its streaming standby, made for the test.

initdb makes a throwaway primary, pg_basebackup copies it into a standby
that streams from it; both listen on free ports of 127.0.0.1 and are removed
afterwards. The server tools are found under /usr/lib/postgresql/*/bin (or on
PATH). Without them the test skips on a developer's machine and fails in CI
(CI=true), which has them. PostgreSQL refuses to run as root: as root, the
clusters run as the `postgres` system user.
"""

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.helpers import Cluster

TOOLS = ("initdb", "pg_ctl", "pg_basebackup")
ROOT = Path(__file__).resolve().parents[2]


def _bin_dir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if all(os.access(Path(candidate, tool), os.X_OK) for tool in TOOLS):
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Clusters:
    def __init__(self, bin_dir: Path, root: Path):
        self.bin_dir, self.root = bin_dir, root
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.started: list[Cluster] = []

    def run(self, tool: str, *args: str) -> None:
        command = [*self.as_postgres, str(self.bin_dir / tool), *args]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self, cluster: Cluster) -> None:
        options = f"-p {cluster.port} -k {self.root} -c listen_addresses=127.0.0.1"
        log = str(self.root / f"{cluster.data.name}.log")
        self.run("pg_ctl", "-D", str(cluster.data), "-o", options, "-l", log, "-w", "start")
        self.started.append(cluster)

    def new_primary(self) -> Cluster:
        cluster = Cluster(self.root / "primary", _free_port())
        self.run(
            "initdb",
            *("-D", str(cluster.data), "-U", "postgres", "--auth=trust"),
            *("--encoding=UTF8", "--locale=C"),
        )
        with open(cluster.data / "postgresql.conf", "a") as conf:
            # Throwaway data: no need to wait for the disk.
            conf.write("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
        self.start(cluster)
        return cluster

    def standby_of(self, primary: Cluster) -> Cluster:
        cluster = Cluster(self.root / "standby", _free_port())
        self.run(
            "pg_basebackup",
            *("-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres"),
            *("-D", str(cluster.data), "-R", "-X", "stream"),
        )
        self.start(cluster)
        return cluster

    def stop(self, cluster: Cluster) -> None:
        self.run("pg_ctl", "-D", str(cluster.data), "-m", "fast", "-w", "stop")
        self.started.remove(cluster)

    def stop_all(self) -> None:
        for cluster in reversed(self.started):
            with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
                self.run("pg_ctl", "-D", str(cluster.data), "-m", "immediate", "stop")


@pytest.fixture(scope="session")
def replica_clusters():
    """The Clusters, with .primary and .standby: a test may stop and start the standby."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail("the PostgreSQL server tools (initdb, pg_basebackup) are required in CI")
        pytest.skip("PostgreSQL server tools not installed (initdb, pg_ctl, pg_basebackup)")
    root = Path(tempfile.mkdtemp(prefix="hospital-replica-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    clusters = Clusters(bin_dir, root)
    try:
        clusters.primary = clusters.new_primary()
        clusters.standby = clusters.standby_of(clusters.primary)
        yield clusters
    finally:
        clusters.stop_all()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def primary_and_standby(replica_clusters):
    return replica_clusters.primary, replica_clusters.standby


@pytest.fixture(scope="session")
def deployment(primary_and_standby):
    """A migrated database, "hospital", on the primary, streamed to the
    standby, and the environment of a deployment reading both."""
    primary, standby = primary_and_standby
    with primary.connect() as conn:
        conn.execute("CREATE DATABASE hospital")
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": primary.url("hospital"),
        "DATABASE_REPLICA_URL": standby.url("hospital"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "ALLOWED_HOSTS": "testserver",
        # tests/replica/test_replica.py pauses replay to show what lag does
        # to the pages: the bound must not hide it.
        "REPLICA_MAX_LAG_SECONDS": "3600",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT, timeout=600)
    return primary, standby, env
