# rebar in one process (`rebar run`: fetch, transform, sink), against the Kafka, Redis and ClickHouse it is given
# (docker-compose.yml). Debian, not Alpine: chdb's native library is built for glibc (linux-*-gnu).
FROM node:22-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production

# sources with `render: true` load their page in this Chromium (REBAR_CHROMIUM_PATH defaults to /usr/bin/chromium)
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-liberation \
 && rm -rf /var/lib/apt/lists/*

# dependencies before the code, so code edits reuse this layer. --omit=dev is enough: tsx, which
# bin/rebar.js loads the TypeScript through, is a regular dependency, as is everything rebar imports
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY . .

# created and owned here, so a fresh named volume mounted on /data inherits the owner
RUN mkdir -p /data && chown node:node /data
USER node

ENV REBAR_DATA_DIR=/data \
    REBAR_CONTROL_PORT=9464
VOLUME /data
# control server (/health, /metrics, POST /sql, POST /import). It binds 127.0.0.1: reach it from inside,
# e.g. `docker compose exec rebar-sink node bin/rebar.js import ...`, not through a published port
EXPOSE 9464

# node is PID 1: rebar handles SIGTERM itself and shuts down in order
ENTRYPOINT ["node", "bin/rebar.js"]
CMD ["run"]
