"""GET /healthz: the state of the database, Redis and the Celery worker (DESIGN section 7)."""

from datetime import UTC, datetime
from typing import Any

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

HEARTBEAT_KEY = "health:worker-heartbeat"


def heartbeat_record(now: datetime | None = None) -> None:
    cache.set(HEARTBEAT_KEY, (now or datetime.now(UTC)).isoformat(), timeout=None)


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True}
    except DatabaseError as error:
        return {"ok": False, "error": error.__class__.__name__}


def _redis() -> dict[str, Any]:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2
        )
        client.ping()
        return {"ok": True}
    except redis.RedisError as error:
        return {"ok": False, "error": error.__class__.__name__}


def _worker(now: datetime) -> dict[str, Any]:
    try:
        last = cache.get(HEARTBEAT_KEY)
    except redis.RedisError:
        return {"ok": False, "error": "heartbeat unreadable"}
    if last is None:
        return {"ok": False, "last_heartbeat": None, "error": "no heartbeat yet"}
    age = (now - datetime.fromisoformat(last)).total_seconds()
    return {
        "ok": age <= settings.HEARTBEAT_MAX_AGE_SECONDS,
        "last_heartbeat": last,
        "age_seconds": round(age, 1),
    }


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    now = datetime.now(UTC)
    checks = {"database": _database(), "redis": _redis(), "worker": _worker(now)}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checked_at": now.isoformat(), **checks},
        status=200 if healthy else 503,
    )
