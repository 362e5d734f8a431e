/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/** A JSON object (tool arguments, JSON Schemas, unknown wire fields). */
export type JsonObject = { [key: string]: unknown }
