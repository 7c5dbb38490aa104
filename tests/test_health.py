import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache
from django.test import Client, override_settings

from kentsend import celery_app
from kentsend.celery import heartbeat
from kentsend.health import HEARTBEAT_KEY, heartbeat_record
from tests.conftest import wait_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_heartbeat_yet():
    cache.delete(HEARTBEAT_KEY)
    yield
    cache.delete(HEARTBEAT_KEY)


def health() -> tuple[int, dict[str, Any]]:
    response = Client().get("/healthz")
    return response.status_code, response.json()


def test_it_is_healthy_when_the_database_redis_and_a_recent_heartbeat_are_there():
    heartbeat_record()
    status, body = health()
    assert status == 200
    assert body["status"] == "ok"
    assert body["database"]["ok"]
    assert body["redis"]["ok"]
    assert body["worker"]["ok"]


def test_it_is_unavailable_before_the_worker_has_ever_reported():
    status, body = health()
    assert status == 503
    assert body["worker"] == {"ok": False, "last_heartbeat": None, "error": "no heartbeat yet"}


def test_it_is_unavailable_when_the_last_heartbeat_is_too_old(settings):
    heartbeat_record(datetime.now(UTC) - timedelta(seconds=settings.HEARTBEAT_MAX_AGE_SECONDS + 5))
    status, body = health()
    assert status == 503
    assert body["worker"]["ok"] is False
    assert body["worker"]["age_seconds"] > settings.HEARTBEAT_MAX_AGE_SECONDS


def test_it_is_unavailable_when_redis_cannot_be_reached():
    heartbeat_record()
    closed = "redis://127.0.0.1:1/0"
    cache_there = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": closed}
    }
    with override_settings(REDIS_URL=closed, CACHES=cache_there):
        status, body = health()
    assert status == 503
    assert body["redis"] == {"ok": False, "error": "ConnectionError"}
    assert body["worker"]["ok"] is False


def test_it_is_unavailable_when_the_database_cannot_be_reached():
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='localhost').get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing",
        "DJANGO_SETTINGS_MODULE": "kentsend.settings",
        "ALLOWED_HOSTS": "localhost",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503
    assert answer["body"]["database"] == {"ok": False, "error": "OperationalError"}


def test_beat_schedules_the_heartbeat_often_enough_to_stay_healthy(settings):
    celery_app.finalize()
    entry = celery_app.conf.beat_schedule["worker heartbeat"]
    assert entry["task"] == "kentsend.heartbeat"
    assert entry["schedule"] < settings.HEARTBEAT_MAX_AGE_SECONDS


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)  # the worker closes Django's connections as it starts
def test_a_real_worker_running_the_heartbeat_task_makes_the_service_healthy():
    assert health()[0] == 503
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        heartbeat.delay()
        wait_for(lambda: cache.get(HEARTBEAT_KEY) is not None)
    status, body = health()
    assert status == 200, body
    assert body["worker"]["age_seconds"] < 30
