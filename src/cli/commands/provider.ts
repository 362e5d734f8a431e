import { relative } from 'node:path'
import { defineCommand } from 'citty'
import type { ConfigEdit, ProviderFields, ProviderInput } from '../../gitops/config-edit.ts'
import { describeError } from '../../gitops/cli/describe-error.ts'
import { createPlan } from '../../gitops/create-plan.ts'
import { splitList } from '../../gitops/model-filter.ts'
import { lastPlanPath, writePlanFile } from '../../gitops/plan-file.ts'
import { colorDiff, renderSummary } from '../../gitops/render-plan.ts'
import { applyReviewed } from '../apply-reviewed.ts'
import { colors, errorColors } from '../colors.ts'
import { configArg } from '../config-arg.ts'
import { configSecrets, hideInOutput, printError, printLine } from '../redact-output.ts'

const protocols = ['openai', 'anthropic', 'gemini', 'openai-responses'] as const

/** Options every `pinai provider` subcommand shares: which config, and plan or apply. */
const editArgs = {
  ...configArg,
  'auto-approve': { type: 'boolean', description: 'apply without asking' },
  'plan-only': {
    type: 'boolean',
    description: 'only show the plan (exit 0 none, 2 changes, 1 error); `pinai apply` applies it',
  },
  out: { type: 'string', description: 'also write the plan to this file, for `pinai apply FILE`' },
} as const

/** Provider fields set from the command line. */
const fieldArgs = {
  weight: { type: 'string', description: 'share of the traffic among providers of one priority (a number ≥ 0)' },
  priority: { type: 'string', description: 'priority group (an integer; 0 is tried first)' },
  rewrite: { type: 'string', description: 'the rename pipeline used when its models are synced' },
} as const

interface EditArgValues {
  config?: string
  'auto-approve'?: boolean
  'plan-only'?: boolean
  out?: string
}

function numberArg(value: string | undefined, name: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (
    value.trim() === '' ||
    !Number.isFinite(parsed) ||
    (integer && !Number.isInteger(parsed)) ||
    (!integer && parsed < 0)
  ) {
    throw new Error(`--${name}: "${value}" is not ${integer ? 'an integer' : 'a number ≥ 0'}`)
  }
  return parsed
}

function fieldsOf(args: { weight?: string; priority?: string; rewrite?: string }): ProviderFields {
  const fields: ProviderFields = {}
  const weight = numberArg(args.weight, 'weight', false)
  const priority = numberArg(args.priority, 'priority', true)
  if (weight !== undefined) fields.weight = weight
  if (priority !== undefined) fields.priority = priority
  if (args.rewrite !== undefined) fields.rewrite = args.rewrite
  return fields
}

/** Plans the edits, shows them, and applies them as `pinai apply` would (or only plans, as `pinai plan`). */
async function planAndApply(args: EditArgValues, edits: ConfigEdit[]): Promise<void> {
  try {
    const { plan, secrets } = await createPlan({
      file: args.config,
      edits,
      onLoaded: (config) => hideInOutput(configSecrets(config)),
    })
    if (args.out) await writePlanFile(args.out, plan)
    if (plan.diff) printLine(colorDiff(plan.diff, colors))
    printLine(renderSummary(plan, colors))
    if (args['plan-only']) {
      if (plan.changed) {
        await writePlanFile(lastPlanPath(plan.configFile), plan)
        printLine(
          colors.dim(`To apply: pinai apply${args.out ? ` ${relative(process.cwd(), args.out) || args.out}` : ''}`),
        )
      }
      process.exitCode = plan.problems.length > 0 ? 1 : plan.changed ? 2 : 0
      return
    }
    await applyReviewed(plan, { autoApprove: args['auto-approve'], secrets })
  } catch (error) {
    printError(`${errorColors.red('✗')} ${describeError(error)}`)
    process.exitCode = 1
  }
}

const nameArg = { name: { type: 'positional', required: true, description: 'the provider' } } as const

const toggle = (enabled: boolean) =>
  defineCommand({
    meta: {
      name: enabled ? 'enable' : 'disable',
      description: `${enabled ? 'enable' : 'disable'} a provider (a plan, applied after asking)`,
    },
    args: { ...nameArg, ...editArgs },
    run: ({ args }) =>
      planAndApply(args, [{ op: 'set-provider', provider: args.name, fields: { enabled: enabled ? null : false } }]),
  })

const set = defineCommand({
  meta: {
    name: 'set',
    description: "change a provider's weight, priority, rename pipeline or base URL (a plan, applied after asking)",
  },
  args: { ...nameArg, ...fieldArgs, 'base-url': { type: 'string', description: 'the base URL' }, ...editArgs },
  async run({ args }) {
    let fields: ProviderFields
    try {
      fields = fieldsOf(args)
      if (args['base-url'] !== undefined) fields.baseUrl = args['base-url']
      if (Object.keys(fields).length === 0)
        throw new Error('nothing to set: give --weight, --priority, --rewrite or --base-url')
    } catch (error) {
      printError(`${errorColors.red('✗')} ${describeError(error)}`)
      process.exitCode = 1
      return
    }
    await planAndApply(args, [{ op: 'set-provider', provider: args.name, fields }])
  },
})

const add = defineCommand({
  meta: {
    name: 'add',
    description: 'add a provider; its keys go to .env as new variables (a plan, applied after asking)',
  },
  args: {
    ...nameArg,
    protocol: { type: 'string', required: true, description: 'openai, anthropic, gemini or openai-responses' },
    'base-url': { type: 'string', required: true, description: 'the base URL (OpenAI style: https://host/v1)' },
    key: { type: 'string', description: 'API keys, comma-separated (written to .env, referenced as ${VAR})' },
    'key-var': {
      type: 'string',
      description: 'names of variables already in .env or the environment holding its keys, comma-separated',
    },
    models: {
      type: 'string',
      description: 'model ids, comma-separated (or sync them later with pinai plan --provider NAME)',
    },
    ...fieldArgs,
    ...editArgs,
  },
  async run({ args }) {
    let provider: ProviderInput
    try {
      const protocol = protocols.find((candidate) => candidate === args.protocol.toLowerCase())
      if (!protocol) throw new Error(`--protocol: must be ${protocols.join(', ')}`)
      const keys = splitList(args.key)
      hideInOutput(keys)
      const references = splitList(args['key-var']).map((name) => {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`--key-var: "${name}" is not a variable name`)
        return `\${${name}}`
      })
      const fields = fieldsOf(args)
      provider = {
        name: args.name,
        protocol,
        baseUrl: args['base-url'],
        keys: [...references, ...keys],
        ...(fields.weight != null ? { weight: fields.weight } : {}),
        ...(fields.priority != null ? { priority: fields.priority } : {}),
        ...(fields.rewrite != null ? { rewrite: fields.rewrite } : {}),
        models: splitList(args.models),
      }
    } catch (error) {
      printError(`${errorColors.red('✗')} ${describeError(error)}`)
      process.exitCode = 1
      return
    }
    await planAndApply(args, [{ op: 'add-provider', provider }])
  },
})

const remove = defineCommand({
  meta: { name: 'remove', description: 'remove a provider (a plan, applied after asking; its .env variables stay)' },
  args: { ...nameArg, ...editArgs },
  run: ({ args }) => planAndApply(args, [{ op: 'remove-provider', provider: args.name }]),
})

/** `pinai provider enable|disable|set|add|remove NAME`: provider edits as plans, shown and applied like `pinai apply`. */
export default defineCommand({
  meta: {
    name: 'provider',
    description: 'enable, disable, change, add or remove a provider (each a plan shown and applied)',
  },
  subCommands: { enable: toggle(true), disable: toggle(false), set, add, remove },
})
