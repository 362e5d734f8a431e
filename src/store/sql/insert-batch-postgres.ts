import type { RequestRecord } from '../request-record.ts'
import { rollupUpsertClause } from './dialect.ts'
import { ROLLUP_COLUMNS } from './map-rows.ts'
import type { SqlClient } from './sql-client.ts'

// The whole batch is one JSON parameter of one statement whose text never changes, so it is prepared
// once per connection: a batch costs one round trip and one small parse, whatever its size. Its
// data-modifying parts run atomically as one statement: requests whose id is already stored (a batch
// retried after a timeout) are skipped with their attempts and rollups, and nothing is half written.
// Numbers arrive as JSON numbers and are rounded here, as the other drivers round theirs.
const RECORD_FIELDS = `id text, time numeric, client text, inbound text, "requestedModel" text, "mappedModel" text,
  provider text, "upstreamModel" text, stream boolean, status numeric, success boolean, "durationMs" numeric,
  "ttftMs" numeric, "promptTokens" numeric, "completionTokens" numeric, "cachedTokens" numeric,
  "reasoningTokens" numeric, error text, "errorTrace" text, attempts json`

const ATTEMPT_FIELDS = `provider text, "keyLabel" text, "upstreamModel" text, status numeric, "errorClass" text,
  error text, "durationMs" numeric`
const ATTEMPT_NAMES = 'provider, "keyLabel", "upstreamModel", status, "errorClass", error, "durationMs"'

/** The statement, exported for the test that counts what a batch costs on the wire. */
export const INSERT_BATCH_POSTGRES = `WITH batch AS (
  SELECT * FROM json_to_recordset($1::text::json) AS record(${RECORD_FIELDS})
), fresh AS (
  INSERT INTO pinai_requests (id, started_at, client, inbound, requested_model, mapped_model, provider,
    upstream_model, stream, status, success, duration_ms, ttft_ms, prompt_tokens, completion_tokens, cached_tokens,
    reasoning_tokens, error, error_trace, attempt_count)
  SELECT id, round(time), client, inbound, "requestedModel", "mappedModel", provider, "upstreamModel",
    CASE WHEN stream THEN 1 ELSE 0 END, round(status), CASE WHEN success THEN 1 ELSE 0 END, round("durationMs"),
    round("ttftMs"), round("promptTokens"), round("completionTokens"), round("cachedTokens"), round("reasoningTokens"),
    error, "errorTrace", coalesce(json_array_length(attempts), 0)
  FROM batch
  ON CONFLICT (id) DO NOTHING
  RETURNING id
), kept AS (
  SELECT batch.* FROM batch JOIN fresh USING (id)
), attempts AS (
  INSERT INTO pinai_attempts (request_id, seq, provider, key_label, upstream_model, status, error_class, error, duration_ms)
  SELECT kept.id, attempt.seq - 1, attempt.provider, attempt."keyLabel", attempt."upstreamModel", round(attempt.status),
    attempt."errorClass", attempt.error, round(attempt."durationMs")
  FROM kept CROSS JOIN LATERAL ROWS FROM (json_to_recordset(kept.attempts) AS (${ATTEMPT_FIELDS}))
    WITH ORDINALITY AS attempt(${ATTEMPT_NAMES}, seq)
), rollups AS (
  INSERT INTO pinai_rollups (${ROLLUP_COLUMNS.join(', ')})
  SELECT floor(time / 60000.0) * 60000, "mappedModel", coalesce(provider, ''), count(*),
    count(*) FILTER (WHERE success),
    coalesce(sum(round("ttftMs")) FILTER (WHERE stream AND "ttftMs" IS NOT NULL), 0),
    count(*) FILTER (WHERE stream AND "ttftMs" IS NOT NULL),
    coalesce(sum(round("promptTokens")), 0), coalesce(sum(round("completionTokens")), 0)
  FROM kept
  GROUP BY 1, 2, 3
  ORDER BY 1, 2, 3
  ${rollupUpsertClause('postgres')}
)
SELECT count(*) AS stored FROM fresh`

// JSON.stringify writes a lone surrogate as a `\udXXX` escape (and NUL as `\u0000`), which PostgreSQL
// refuses when it turns the JSON into text; as a bound text parameter (UTF-8 encoded) a lone surrogate
// would have become U+FFFD. Escapes are matched from their backslash so an escaped backslash followed by
// "ud800" stays text.
const REFUSED_ESCAPE = /\\(u(?:d[89a-f][0-9a-f]{2}|0000)|[^u])/g

function acceptableJson(json: string): string {
  if (!json.includes('\\u')) return json
  return json.replace(REFUSED_ESCAPE, (escape: string, body: string) =>
    body === 'u0000' ? '' : body.length > 1 ? '\\ufffd' : escape,
  )
}

/**
 * Stores a batch on PostgreSQL in one prepared statement (one round trip): the request rows, their
 * attempts, and the per-minute rollups summed in the database (the same sums as `rollupRecords`: TTFT
 * only for streams that recorded one). Returns how many records were new.
 */
export async function insertBatchPostgres(client: SqlClient, records: readonly RequestRecord[]): Promise<number> {
  // One row per id: a batch that names an id twice keeps the last, as a retried write would.
  const unique = [...new Map(records.map((record) => [record.id, record])).values()]
  const [row] = await client.query(INSERT_BATCH_POSTGRES, [acceptableJson(JSON.stringify(unique))], { prepared: true })
  return Number(row?.stored ?? 0)
}
