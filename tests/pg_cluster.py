"""A throw-away PostgreSQL + PostGIS cluster for the tests, the notebook test and the benchmarks.

``initdb`` in a fresh temporary folder, ``pg_ctl start`` on a free local port (TCP on
127.0.0.1 with password authentication, plus a Unix socket in the same folder), a template
database with the PostGIS extension, and ``pg_ctl stop`` + removal at the end. Nothing
touches a system cluster.

``initdb`` and ``postgres`` refuse to run as root: as root (CI runs so) the server runs as the
unprivileged ``postgres`` user the Debian package creates, through ``runuser``.

Binaries: ``$BORDERMAP_PG_BINDIR``, else ``pg_config --bindir``, else the newest
``/usr/lib/postgresql/*/bin``, else ``initdb`` on the ``PATH``. :func:`unavailable_reason` says
why a cluster cannot be started here (no binaries, no PostGIS), or ``None``.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

#: Server settings of the tests' cluster: durability off (it is thrown away), small memory.
FAST_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
SUPERUSER = "bordermap_admin"
TEMPLATE = "bordermap_template"
INSTALL_HINT = "apt-get install postgresql postgis (scripts/setup_test_env.sh does it)"


def _run(argv: list[str], *, user: str | None, **kwargs) -> subprocess.CompletedProcess[str]:
    if user is not None:
        argv = ["runuser", "-u", user, "--", *argv]
    return subprocess.run(argv, capture_output=True, text=True, check=False, **kwargs)


def bindir() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``, or ``None``."""
    candidates = []
    if os.environ.get("BORDERMAP_PG_BINDIR"):
        candidates.append(Path(os.environ["BORDERMAP_PG_BINDIR"]))
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=False)
        if out.returncode == 0:
            candidates.append(Path(out.stdout.strip()))
    debian = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    candidates += debian
    if shutil.which("initdb"):
        candidates.append(Path(shutil.which("initdb")).resolve().parent)  # type: ignore[arg-type]
    for folder in candidates:
        if all((folder / name).is_file() for name in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


def _sharedir(bin_folder: Path) -> Path | None:
    pg_config = bin_folder / "pg_config"
    if pg_config.is_file():
        out = subprocess.run(
            [str(pg_config), "--sharedir"], capture_output=True, text=True, check=False
        )
        if out.returncode == 0:
            return Path(out.stdout.strip())
    version = subprocess.run(
        [str(bin_folder / "postgres"), "--version"], capture_output=True, text=True, check=False
    ).stdout.split()[-1]
    major = version.split(".")[0]
    path = Path("/usr/share/postgresql") / major
    return path if path.is_dir() else None


def unavailable_reason() -> str | None:
    """Why no cluster can be started on this machine (``None``: one can)."""
    folder = bindir()
    if folder is None:
        return f"no PostgreSQL server binaries (initdb, pg_ctl, postgres); {INSTALL_HINT}"
    share = _sharedir(folder)
    if share is None or not (share / "extension" / "postgis.control").is_file():
        return f"PostgreSQL in {folder} has no PostGIS extension; {INSTALL_HINT}"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run the server as"
        if not shutil.which("runuser"):
            return "running as root and runuser (util-linux) is missing"
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


OWNER_FILE = "owner.pid"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reap_orphans(bin_folder: Path) -> None:
    """Stop and remove throw-away clusters whose test process is gone."""
    for root in Path(tempfile.gettempdir()).glob("bordermap-pg-*"):
        try:
            owner = int((root / OWNER_FILE).read_text())
        except (OSError, ValueError):
            continue
        if _alive(owner):
            continue
        if (root / "data" / "postmaster.pid").exists():
            user = "postgres" if os.geteuid() == 0 else None
            _run(
                [str(bin_folder / "pg_ctl"), "-D", str(root / "data"), "-m", "immediate", "stop"],
                user=user,
            )
        shutil.rmtree(root, ignore_errors=True)


class Cluster:
    """One throw-away cluster; use as a context manager or call :meth:`start`/:meth:`stop`.

    Parameters
    ----------
    settings : dict, optional
        Server settings (``-c name=value``); default :data:`FAST_SETTINGS`.
    """

    def __init__(self, *, settings: dict[str, str] | None = None) -> None:
        folder = bindir()
        if folder is None:
            raise RuntimeError(unavailable_reason())
        self.bindir = folder
        self.settings = FAST_SETTINGS if settings is None else settings
        self.password = secrets.token_urlsafe(16)
        self.user = "postgres" if os.geteuid() == 0 else None
        self.root = Path(tempfile.mkdtemp(prefix="bordermap-pg-"))
        self.data = self.root / "data"
        self.port = 0
        self.running = False

    # ------------------------------------------------------------------ life cycle

    def start(self) -> Cluster:
        """initdb, start the server, create the PostGIS template database.

        The folder records the test process's pid; clusters left by a test run that was
        killed (no teardown ran) are stopped and removed first, and this one is stopped when
        this process exits even if pytest's teardown does not run.
        """
        reap_orphans(self.bindir)
        (self.root / OWNER_FILE).write_text(str(os.getpid()))
        atexit.register(self.stop)
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n")
        if self.user is not None:
            os.chown(pwfile, pwd.getpwnam(self.user).pw_uid, -1)
        pwfile.chmod(0o600)
        self._check(
            [
                str(self.bindir / "initdb"),
                "-D",
                str(self.data),
                "-U",
                SUPERUSER,
                f"--pwfile={pwfile}",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            "initdb",
        )
        pwfile.unlink()
        for _attempt in range(3):
            self.port = free_port()
            if self._pg_ctl_start():
                break
        else:
            raise RuntimeError(f"the server did not start:\n{self.log()}")
        self.running = True
        self.admin_sql(f"CREATE DATABASE {TEMPLATE}")
        self.admin_sql("CREATE EXTENSION postgis", database=TEMPLATE)
        return self

    def _pg_ctl_start(self) -> bool:
        options = [
            f"-p {self.port}",
            f"-k {self.root}",
            "-c listen_addresses=127.0.0.1",
            *(f"-c {k}={v}" for k, v in self.settings.items()),
        ]
        done = _run(
            [
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.root / "server.log"),
                "-o",
                " ".join(options),
                "-w",
                "-t",
                "60",
                "start",
            ],
            user=self.user,
        )
        return done.returncode == 0

    def stop(self) -> None:
        """Stop the server (fast shutdown) and delete its folder."""
        if self.running:
            _run(
                [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"],
                user=self.user,
            )
            self.running = False
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ helpers

    def _check(self, argv: list[str], what: str) -> None:
        done = _run(argv, user=self.user)
        if done.returncode != 0:
            raise RuntimeError(f"{what} failed ({done.returncode}):\n{done.stdout}{done.stderr}")

    def log(self) -> str:
        """The server log so far."""
        path = self.root / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def url(
        self, database: str = "postgres", *, user: str = SUPERUSER, password: str | None = None
    ) -> str:
        """A ``postgresql://`` URL of a database of this cluster (TCP, with the password)."""
        secret = self.password if password is None else password
        return f"postgresql://{user}:{secret}@127.0.0.1:{self.port}/{database}"

    def env(self, database: str) -> dict[str, str]:
        """The standard PG* environment variables naming a database of this cluster."""
        return {
            "PGHOST": "127.0.0.1",
            "PGPORT": str(self.port),
            "PGUSER": SUPERUSER,
            "PGPASSWORD": self.password,
            "PGDATABASE": database,
        }

    def admin_sql(self, statement: str, *, database: str = "postgres") -> list[tuple]:
        """Run one statement as the superuser (autocommit); return its rows, if any."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            cur = conn.execute(statement)  # type: ignore[arg-type]
            return cur.fetchall() if cur.description else []

    def create_database(self, name: str, *, postgis: bool = True, owner: str | None = None) -> str:
        """Create a database (a copy of the PostGIS template, or bare); return its URL."""
        template = TEMPLATE if postgis else "template0"
        owned = f" OWNER {owner}" if owner else ""
        self.admin_sql(f"CREATE DATABASE {name} TEMPLATE {template}{owned}")
        return self.url(name)


@contextlib.contextmanager
def cluster(*, settings: dict[str, str] | None = None) -> Iterator[Cluster]:
    """Start a throw-away cluster for the duration of a ``with`` block."""
    running = Cluster(settings=settings)
    try:
        yield running.start()
    finally:
        running.stop()
