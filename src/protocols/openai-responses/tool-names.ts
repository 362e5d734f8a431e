import { createHash } from 'node:crypto'

/** What a Responses client declared behind a flat IR tool name. */
export interface DeclaredTool {
  name: string
  /** The `namespace` tool it sits in. */
  namespace?: string
  /** A `custom` tool (free-form text input, called through `custom_tool_call`). */
  custom?: boolean
}

/** The flat names of namespaced and custom tools, remembered so that calls go back to the client as declared. */
export interface ToolNames {
  /** The IR name of `name` inside `namespace` (plain `name` at top level), remembered with what it was. */
  declare(tool: DeclaredTool): string
  /** What a flat name was declared as; an undeclared name is a plain top-level function. */
  declared(flat: string): DeclaredTool
}

/** Most names kept; a gateway sees a handful of tool sets, so this bounds memory, not a working set. */
const maxNames = 4096

/** Longest tool name every upstream accepts (OpenAI and Anthropic refuse longer ones). */
const maxNameLength = 64

/**
 * Creates the per-codec name table. A namespaced function `lookup` in namespace `crm` is `crm__lookup`
 * upstream (hashed when longer than 64 characters); the answer's call of `crm__lookup` goes back to the
 * client as `name: "lookup", namespace: "crm"`. The table is bounded: the oldest names go first.
 */
export function createToolNames(): ToolNames {
  const table = new Map<string, DeclaredTool>()
  return {
    declare(tool) {
      const flat = flatName(tool)
      if (tool.namespace === undefined && !tool.custom) return flat
      table.delete(flat)
      table.set(flat, tool)
      if (table.size > maxNames) {
        const oldest = table.keys().next().value
        if (oldest !== undefined) table.delete(oldest)
      }
      return flat
    },
    declared: (flat) => table.get(flat) ?? { name: flat },
  }
}

function flatName(tool: DeclaredTool): string {
  const joined = tool.namespace === undefined ? tool.name : `${tool.namespace.replace(/_+$/, '')}__${tool.name}`
  if (joined.length <= maxNameLength) return joined
  const hash = createHash('sha256').update(joined).digest('hex').slice(0, 12)
  return `${joined.slice(0, maxNameLength - hash.length - 1)}_${hash}`
}
