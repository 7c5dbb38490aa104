"""Production differs from development only by environment variables."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "production-like-secret-key-with-enough-length-and-variety-7f3k9q2m8x",
    "ALLOWED_HOSTS": "ehcp-reviews.example.gov.uk",
    "DATABASE_URL": "postgres://kentsend@db.internal:5432/kentsend",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "EMAIL_URL": "smtp+tls://mailer@smtp.example.gov.uk:587",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            *PRODUCTION,
            *BEHIND_A_PROXY,
            "SECURE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DATABASE_REPLICA_URL",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


BEHIND_A_PROXY = {
    "BEHIND_TLS_PROXY": "true",
    "NUM_PROXIES": "1",
    "CSRF_TRUSTED_ORIGINS": "https://ehcp-reviews.example.gov.uk",
}


@pytest.mark.parametrize("extra", [{}, BEHIND_A_PROXY], ids=["direct", "behind-a-proxy"])
def test_the_deployment_checklist_passes_with_production_variables(extra):
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, **extra)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_strong_secret_key():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "Set SECRET_KEY to a random string of at least 50 characters." in result.stderr


def test_a_missing_database_url_is_explained():
    env = {k: v for k, v in PRODUCTION.items() if k != "DATABASE_URL"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "DATABASE_URL is not set. Use `make run` or `make test`" in result.stderr


def test_only_postgresql_is_accepted():
    result = manage("check", **{**PRODUCTION, "DATABASE_URL": "sqlite:///db.sqlite3"})
    assert result.returncode != 0
    assert "DATABASE_URL must point at PostgreSQL" in result.stderr


def test_without_a_replica_url_there_is_one_database():
    code = "from django.conf import settings; print(sorted(settings.DATABASES))"
    result = manage("shell", "-c", code, **PRODUCTION)
    assert result.stdout.strip().splitlines()[-1] == "['default']"


def test_a_read_replica_has_the_primarys_options_and_no_test_database_of_its_own():
    code = (
        "from django.conf import settings; r = settings.DATABASES['replica']; "
        "print(r['HOST'], r['NAME'], r['CONN_MAX_AGE'], r['CONN_HEALTH_CHECKS'], r['TEST']['MIRROR'])"
    )
    replica = "postgres://kentsend@replica.internal:5432/kentsend"
    result = manage(
        "shell", "-c", code, **PRODUCTION, DATABASE_REPLICA_URL=replica, DATABASE_CONN_MAX_AGE="30"
    )
    assert result.stdout.strip().splitlines()[-1] == ("replica.internal kentsend 30 True default")


def test_a_replica_that_is_not_postgresql_is_refused():
    result = manage("check", **PRODUCTION, DATABASE_REPLICA_URL="sqlite:///replica.sqlite3")
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL must point at PostgreSQL" in result.stderr


def test_celery_reaches_a_redis_unix_socket_through_kombus_spelling():
    from kentsend.settings import celery_broker_url

    assert celery_broker_url("unix:///tmp/r/redis.socket") == "redis+socket:///tmp/r/redis.socket"
    assert celery_broker_url("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"


def test_notify_without_its_key_and_template_is_refused_at_start():
    result = manage("check", **{**PRODUCTION, "EMAIL_PROVIDER": "notify"})
    assert result.returncode != 0
    assert "EMAIL_PROVIDER=notify needs NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID" in result.stderr


def test_an_unknown_email_provider_is_refused_at_start():
    result = manage("check", **{**PRODUCTION, "EMAIL_PROVIDER": "sendgrid"})
    assert result.returncode != 0
    assert "EMAIL_PROVIDER must be smtp or notify" in result.stderr


def test_a_kinds_own_notify_templates_are_read_from_pairs_and_a_bad_pair_is_refused():
    code = "from django.conf import settings; print(sorted(settings.NOTIFY_TEMPLATE_IDS.items()))"
    pairs = "digest=1b2c, password_reset = 3d4e"
    result = manage("shell", "-c", code, **{**PRODUCTION, "NOTIFY_TEMPLATE_IDS": pairs})
    assert (
        result.stdout.strip().splitlines()[-1] == "[('digest', '1b2c'), ('password_reset', '3d4e')]"
    )
    result = manage("check", **{**PRODUCTION, "NOTIFY_TEMPLATE_IDS": "digest"})
    assert result.returncode != 0
    assert "NOTIFY_TEMPLATE_IDS is kind=template id, separated by commas" in result.stderr
