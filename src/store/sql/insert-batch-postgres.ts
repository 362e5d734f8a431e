import { countsAsCall, type RequestRecord } from '../request-record.ts'
import { rollupOf, type RollupDelta } from '../rollup.ts'
import { rollupUpsertClause } from './dialect.ts'
import { ATTEMPT_COLUMNS, REQUEST_COLUMNS, ROLLUP_COLUMNS } from './map-rows.ts'
import type { SqlClient } from './sql-client.ts'

// The whole batch is two JSON parameters (the records as they are, and their rollup deltas) of one
// statement whose text never changes, so it is prepared once per connection: a batch costs one round
// trip and one small parse, whatever its size (a SELECT and three INSERTs with a parameter per value
// cost ten round trips and most of the writer's CPU; BENCHMARKS.md). Its data-modifying parts run
// atomically as one statement: requests whose id is already stored (a batch retried after a timeout)
// are skipped with their attempts and rollups, and nothing is half written. Numbers arrive as JSON
// numbers and are rounded here, as the other drivers round theirs.

/** How a column is read from a record's JSON: the field, its type there, and the expression stored. */
interface FromJson {
  field: string
  type: string
  value?: (reference: string) => string
}

const quoted = (field: string): string => `"${field}"`
const rounded = (field: string): FromJson => ({ field, type: 'numeric', value: (reference) => `round(${reference})` })
const text = (field: string): FromJson => ({ field, type: 'text' })
const flag = (field: string): FromJson => ({
  field,
  type: 'boolean',
  value: (reference) => `CASE WHEN ${reference} THEN 1 ELSE 0 END`,
})

// Typed by the column lists, so a column added to the tables cannot be left out here.
const REQUEST_FROM_JSON: Record<(typeof REQUEST_COLUMNS)[number], FromJson> = {
  id: text('id'),
  started_at: rounded('time'),
  client: text('client'),
  inbound: text('inbound'),
  requested_model: text('requestedModel'),
  mapped_model: text('mappedModel'),
  provider: text('provider'),
  upstream_model: text('upstreamModel'),
  stream: flag('stream'),
  status: rounded('status'),
  success: flag('success'),
  duration_ms: rounded('durationMs'),
  ttft_ms: rounded('ttftMs'),
  prompt_tokens: rounded('promptTokens'),
  completion_tokens: rounded('completionTokens'),
  cached_tokens: rounded('cachedTokens'),
  reasoning_tokens: rounded('reasoningTokens'),
  error: text('error'),
  error_trace: text('errorTrace'),
  attempt_count: {
    field: 'attempts',
    type: 'json',
    value: (reference) => `coalesce(json_array_length(${reference}), 0)`,
  },
  // Absent (a model call) is stored as NULL, as the other drivers store it.
  kind: text('kind'),
  notes: text('notes'),
}

// `request_id` and `seq` come from the request and the attempt's position, not from the attempt's JSON.
const ATTEMPT_FROM_JSON: Record<Exclude<(typeof ATTEMPT_COLUMNS)[number], 'request_id' | 'seq'>, FromJson> = {
  provider: text('provider'),
  key_label: text('keyLabel'),
  upstream_model: text('upstreamModel'),
  status: rounded('status'),
  error_class: text('errorClass'),
  error: text('error'),
  duration_ms: rounded('durationMs'),
}

function fieldList(columns: Record<string, FromJson>): string {
  const fields = new Map(Object.values(columns).map((column) => [column.field, column.type]))
  return [...fields].map(([field, type]) => `${quoted(field)} ${type}`).join(', ')
}

function expression(column: FromJson, source: string): string {
  const reference = `${source}.${quoted(column.field)}`
  return column.value ? column.value(reference) : reference
}

// In the order of the column lists, whatever the order of the maps above.
const REQUEST_VALUES = REQUEST_COLUMNS.map((column) => expression(REQUEST_FROM_JSON[column], 'batch')).join(', ')
const ATTEMPT_VALUES = ATTEMPT_COLUMNS.map((column) =>
  column === 'request_id'
    ? 'kept.id'
    : column === 'seq'
      ? 'attempt.seq - 1'
      : expression(ATTEMPT_FROM_JSON[column], 'attempt'),
).join(', ')

const BATCH_FIELDS = fieldList(REQUEST_FROM_JSON)
const ATTEMPT_FIELDS = fieldList(ATTEMPT_FROM_JSON)
const ATTEMPT_NAMES = Object.values(ATTEMPT_FROM_JSON)
  .map((column) => quoted(column.field))
  .join(', ')

// Each record's own rollup delta, summed over the records that were new: `rollupOf` stays the one
// place that decides what a record adds to the rollups.
const ROLLUP_SUMS = [
  'requests',
  'successes',
  'ttftSum',
  'ttftCount',
  'promptTokens',
  'completionTokens',
] as const satisfies readonly (keyof RollupDelta)[]

/** The statement, exported for the tests. */
export const INSERT_BATCH_POSTGRES = `WITH batch AS (
  SELECT * FROM json_to_recordset($1::text::json) AS record(${BATCH_FIELDS})
), fresh AS (
  INSERT INTO pinai_requests (${REQUEST_COLUMNS.join(', ')})
  SELECT ${REQUEST_VALUES} FROM batch
  ON CONFLICT (id) DO NOTHING
  RETURNING id
), kept AS (
  SELECT batch.* FROM batch JOIN fresh USING (id)
), attempts AS (
  INSERT INTO pinai_attempts (${ATTEMPT_COLUMNS.join(', ')})
  SELECT ${ATTEMPT_VALUES}
  FROM kept CROSS JOIN LATERAL ROWS FROM (json_to_recordset(kept.attempts) AS (${ATTEMPT_FIELDS}))
    WITH ORDINALITY AS attempt(${ATTEMPT_NAMES}, seq)
), rollups AS (
  INSERT INTO pinai_rollups (${ROLLUP_COLUMNS.join(', ')})
  SELECT minute, model, provider, ${ROLLUP_SUMS.map((field) => `round(sum(${quoted(field)}))`).join(', ')}
  FROM json_to_recordset($2::text::json) AS delta(id text, minute bigint, model text, provider text,
    ${ROLLUP_SUMS.map((field) => `${quoted(field)} numeric`).join(', ')})
  JOIN fresh USING (id)
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

/** Each model call's rollup delta with its id, as JSON (a `count_tokens` call adds to no rollup). */
function rollupDeltas(records: readonly RequestRecord[]): string {
  return JSON.stringify(
    records
      .filter((record) => countsAsCall(record.kind))
      .map((record) => Object.assign(rollupOf(record), { id: record.id })),
  )
}

/**
 * Stores a batch on PostgreSQL in one prepared statement (one round trip): the request rows, their
 * attempts, and the per-minute rollups of the records that were new, summed in the database.
 * Returns how many records were new.
 */
export async function insertBatchPostgres(client: SqlClient, records: readonly RequestRecord[]): Promise<number> {
  // One row per id: a batch that names an id twice keeps the last, as a retried write would.
  const unique = [...new Map(records.map((record) => [record.id, record])).values()]
  const parameters = [acceptableJson(JSON.stringify(unique)), acceptableJson(rollupDeltas(unique))]
  const [row] = await client.query(INSERT_BATCH_POSTGRES, parameters, { prepared: true })
  return Number(row?.stored ?? 0)
}
