# syntax=docker/dockerfile:1
# plentygate for production (README "Production"): `plentygate serve` by default; run `worker`, `migrate`
# or any other command by giving it as the container's command. Configure it through the environment.

# Build: the TypeScript compiler lives here only.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts are skipped here: `prepare` would build before the sources are in; the build is the next step.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src src
RUN npm run build

# Runtime: production dependencies, the built CLI and the migrations, run as the unprivileged `node` user.
FROM node:20-slim
# SCARF_ANALYTICS: swagger-ui-dist's install step reports the install to Scarf unless told not to.
ENV NODE_ENV=production \
    SCARF_ANALYTICS=false \
    PORT=8080 \
    HOST=0.0.0.0 \
    PLENTYGATE_DATA_DIR=/app/var/data
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/prepare.js scripts/prepare.js
# The fixes plentygate applies to its dependencies (README "Patched dependencies"), applied by `npm ci`'s postinstall.
COPY patches patches
# dist/ before `npm ci`: its `prepare` step finds no TypeScript and keeps the dist/ built above.
COPY --from=build /app/dist dist
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force \
    && mkdir -p /app/var && chown node:node /app/var
COPY bin bin
COPY migrations migrations
USER node
EXPOSE 8080
# The gateway's liveness route; a `worker` container serves no HTTP, so compose.yaml turns this off there.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 8080}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# V8 flags (README "Memory"): a young generation of 4 MB semi-spaces instead of up to 16, and the old
# generation grown by 1.5 × what survived its last collection instead of up to 4 ×: a full stock import
# of 100,000 variations peaks at about 125 MB instead of 200-225 MB, for about 4 % more CPU.
ENTRYPOINT ["node", "--max-semi-space-size=4", "--heap-growing-percent=50", "bin/plentygate.js"]
CMD ["serve"]
