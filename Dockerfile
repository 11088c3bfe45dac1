# Clearance: one image for the API and the dashboard. `docker run` starts both (scripts/start.mjs);
# docker-compose.yml runs each in its own container with PostgreSQL.

# 1. Dependencies, from the manifests only, so that a change to the sources reuses this layer.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1 PRISMA_HIDE_UPDATE_MESSAGE=1
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma/schema.prisma prisma/schema.prisma
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY packages/contracts/package.json packages/contracts/
COPY packages/db/package.json packages/db/
COPY packages/db/scripts packages/db/scripts
RUN npm ci --no-audit --no-fund

# 2. Build: the API compiled to apps/api/dist, the dashboard to apps/web/.next.
FROM deps AS build
COPY tsconfig.base.json turbo.json ./
COPY prisma prisma
COPY packages packages
COPY apps/api apps/api
COPY apps/web apps/web
COPY scripts scripts
RUN npm run build && rm -rf apps/web/.next/cache

# 3. Runtime: production dependencies, the builds, the migrations. No compilers, no dev tools.
FROM node:24-bookworm-slim AS runtime
# DejaVu so that names such as Łukasz, Жанна or Müller print in the PDFs of a response pack.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Inside the container both processes listen on every interface; outside, only the published ports reach them.
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 \
    LISTEN_HOST=0.0.0.0 API_PORT=4000 WEB_PORT=3000 \
    CLEARANCE_DATA_DIR=/data
COPY --from=deps /app/package.json /app/package-lock.json ./
COPY --from=deps /app/apps/api/package.json apps/api/
COPY --from=deps /app/apps/web/package.json apps/web/
COPY --from=deps /app/packages/contracts/package.json packages/contracts/
COPY --from=deps /app/packages/db/package.json packages/db/
# --ignore-scripts: the only install script of ours generates the Prisma client, which the compiled
# API already carries. npm keeps optional peers of @prisma/client (the prisma CLI, its engines,
# TypeScript) even with --omit=dev; they are build tools, so they go.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/prisma node_modules/@prisma/engines node_modules/typescript \
 && npm cache clean --force
COPY --from=build /app/prisma prisma
COPY --from=build /app/scripts scripts
COPY --from=build /app/apps/api/dist apps/api/dist
COPY --from=build /app/apps/web/.next apps/web/.next
COPY --from=build /app/apps/web/next.config.mjs apps/web/
COPY --from=build /app/apps/web/server.mjs /app/apps/web/client-headers.mjs apps/web/
# next start writes its cache under .next/cache; /data holds the database and the files.
RUN mkdir -p /data apps/web/.next/cache && chown node:node /data apps/web/.next/cache
USER node
VOLUME /data
EXPOSE 4000 3000
# The API drains requests for up to 10 s after SIGTERM; give `docker stop` more (-t 30, or
# stop_grace_period in compose).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "scripts/healthcheck.mjs", "http://127.0.0.1:4000/health", "http://127.0.0.1:3000/"]
CMD ["node", "scripts/start.mjs"]
