# pinai: the gateway with its embedded SQLite store and the dashboard. Mount the folder holding
# pinai.config.ts and .env at /app/config; the request log lives in the /data volume.
FROM node:22-slim
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY dashboard ./dashboard
COPY schemas ./schemas
# Compiled once here (server and dashboard), so the container starts from plain JavaScript and needs no
# write access to /app. Unit tests beside the sources are not part of either build.
RUN find src dashboard -name '*.test.ts' -delete && node bin/build.mjs && node bin/build-dashboard.mjs
RUN mkdir -p /data /app/config && chown 1000:1000 /data /app/config
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATABASE_URL=sqlite:/data/pinai.db
# glibc's malloc raises its mmap threshold to the size of the largest block freed (up to 32 MiB): after
# the store's first snapshot (a buffer as large as the database) every smaller buffer comes from heaps it
# never returns, and pinai's RSS creeps up by ~25 MiB over a long run. A fixed threshold keeps it flat
# (BENCHMARKS.md, "The embedded store over a long run").
ENV MALLOC_MMAP_THRESHOLD_=131072
VOLUME /data
EXPOSE 3000
# The node image's unprivileged user (uid 1000).
USER node
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((response) => process.exit(response.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "bin/container-start.mjs"]
