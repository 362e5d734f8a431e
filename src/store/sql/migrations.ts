import type { DialectName } from './sql-client.ts'

/** One versioned schema change: statements run in order, then the version is recorded. */
export interface Migration {
  version: number
  name: string
  statements: string[]
}

// Times are BIGINT milliseconds since the epoch in every dialect: no time zones, the same numbers everywhere.
// Text that is compared for paging or grouping uses a binary collation, so every driver orders alike.

const sqlite: Migration[] = [
  {
    version: 1,
    name: 'requests, attempts and per-minute rollups',
    statements: [
      `CREATE TABLE IF NOT EXISTS pinai_requests (
        id TEXT PRIMARY KEY, started_at INTEGER NOT NULL, client TEXT NOT NULL, inbound TEXT NOT NULL,
        requested_model TEXT NOT NULL, mapped_model TEXT NOT NULL, provider TEXT, upstream_model TEXT,
        stream INTEGER NOT NULL, status INTEGER NOT NULL, success INTEGER NOT NULL, duration_ms INTEGER NOT NULL,
        ttft_ms INTEGER, prompt_tokens INTEGER, completion_tokens INTEGER, cached_tokens INTEGER,
        reasoning_tokens INTEGER, error TEXT, error_trace TEXT, attempt_count INTEGER NOT NULL)`,
      'CREATE INDEX IF NOT EXISTS pinai_requests_started ON pinai_requests (started_at, id)',
      `CREATE TABLE IF NOT EXISTS pinai_attempts (
        request_id TEXT NOT NULL, seq INTEGER NOT NULL, provider TEXT NOT NULL, key_label TEXT NOT NULL,
        upstream_model TEXT NOT NULL, status INTEGER NOT NULL, error_class TEXT, error TEXT,
        duration_ms INTEGER NOT NULL, PRIMARY KEY (request_id, seq)) WITHOUT ROWID`,
      `CREATE TABLE IF NOT EXISTS pinai_rollups (
        minute_start INTEGER NOT NULL, model TEXT NOT NULL, provider TEXT NOT NULL,
        requests INTEGER NOT NULL, successes INTEGER NOT NULL, ttft_sum INTEGER NOT NULL,
        ttft_count INTEGER NOT NULL, prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL,
        PRIMARY KEY (minute_start, model, provider)) WITHOUT ROWID`,
    ],
  },
  {
    version: 2,
    name: 'the kind of a request (embeddings, count_tokens; NULL for a model call)',
    statements: ['ALTER TABLE pinai_requests ADD COLUMN kind TEXT'],
  },
  {
    // The embedded store holds its database in memory, where size is what counts: the names a row repeats
    // (client, protocol, models, provider, key label) are stored once in pinai_names and rows carry their
    // number. Views with the old tables' names and columns let the shared SQL read them unchanged;
    // the sql.js driver writes and prunes the tables themselves (drivers/sqljs-insert.ts, sqljs-prune.ts).
    version: 3,
    name: 'names stored once (pinai_names); request and attempt rows carry their numbers',
    statements: [
      'CREATE TABLE pinai_names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)',
      `INSERT INTO pinai_names (name)
        SELECT client FROM pinai_requests UNION SELECT inbound FROM pinai_requests
        UNION SELECT requested_model FROM pinai_requests UNION SELECT mapped_model FROM pinai_requests
        UNION SELECT provider FROM pinai_requests WHERE provider IS NOT NULL
        UNION SELECT upstream_model FROM pinai_requests WHERE upstream_model IS NOT NULL
        UNION SELECT provider FROM pinai_attempts UNION SELECT key_label FROM pinai_attempts
        UNION SELECT upstream_model FROM pinai_attempts`,
      `CREATE TABLE pinai_request_rows (
        id TEXT PRIMARY KEY, started_at INTEGER NOT NULL, client INTEGER NOT NULL, inbound INTEGER NOT NULL,
        requested_model INTEGER NOT NULL, mapped_model INTEGER NOT NULL, provider INTEGER, upstream_model INTEGER,
        stream INTEGER NOT NULL, status INTEGER NOT NULL, success INTEGER NOT NULL, duration_ms INTEGER NOT NULL,
        ttft_ms INTEGER, prompt_tokens INTEGER, completion_tokens INTEGER, cached_tokens INTEGER,
        reasoning_tokens INTEGER, error TEXT, error_trace TEXT, attempt_count INTEGER NOT NULL, kind TEXT)`,
      `INSERT INTO pinai_request_rows SELECT r.id, r.started_at,
        (SELECT n.id FROM pinai_names n WHERE n.name = r.client),
        (SELECT n.id FROM pinai_names n WHERE n.name = r.inbound),
        (SELECT n.id FROM pinai_names n WHERE n.name = r.requested_model),
        (SELECT n.id FROM pinai_names n WHERE n.name = r.mapped_model),
        (SELECT n.id FROM pinai_names n WHERE n.name = r.provider),
        (SELECT n.id FROM pinai_names n WHERE n.name = r.upstream_model),
        r.stream, r.status, r.success, r.duration_ms, r.ttft_ms, r.prompt_tokens, r.completion_tokens, r.cached_tokens,
        r.reasoning_tokens, r.error, r.error_trace, r.attempt_count, r.kind FROM pinai_requests r`,
      `CREATE TABLE pinai_attempt_rows (
        request_id TEXT NOT NULL, seq INTEGER NOT NULL, provider INTEGER NOT NULL, key_label INTEGER NOT NULL,
        upstream_model INTEGER NOT NULL, status INTEGER NOT NULL, error_class TEXT, error TEXT,
        duration_ms INTEGER NOT NULL, PRIMARY KEY (request_id, seq)) WITHOUT ROWID`,
      `INSERT INTO pinai_attempt_rows SELECT a.request_id, a.seq,
        (SELECT n.id FROM pinai_names n WHERE n.name = a.provider),
        (SELECT n.id FROM pinai_names n WHERE n.name = a.key_label),
        (SELECT n.id FROM pinai_names n WHERE n.name = a.upstream_model),
        a.status, a.error_class, a.error, a.duration_ms FROM pinai_attempts a`,
      'DROP TABLE pinai_attempts',
      'DROP TABLE pinai_requests',
      'CREATE INDEX pinai_request_rows_started ON pinai_request_rows (started_at, id)',
      `CREATE VIEW pinai_requests AS SELECT r.id, r.started_at,
        (SELECT n.name FROM pinai_names n WHERE n.id = r.client) AS client,
        (SELECT n.name FROM pinai_names n WHERE n.id = r.inbound) AS inbound,
        (SELECT n.name FROM pinai_names n WHERE n.id = r.requested_model) AS requested_model,
        (SELECT n.name FROM pinai_names n WHERE n.id = r.mapped_model) AS mapped_model,
        (SELECT n.name FROM pinai_names n WHERE n.id = r.provider) AS provider,
        (SELECT n.name FROM pinai_names n WHERE n.id = r.upstream_model) AS upstream_model,
        r.stream, r.status, r.success, r.duration_ms, r.ttft_ms, r.prompt_tokens, r.completion_tokens, r.cached_tokens,
        r.reasoning_tokens, r.error, r.error_trace, r.attempt_count, r.kind FROM pinai_request_rows r`,
      `CREATE VIEW pinai_attempts AS SELECT a.request_id, a.seq,
        (SELECT n.name FROM pinai_names n WHERE n.id = a.provider) AS provider,
        (SELECT n.name FROM pinai_names n WHERE n.id = a.key_label) AS key_label,
        (SELECT n.name FROM pinai_names n WHERE n.id = a.upstream_model) AS upstream_model,
        a.status, a.error_class, a.error, a.duration_ms FROM pinai_attempt_rows a`,
    ],
  },
  {
    // What translating the request dropped or changed (a hosted tool an upstream cannot run …), for the
    // record; the view is made again to show it.
    version: 4,
    name: 'notes on a request (what its translation dropped)',
    statements: [
      'ALTER TABLE pinai_request_rows ADD COLUMN notes TEXT',
      'DROP VIEW pinai_requests',
      `CREATE VIEW pinai_requests AS SELECT r.id, r.started_at,
        (SELECT n.name FROM pinai_names n WHERE n.id = r.client) AS client,
        (SELECT n.name FROM pinai_names n WHERE n.id = r.inbound) AS inbound,
        (SELECT n.name FROM pinai_names n WHERE n.id = r.requested_model) AS requested_model,
        (SELECT n.name FROM pinai_names n WHERE n.id = r.mapped_model) AS mapped_model,
        (SELECT n.name FROM pinai_names n WHERE n.id = r.provider) AS provider,
        (SELECT n.name FROM pinai_names n WHERE n.id = r.upstream_model) AS upstream_model,
        r.stream, r.status, r.success, r.duration_ms, r.ttft_ms, r.prompt_tokens, r.completion_tokens, r.cached_tokens,
        r.reasoning_tokens, r.error, r.error_trace, r.attempt_count, r.kind, r.notes FROM pinai_request_rows r`,
    ],
  },
]

const postgres: Migration[] = [
  {
    version: 1,
    name: 'requests, attempts and per-minute rollups',
    statements: [
      `CREATE TABLE IF NOT EXISTS pinai_requests (
        id TEXT COLLATE "C" PRIMARY KEY, started_at BIGINT NOT NULL, client TEXT NOT NULL, inbound TEXT NOT NULL,
        requested_model TEXT NOT NULL, mapped_model TEXT NOT NULL, provider TEXT, upstream_model TEXT,
        stream SMALLINT NOT NULL, status INTEGER NOT NULL, success SMALLINT NOT NULL, duration_ms INTEGER NOT NULL,
        ttft_ms INTEGER, prompt_tokens INTEGER, completion_tokens INTEGER, cached_tokens INTEGER,
        reasoning_tokens INTEGER, error TEXT, error_trace TEXT, attempt_count INTEGER NOT NULL)`,
      'CREATE INDEX IF NOT EXISTS pinai_requests_started ON pinai_requests (started_at, id)',
      `CREATE TABLE IF NOT EXISTS pinai_attempts (
        request_id TEXT COLLATE "C" NOT NULL, seq INTEGER NOT NULL, provider TEXT NOT NULL, key_label TEXT NOT NULL,
        upstream_model TEXT NOT NULL, status INTEGER NOT NULL, error_class TEXT, error TEXT,
        duration_ms INTEGER NOT NULL, PRIMARY KEY (request_id, seq))`,
      `CREATE TABLE IF NOT EXISTS pinai_rollups (
        minute_start BIGINT NOT NULL, model TEXT COLLATE "C" NOT NULL, provider TEXT COLLATE "C" NOT NULL,
        requests INTEGER NOT NULL, successes INTEGER NOT NULL, ttft_sum BIGINT NOT NULL,
        ttft_count INTEGER NOT NULL, prompt_tokens BIGINT NOT NULL, completion_tokens BIGINT NOT NULL,
        PRIMARY KEY (minute_start, model, provider))`,
    ],
  },
  {
    version: 2,
    name: 'the kind of a request (embeddings, count_tokens; NULL for a model call)',
    statements: ['ALTER TABLE pinai_requests ADD COLUMN IF NOT EXISTS kind TEXT'],
  },
  {
    version: 3,
    name: 'notes on a request (what its translation dropped)',
    statements: ['ALTER TABLE pinai_requests ADD COLUMN IF NOT EXISTS notes TEXT'],
  },
]

const mysqlTable = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin'

const mysql: Migration[] = [
  {
    version: 1,
    name: 'requests, attempts and per-minute rollups',
    statements: [
      `CREATE TABLE IF NOT EXISTS pinai_requests (
        id VARCHAR(64) NOT NULL PRIMARY KEY, started_at BIGINT NOT NULL, client VARCHAR(255) NOT NULL,
        inbound VARCHAR(32) NOT NULL, requested_model VARCHAR(255) NOT NULL, mapped_model VARCHAR(255) NOT NULL,
        provider VARCHAR(255) NULL, upstream_model VARCHAR(255) NULL, stream TINYINT NOT NULL,
        status INT NOT NULL, success TINYINT NOT NULL, duration_ms INT NOT NULL, ttft_ms INT NULL,
        prompt_tokens INT NULL, completion_tokens INT NULL, cached_tokens INT NULL, reasoning_tokens INT NULL,
        error TEXT NULL, error_trace MEDIUMTEXT NULL, attempt_count INT NOT NULL,
        INDEX pinai_requests_started (started_at, id)) ${mysqlTable}`,
      `CREATE TABLE IF NOT EXISTS pinai_attempts (
        request_id VARCHAR(64) NOT NULL, seq INT NOT NULL, provider VARCHAR(255) NOT NULL,
        key_label VARCHAR(255) NOT NULL, upstream_model VARCHAR(255) NOT NULL, status INT NOT NULL,
        error_class VARCHAR(32) NULL, error TEXT NULL, duration_ms INT NOT NULL,
        PRIMARY KEY (request_id, seq)) ${mysqlTable}`,
      `CREATE TABLE IF NOT EXISTS pinai_rollups (
        minute_start BIGINT NOT NULL, model VARCHAR(255) NOT NULL, provider VARCHAR(255) NOT NULL,
        requests INT NOT NULL, successes INT NOT NULL, ttft_sum BIGINT NOT NULL, ttft_count INT NOT NULL,
        prompt_tokens BIGINT NOT NULL, completion_tokens BIGINT NOT NULL,
        PRIMARY KEY (minute_start, model, provider)) ${mysqlTable}`,
    ],
  },
  {
    version: 2,
    name: 'the kind of a request (embeddings, count_tokens; NULL for a model call)',
    statements: ['ALTER TABLE pinai_requests ADD COLUMN kind VARCHAR(32) NULL'],
  },
  {
    version: 3,
    name: 'notes on a request (what its translation dropped)',
    statements: ['ALTER TABLE pinai_requests ADD COLUMN notes TEXT NULL'],
  },
]

/** The ordered migrations of a dialect. */
export function migrationsFor(dialect: DialectName): readonly Migration[] {
  if (dialect === 'postgres') return postgres
  if (dialect === 'mysql') return mysql
  return sqlite
}
