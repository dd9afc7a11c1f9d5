# One recipe for every Netzwerkstatt service image; the service is a build argument:
#
#   docker build --build-arg SERVICE=registry -t netzwerkstatt-registry .
#
# SERVICE is one of registry, events, feedback, notifications, gateway. The image runs that service's
# console script (serve | migrate | asyncapi | health; the gateway serve | migrate | seed-demo |
# openapi | create-admin | issue-token).
# Dependencies come from uv.lock exactly (--frozen); nothing secret is built in: passwords arrive at
# run time as files in /run/secrets (see deploy/README.md).

ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ARG SERVICE
ARG UV_VERSION=0.13.9
SHELL ["/bin/sh", "-eu", "-c"]
RUN case "${SERVICE:-}" in \
      registry|events|feedback|notifications|gateway) ;; \
      *) echo "build argument SERVICE must be registry, events, feedback, notifications or gateway" >&2; exit 1 ;; \
    esac
RUN pip install --no-cache-dir "uv==${UV_VERSION}"
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON_PREFERENCE=only-system \
    UV_PROJECT_ENVIRONMENT=/app/venv
WORKDIR /src

# Third-party dependencies first: this layer is reused until uv.lock or a pyproject.toml changes.
COPY pyproject.toml uv.lock ./
COPY shared/pyproject.toml shared/
COPY services/registry/pyproject.toml services/registry/
COPY services/events/pyproject.toml services/events/
COPY services/feedback/pyproject.toml services/feedback/
COPY services/notifications/pyproject.toml services/notifications/
COPY services/gateway/pyproject.toml services/gateway/
RUN uv sync --frozen --no-dev --no-install-workspace --package "netzwerkstatt-${SERVICE}"

# Then the kernel and the service itself, installed as packages (the image needs no source tree).
COPY shared/ shared/
COPY services/ services/
RUN uv sync --frozen --no-dev --no-editable --package "netzwerkstatt-${SERVICE}" \
    && ln -s "/app/venv/bin/netzwerkstatt-${SERVICE}" /app/venv/bin/netzwerkstatt-service

FROM ${PYTHON_IMAGE} AS runtime
ARG SERVICE
LABEL org.opencontainers.image.title="netzwerkstatt-${SERVICE}" \
      org.opencontainers.image.description="Netzwerkstatt ${SERVICE} service"
RUN groupadd --system --gid 10001 netzwerkstatt \
    && useradd --system --uid 10001 --gid netzwerkstatt --no-create-home \
       --home-dir /nonexistent --shell /usr/sbin/nologin netzwerkstatt
COPY --from=build /app/venv /app/venv
ENV PATH=/app/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
WORKDIR /app
USER 10001:10001
ENTRYPOINT ["netzwerkstatt-service"]
CMD ["serve"]
