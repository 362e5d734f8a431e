# pinai: the gateway with its embedded SQLite store. Config and .env are mounted at /app/config.
FROM node:22-slim
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY schemas ./schemas
COPY pinai.config.ts ./pinai.config.ts
# Compiled once here, so the container starts from plain JavaScript and needs no write access to /app.
RUN node bin/build.mjs
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATABASE_URL=sqlite:/data/pinai.db
VOLUME /data
EXPOSE 3000
CMD ["node", "bin/pinai.mjs", "serve"]
