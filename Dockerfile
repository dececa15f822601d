# ToteTaxi Assistant: one image for Fly.io (fly.toml) or any container host.
#   docker build -t totetaxi-assistant .
#   docker run --env-file .env -p 8000:8000 totetaxi-assistant      (.env from .env.example; DJANGO_SECRET_KEY required)
# No Docker engine runs on the development and CI machines: `make lint` runs hadolint on this file, and the suite
# runs bin/serve (this image's CMD) with production settings (tests/test_deploy_files.py).

# --- build: a virtualenv with the app's dependencies, and the static files collected ---
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
RUN python -m venv /app/.venv
COPY pyproject.toml constraints.txt ./
RUN /app/.venv/bin/pip install --no-cache-dir -c constraints.txt .
COPY backend ./backend
COPY agent_config ./agent_config
COPY frontend ./frontend
# collectstatic signs nothing: the development key is fine here and never reaches the runtime image's environment.
RUN DJANGO_DEBUG=0 /app/.venv/bin/python backend/manage.py collectstatic --noinput \
    && /app/.venv/bin/python backend/manage.py assistant check

# --- runtime: the same paths, no build tools, not root ---
FROM python:3.11-slim AS runtime
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 HOST=0.0.0.0 PORT=8000
RUN useradd --no-log-init --create-home --uid 10001 app
WORKDIR /app
COPY --from=build /app /app
COPY gunicorn.conf.py ./
COPY bin ./bin
# Code stays root-owned (read-only to the app); only var/ (SQLite when DATABASE_URL is unset) is writable.
RUN chown app:app /app/var
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/app/.venv/bin/python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT') or 8000}/api/assistant/health/\", timeout=4)"]
CMD ["bin/serve"]
