# campaign-notebook: build with dev dependencies, run with production ones only, as a non-root
# user, the SQLite database on the /data volume.
#   docker build -t campaign-notebook .
#   docker run -d --name campaign-notebook -p 3000:3000 -v campaign-data:/data --env-file .env campaign-notebook
ARG NODE_IMAGE=node:20-bookworm-slim

# Compilers only for better-sqlite3's fallback build, when no prebuilt binary matches the platform.
FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./

# TypeScript to dist/ (tsx is not used at run time). The console page is static: tsc does not copy it.
FROM toolchain AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && cp -r src/console/page dist/console/page

FROM toolchain AS production-dependencies
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PORT=3000 \
    CAMPAIGN_DB=/data/campaign-notebook.sqlite
WORKDIR /app
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# db/ (migrations) must sit next to dist/: dist/store/open-database.js reads ../../db.
COPY package.json ./
COPY db ./db
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# No curl in slim images: node's own fetch asks /healthz (200 when the database is writable).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node directly, not `npm start`: npm does not pass SIGTERM on, so `docker stop` would skip the
# graceful shutdown (finish in-flight requests, the Jira call in progress, close the database).
CMD ["node", "dist/main.js"]
