"""Against a real streaming replica: a private primary started with initdb, a hot standby made
from it with `pg_basebackup -R -X stream`, both from the PostgreSQL binaries that the embedded
server uses (pgserver's, else `pg_config --bindir`). Skipped, saying why, only where no such
binaries exist.

Then tests/replica_probe.py runs kentsend with DATABASE_URL and DATABASE_REPLICA_URL at the
two servers, as a council would configure them: it migrates the primary (the replica follows),
tries the router and the pages, and reports what it saw."""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
SERVER_PROGRAMS = ("initdb", "pg_ctl", "postgres", "pg_basebackup")
DATABASE = "kentsend_replica_probe"


def server_binaries() -> Path | None:
    """The directory of the PostgreSQL programs: pgserver's (as kentsend.embedded starts),
    else the machine's (pg_config --bindir)."""
    candidates: list[Path] = []
    try:
        with warnings.catch_warnings():  # pgserver warns on machines without XDG_RUNTIME_DIR
            warnings.simplefilter("ignore")
            from pgserver._commands import POSTGRES_BIN_PATH

        candidates.append(Path(POSTGRES_BIN_PATH))
    except ImportError:
        pass
    if pg_config := shutil.which("pg_config"):
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        candidates.append(Path(found.stdout.strip()))
    for directory in candidates:
        if all((directory / program).exists() for program in SERVER_PROGRAMS):
            return directory
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Servers:
    """The two servers, run as an unprivileged user when the tests run as root (PostgreSQL
    refuses root), the same user pgserver uses."""

    def __init__(self, bindir: Path, base: Path) -> None:
        self.bindir = bindir
        self.base = base
        self.primary = base / "primary"
        self.standby = base / "standby"
        self.primary_port = free_port()
        self.standby_port = free_port()
        self.user: str | None = None
        if os.geteuid() == 0:
            from pgserver.utils import ensure_user_exists

            self.user = "pgserver"
            entry = ensure_user_exists(self.user)
            assert entry is not None
            os.chown(base, entry.pw_uid, entry.pw_gid)

    def run(self, program: str, *args: str) -> str:
        result = subprocess.run(
            [str(self.bindir / program), *args],
            capture_output=True,
            text=True,
            timeout=120,
            user=self.user,
            cwd=self.base,
        )
        assert result.returncode == 0, f"{program}: {result.stdout}{result.stderr}"
        return result.stdout

    def start(self, data: Path, port: int) -> None:
        options = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.base}"
        log = str(data.with_suffix(".log"))
        self.run("pg_ctl", "-D", str(data), "-o", options, "-l", log, "-w", "start")

    def stop(self, data: Path) -> None:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [str(self.bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                capture_output=True,
                timeout=60,
                user=self.user,
            )

    def url(self, port: int) -> str:
        return f"postgres://postgres@127.0.0.1:{port}/{DATABASE}"


@pytest.fixture(scope="module")
def streaming_replica() -> Iterator[tuple[Servers, dict[str, Any]]]:
    bindir = server_binaries()
    if bindir is None:
        pytest.skip(
            "No PostgreSQL server binaries here (initdb, pg_ctl, postgres and pg_basebackup, "
            "from pgserver or pg_config --bindir), so no replica can be started."
        )
    base = Path(tempfile.mkdtemp(prefix="kentsend-replica-"))
    servers = Servers(bindir, base)
    try:
        servers.run("initdb", "-D", str(servers.primary), "-U", "postgres", "--auth=trust",
                    "--encoding=utf8", "--no-sync")  # fmt: skip
        with (servers.primary / "postgresql.conf").open("a") as conf:
            conf.write("wal_level = replica\nmax_wal_senders = 4\nfsync = off\n")
        with (servers.primary / "pg_hba.conf").open("a") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")
        servers.start(servers.primary, servers.primary_port)
        servers.run("pg_basebackup", "-h", "127.0.0.1", "-p", str(servers.primary_port),
                    "-U", "postgres", "-D", str(servers.standby), "-R", "-X", "stream",
                    "--checkpoint=fast")  # fmt: skip
        servers.start(servers.standby, servers.standby_port)

        primary = f"postgresql://postgres@127.0.0.1:{servers.primary_port}/postgres"
        with psycopg.connect(primary, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {DATABASE}")
        environment = {
            **os.environ,
            "DATABASE_URL": servers.url(servers.primary_port),
            "DATABASE_REPLICA_URL": servers.url(servers.standby_port),
            "ALLOWED_HOSTS": "testserver",
            "SECURE": "false",
        }
        probe = subprocess.run(
            [sys.executable, "-m", "tests.replica_probe"],
            cwd=BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert probe.returncode == 0, probe.stdout + probe.stderr
        yield servers, json.loads(probe.stdout.strip().splitlines()[-1])
    finally:
        servers.stop(servers.standby)
        servers.stop(servers.primary)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def seen(streaming_replica: tuple[Servers, dict[str, Any]]) -> dict[str, Any]:
    return streaming_replica[1]


@pytest.fixture
def servers(streaming_replica: tuple[Servers, dict[str, Any]]) -> Servers:
    return streaming_replica[0]


def test_the_two_connections_reach_a_primary_and_its_hot_standby(seen, servers):
    assert seen["primary"] == {"alias": "default", "in_recovery": False,
                               "port": servers.primary_port}  # fmt: skip
    assert seen["replica"] == {"alias": "replica", "in_recovery": True,
                               "port": servers.standby_port}  # fmt: skip


def test_a_write_lands_on_the_primary_and_streams_to_the_replica(seen):
    assert seen["write_outside_scope"] == "default"
    assert seen["streamed"] is True


def test_inside_the_scope_a_read_is_served_by_the_replica(seen, servers):
    assert seen["read_in_scope"] == {"alias": "replica", "in_recovery": True,
                                     "port": servers.standby_port}  # fmt: skip
    assert seen["orm_read_in_scope"] == "replica"


def test_a_write_in_the_scope_goes_to_the_primary_and_the_read_after_it_stays_there(seen):
    assert seen["write_in_scope"] == "default"
    assert seen["read_after_write"]["in_recovery"] is False
    assert seen["read_after_write_finds_it"] is True


def test_outside_the_scope_reads_go_to_the_primary(seen):
    assert seen["read_outside_scope"]["in_recovery"] is False


def test_the_dashboards_refresh_reads_only_from_the_replica(seen):
    assert seen["dashboard_areas"] >= 1
    assert seen["dashboard_queries"] > 0
    assert seen["dashboard_reads"] == ["replica"], seen["dashboard_on_primary"]


def test_the_public_local_offer_and_its_feed_read_from_the_replica(seen):
    assert seen["local_offer_status"] == 200
    assert seen["local_offer_reads"] == ["replica"]
    assert seen["feed_status"] == 200
    assert seen["feed_reads"] == ["replica"]


def test_a_download_reads_from_the_replica_and_records_its_events_on_the_primary(seen):
    assert seen["export_status"] == 200
    assert seen["export_lines"] == 1 + 3  # the header and the three plans
    assert seen["export_copy_transaction"] == ["replica"]  # the COPY, which reads the plans
    assert seen["export_session_reads"] == ["default"]
    assert seen["export_writes"] == ["default"]
    assert seen["export_events"] == ["caseload.exported", "caseload.export_sent"]
