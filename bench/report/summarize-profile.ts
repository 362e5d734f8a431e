/** The parts of a V8 `.cpuprofile` the summary reads. */
export interface CpuProfile {
  nodes: Array<{
    id: number
    callFrame: { functionName: string; url: string; lineNumber: number }
    children?: number[]
  }>
  samples: number[]
  timeDeltas: number[]
}

/** One line of a profile summary: a share of the sampled time. */
export interface ProfileLine {
  name: string
  /** Percent of all samples (idle included). */
  percent: number
}

/** Where a function lives, in a few words: a package, a node internal, or one of our files. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)'
  const packageName = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]
  if (packageName) return packageName
  if (url.startsWith('node:')) return url.replace(/^node:internal\//, 'node:').replace(/\/.*$/, '')
  const ours = /\/(src|bench|bin)\/(.*)$/.exec(url)
  if (ours) return `${ours[1]}/${ours[2]}`
  return url
}

const share = (counts: Map<string, number>, total: number, top: number): ProfileLine[] =>
  [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, count]) => ({ name, percent: (count / total) * 100 }))

/**
 * Self time by function and by area (package, node internal, our file), and inclusive time by area
 * (the share of samples with that area anywhere on the stack).
 */
export function summarizeProfile(
  profile: CpuProfile,
  top = 25,
): { functions: ProfileLine[]; areas: ProfileLine[]; inclusive: ProfileLine[] } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const functions = new Map<string, number>()
  const areas = new Map<string, number>()
  const inclusive = new Map<string, number>()
  for (const id of profile.samples) {
    const node = byId.get(id)
    if (!node) continue
    const frame = node.callFrame
    const area = areaOf(frame.url, frame.functionName)
    const where = frame.url ? `${area}:${frame.lineNumber + 1}` : area
    const name = `${frame.functionName || '(anonymous)'} ${where}`
    functions.set(name, (functions.get(name) ?? 0) + 1)
    areas.set(area, (areas.get(area) ?? 0) + 1)
    const onStack = new Set<string>()
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frameOf = byId.get(current)?.callFrame
      if (frameOf) onStack.add(areaOf(frameOf.url, frameOf.functionName))
    }
    for (const seen of onStack) inclusive.set(seen, (inclusive.get(seen) ?? 0) + 1)
  }
  const total = profile.samples.length || 1
  return {
    functions: share(functions, total, top),
    areas: share(areas, total, top),
    inclusive: share(inclusive, total, top),
  }
}
