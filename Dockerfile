# Racekeys: the standalone server (docs/operations.md, "A build to ship"). Not built on the machine
# this was written on (no container engine); its build commands are the ones CI runs.
FROM node:20-slim AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# next build, then the standalone folder completed with static files and public/ (scripts/build.ts).
RUN npm run build

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOSTNAME=0.0.0.0 PORT=3000 PGLITE_DIR=/data/pglite
RUN groupadd --system racekeys && useradd --system --gid racekeys --no-create-home racekeys \
  && mkdir /data && chown racekeys:racekeys /data
# Only the standalone folder: server.js with the node_modules it needs, migrations, fonts, static files.
COPY --from=build --chown=racekeys:racekeys /src/.next/standalone ./
USER racekeys
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]
