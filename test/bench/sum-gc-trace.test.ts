import { describe, expect, it } from 'vitest'
import { sumGcTrace } from '../../bench/report/sum-gc-trace.ts'

// Lines as node --trace-gc-nvp prints them (most of their ~80 fields left out), with pinai's own
// output and a worker isolate's line among them.
const trace = [
  '[9763:0x2eedbe30]       75 ms: pause=1.3 mutator=70.6 gc=s reduce_memory=0 scavenge=1.10 allocated=1040384 promoted=262144 new_space_survived=301000',
  'pinai listening on http://127.0.0.1:3998 (config /tmp/x/pinai.config.ts)',
  '[9763:0x2f0a1c40]       80 ms: pause=0.4 mutator=20.0 gc=s reduce_memory=0 allocated=524288 promoted=1000',
  '[9763:0x2eedbe30]       86 ms: pause=1.1 mutator=9.2 gc=s reduce_memory=0 allocated=2097152 promoted=131072',
  '[9763:0x2eedbe30]      504 ms: pause=12.2 mutator=31.4 gc=mc reduce_memory=0 allocated=65536 promoted=0',
].join('\n')

describe('sumGcTrace', () => {
  it('sums the main isolate and leaves the worker and other output out', () => {
    const sum = sumGcTrace(trace)
    expect(sum.scavenges).toBe(2)
    expect(sum.scavengePauseMs).toBeCloseTo(2.4)
    expect(sum.fullGcs).toBe(1)
    expect(sum.fullGcPauseMs).toBeCloseTo(12.2)
    expect(sum.allocatedBytes).toBe(1040384 + 2097152 + 65536)
    expect(sum.promotedBytes).toBe(262144 + 131072)
  })

  it('gives zeros when the process printed no trace', () => {
    expect(sumGcTrace('pinai listening on http://127.0.0.1:3998\n')).toEqual({ scavenges: 0, scavengePauseMs: 0, fullGcs: 0, fullGcPauseMs: 0, allocatedBytes: 0, promotedBytes: 0 })
  })
})
