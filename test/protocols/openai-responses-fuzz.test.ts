import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { GatewayError } from '../../src/ir/errors.ts'
import { createCodecs } from '../../src/protocols/index.ts'
import { quietLogger } from '../helpers/quiet-logger.ts'

const codecs = createCodecs({ logger: quietLogger })
const value = fc.jsonValue({ maxDepth: 3 })
const text = fc.oneof(fc.string(), value)
const part = fc.oneof(
  fc.record(
    {
      type: fc.constantFrom('input_text', 'output_text', 'refusal', 'input_image', 'input_file', 'summary_text'),
      text,
      refusal: text,
      image_url: fc.oneof(fc.constant('data:image/png;base64,iVBORw0KGgo='), text),
      file_data: text,
      file_id: text,
      detail: text,
    },
    { requiredKeys: [] },
  ),
  value,
)
const item = fc.oneof(
  fc.record(
    {
      type: fc.constant('message'),
      role: fc.oneof(fc.constantFrom('user', 'assistant', 'system', 'developer'), value),
      content: fc.oneof(fc.string(), fc.array(part, { maxLength: 3 }), value),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      type: fc.constantFrom('function_call', 'custom_tool_call'),
      call_id: text,
      name: text,
      namespace: text,
      arguments: fc.oneof(fc.constant('{"a":1}'), text),
      input: text,
    },
    { requiredKeys: ['type'] },
  ),
  fc.record(
    {
      type: fc.constantFrom('function_call_output', 'custom_tool_call_output'),
      call_id: text,
      output: fc.oneof(fc.string(), fc.array(part, { maxLength: 2 }), value),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record(
    {
      type: fc.constant('reasoning'),
      summary: fc.oneof(fc.array(part, { maxLength: 2 }), value),
      encrypted_content: fc.oneof(fc.constant('pinai.eyJwcm90b2NvbCI6ImFudGhyb3BpYyJ9'), fc.constant('pinai.!!'), text),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record(
    { type: fc.constantFrom('item_reference', 'web_search_call', 'mcp_call'), id: text },
    { requiredKeys: ['type'] },
  ),
  value,
)
const tool = fc.oneof(
  fc.record(
    {
      type: fc.constantFrom('function', 'custom', 'web_search', 'mcp'),
      name: text,
      description: text,
      parameters: value,
      strict: value,
      format: value,
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      type: fc.constant('namespace'),
      name: text,
      tools: fc.oneof(
        fc.array(
          fc.record(
            { type: fc.constantFrom('function', 'custom'), name: text, parameters: value },
            { requiredKeys: [] },
          ),
          { maxLength: 2 },
        ),
        value,
      ),
    },
    { requiredKeys: ['type'] },
  ),
  value,
)
/** A Responses request that is mostly right and partly anything. */
const body = fc.record(
  {
    model: fc.oneof(fc.constant('m'), value),
    input: fc.oneof(fc.string(), fc.array(item, { maxLength: 5 }), value),
    instructions: text,
    tools: fc.oneof(fc.array(tool, { maxLength: 3 }), value),
    tool_choice: fc.oneof(
      fc.constantFrom('auto', 'none', 'required'),
      fc.record(
        { type: fc.constantFrom('function', 'custom', 'allowed_tools', 'web_search'), name: text, mode: text },
        { requiredKeys: [] },
      ),
      value,
    ),
    reasoning: fc.oneof(
      fc.record(
        { effort: fc.oneof(fc.constantFrom('low', 'medium', 'high', 'none'), value), summary: text },
        { requiredKeys: [] },
      ),
      value,
    ),
    text: fc.oneof(
      fc.record(
        {
          format: fc.oneof(
            fc.record(
              { type: fc.constantFrom('text', 'json_object', 'json_schema'), name: text, schema: value, strict: value },
              { requiredKeys: [] },
            ),
            value,
          ),
        },
        { requiredKeys: [] },
      ),
      value,
    ),
    max_output_tokens: fc.oneof(fc.integer(), value),
    temperature: fc.oneof(fc.double(), value),
    stream: fc.oneof(fc.boolean(), value),
    metadata: value,
    previous_response_id: fc.oneof(fc.constant(null), text),
  },
  { requiredKeys: [] },
)

describe('hostile Responses requests', () => {
  it('decode to the IR or to a 400, and the IR encodes for every upstream or says why not', () => {
    fc.assert(
      fc.property(fc.oneof(body, value), (request) => {
        let ir
        try {
          ir = codecs['openai-responses'].decodeRequest(request, new Headers())
        } catch (error) {
          expect(error).toBeInstanceOf(GatewayError)
          expect((error as GatewayError).status).toBe(400)
          return
        }
        for (const protocol of ['openai', 'anthropic', 'gemini', 'openai-responses'] as const) {
          try {
            codecs[protocol].encodeRequest(ir, 'upstream-model')
          } catch (error) {
            expect(error).toBeInstanceOf(GatewayError)
            expect((error as GatewayError).status).toBe(400)
          }
        }
      }),
      { numRuns: 3000 },
    )
  })
})
