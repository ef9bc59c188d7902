# syntax=docker/dockerfile:1.7
# One image, two roles: `web` (default) or `worker`.
#   docker build -t loved-crm .
#   docker run -e DATABASE_URL=… -e DATABASE_OWNER_URL=… -e SESSION_SECRET=… -e ENCRYPTION_KEY=… loved-crm
#   docker run … loved-crm worker
# Migrations: docker run … loved-crm migrate   (run once per deploy, before web/worker)

FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npx remix build

FROM node:24-slim AS runtime
# One web process per container (scale with containers), so it binds its port alone.
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 WEB_PROCESSES=1 WORKER_HEARTBEAT_FILE=/tmp/loved-worker-heartbeat
WORKDIR /app
RUN groupadd --system loved && useradd --system --gid loved --home /app loved
COPY --from=deps --chown=loved:loved /app/node_modules ./node_modules
COPY --from=build --chown=loved:loved /app/build ./build
COPY --from=build --chown=loved:loved /app/public ./public
COPY --chown=loved:loved package.json tsconfig.json remix.config.js ./
COPY --chown=loved:loved app ./app
COPY --chown=loved:loved db ./db
COPY --chown=loved:loved worker ./worker
COPY --chown=loved:loved --chmod=755 <<'SH' /usr/local/bin/loved
#!/bin/sh
set -e
echo "${1:-web}" > /tmp/loved-role
case "${1:-web}" in
  web) exec node --import tsx app/server/web.ts ;;
  worker) exec node --import tsx worker/index.ts ;;
  migrate) exec node --import tsx db/scripts/migrate.ts ;;
  *) exec "$@" ;;
esac
SH
USER loved
EXPOSE 3000
# web: /healthz answers 200 (database reachable); worker: its heartbeat file is fresh.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 CMD ["node", "-e", "\
  const fs = require('fs'); const role = fs.readFileSync('/tmp/loved-role', 'utf8').trim(); \
  if (role === 'worker') process.exit(Date.now() - fs.statSync('/tmp/loved-worker-heartbeat').mtimeMs < 60000 ? 0 : 1); \
  fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1));"]
ENTRYPOINT ["loved"]
CMD ["web"]
