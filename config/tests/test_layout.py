"""The repository has the shape the design card asks for, and docker-compose is coherent."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "communities", "reintegration", "projects", "peer_support", "assessments"]


def test_layout_of_the_design_card():
    for name in [
        "manage.py",
        "config/settings.py",
        "config/urls.py",
        "config/celery.py",
        "config/wsgi.py",
        "config/asgi.py",
        "templates/base.html",
        "static",
        "requirements.txt",
        "pytest.ini",
        "README.md",
        "docker-compose.yml",
        "Dockerfile",
        ".ci/run",
    ]:
        assert (ROOT / name).exists(), name
    for app in APPS:
        for part in ["apps.py", "tests/__init__.py", "migrations/__init__.py"]:
            assert (ROOT / app / part).exists(), f"{app}/{part}"
        # models.py, or a models/ package once the file outgrew ~400 lines (STYLE.md 15)
        assert (ROOT / app / "models.py").exists() or (ROOT / app / "models/__init__.py").exists()


def test_requirements_are_pinned_exactly():
    lines = [
        line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()
    ]
    requirements = [line for line in lines if line]
    assert requirements
    assert all("==" in line for line in requirements), requirements
    names = {line.split("==")[0].split("[")[0].lower() for line in requirements}
    assert {
        "django",
        "djangorestframework",
        "django-filter",
        "django-crispy-forms",
        "crispy-bootstrap5",
        "celery",
        "redis",
        "psycopg2-binary",
        "pytest-django",
    } <= names


def test_docker_compose_services_and_their_commands_exist():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat"}
    assert services["web"]["build"] == "."
    commands = {name: " ".join(services[name]["command"]) for name in ("web", "worker", "beat")}
    assert "gunicorn config.wsgi:application" in commands["web"]
    assert "celery -A config worker" in commands["worker"]
    assert "celery -A config beat" in commands["beat"]
    # The modules the commands name exist in the project.
    assert (ROOT / "config/wsgi.py").exists() and (ROOT / "config/celery.py").exists()
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"].startswith("redis://redis:6379")
        assert "SECRET_KEY" in env
        assert set(services[name]["depends_on"]) >= {"postgres", "redis"}
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "requirements.txt" in dockerfile and "collectstatic" in dockerfile
