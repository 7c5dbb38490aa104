# Production image: gunicorn for web, the same image for the Celery worker and beat.

FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static/src static/src
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# Pango is for WeasyPrint (PDF letters and reports).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 kentsend
WORKDIR /app
COPY pyproject.toml README.md ./
COPY kentsend kentsend
COPY accounts accounts
COPY audit audit
COPY casework casework
COPY reviews reviews
COPY volunteers volunteers
COPY documents documents
COPY qa qa
COPY reporting reporting
COPY localoffer localoffer
RUN pip install .
COPY . .
COPY --from=assets /app/static/build static/build
COPY --from=assets /app/node_modules/govuk-frontend/dist/govuk/assets node_modules/govuk-frontend/dist/govuk/assets
COPY --from=assets /app/node_modules/@ministryofjustice/frontend/moj/assets node_modules/@ministryofjustice/frontend/moj/assets
# collectstatic reads the settings, which need these to be set; it never connects to them.
RUN DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    SECRET_KEY=collectstatic-only-not-a-real-secret-key-0123456789abcdef \
    python manage.py collectstatic --noinput
# The documents volume takes this directory's owner when first mounted.
RUN mkdir -p /var/lib/kentsend/documents && chown kentsend /var/lib/kentsend/documents
USER kentsend
EXPOSE 8000
CMD ["gunicorn", "kentsend.wsgi", "--config", "python:kentsend.gunicorn_conf", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
