"""The production shape in docker-compose.yml: its structure, as no Docker engine runs here."""

import re
from pathlib import Path

import yaml

BASE_DIR = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def test_compose_runs_postgres_redis_web_workers_and_beat_each_with_a_health_check():
    services = COMPOSE["services"]
    workers = ("worker-interactive", "worker-imports", "worker-pdfs", "worker-background")
    for name in ("postgres", "redis", "web", *workers, "beat"):
        assert "healthcheck" in services[name], name


def test_compose_runs_exactly_one_beat():
    assert COMPOSE["services"]["beat"]["deploy"]["replicas"] == 1


def test_web_runs_gunicorn_after_migrations():
    web = COMPOSE["services"]["web"]
    assert web["command"][0] == "gunicorn"
    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_every_variable_the_settings_read_is_documented_in_env_example():
    settings_source = (BASE_DIR / "kentsend/settings.py").read_text()
    documented = {
        line.split("=", 1)[0]
        for line in (BASE_DIR / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    read = set(re.findall(r'env\.\w+\("([A-Z_]+)"', settings_source)) | set(
        re.findall(r'"([A-Z_]+)" not in env', settings_source)
    )
    assert read - documented == set()
