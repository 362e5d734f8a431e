export {
  configSchema,
  type PinaiConfig,
  type PinaiConfigInput,
  type ProviderConfig,
  type ModelEntry,
} from './schema.ts'
export { defineConfig } from './define-config.ts'
export { loadPinaiConfig, configPath, configEnv, type LoadedConfig, type LoadOptions } from './load-config.ts'
export { createConfigHolder, type ConfigHolder, type LoadFailure } from './config-holder.ts'
export { ConfigError, formatIssues, type ConfigIssue } from './config-error.ts'
export { validateConfig } from './validate-config.ts'
export { resolveSecrets, isReference } from './resolve-secrets.ts'
export { parseModelMapping } from './model-mapping.ts'
export { parseDuration } from './duration.ts'
export { configJsonSchema, configJsonSchemaText } from './json-schema.ts'
export {
  rewriteRule,
  rewriteStep,
  rewritePipeline,
  presetNames,
  type RewriteRule,
  type RewriteStep,
} from './rewrite-rule.ts'
