export { createPlan, type PlanRequest, type PlanResult } from './create-plan.ts'
export {
  applyPlan,
  previewApply,
  StalePlanError,
  type ApplyOptions,
  type ApplyResult,
  type ApplyPreview,
} from './apply-plan.ts'
export { readPlanFile, writePlanFile } from './plan-file.ts'
export { collectSecrets } from './collect-secrets.ts'
export { renderSummary, colorDiff, type Colors } from './render-plan.ts'
export { parseImportCsv, type ImportedProvider, type CsvProblem } from './parse-import-csv.ts'
export { diffProviderModels } from './diff-provider-models.ts'
export { patchConfigSource, PatchError } from './patch/index.ts'
export type { ConfigEdit, ModelEntryInput, ProviderInput, ProviderFields, RewriteStepInput } from './config-edit.ts'
export type { Plan, ProviderPlan, PlanProblem, EnvAddition, SecretSource, AddedModel, RenamedModel } from './plan.ts'
