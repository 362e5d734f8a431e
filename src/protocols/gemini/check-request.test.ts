import { describe, expect, it } from 'vitest'
import { checkRequest } from './check-request.ts'

const user = (parts: unknown[]) => ({ role: 'user', parts })

describe('checkRequest', () => {
  it('lets through what @google/genai sends', () => {
    expect(() =>
      checkRequest({
        contents: [user([{ text: 'Hi' }, { inlineData: { mimeType: 'image/png', data: 'AAAA' } }])],
        systemInstruction: { role: 'user', parts: [{ text: 'Be brief.' }] },
        generationConfig: {},
        tools: [{ functionDeclarations: [{ name: 'f', parameters: { type: 'OBJECT' } }] }, { googleSearch: {} }],
        toolConfig: { functionCallingConfig: { mode: 'AUTO', allowedFunctionNames: ['f'] } },
      }),
    ).not.toThrow()
  })

  it.each([
    [{}, 'contents'],
    [{ contents: [7] }, 'contents[0]'],
    [{ contents: [user([{ text: 5 }])] }, 'contents[0].parts[0].text'],
    [{ contents: [user([{ functionCall: { args: {} } }])] }, 'contents[0].parts[0].functionCall.name'],
    [{ contents: [user([{ inlineData: { mimeType: 'image/png' } }])] }, 'contents[0].parts[0].inlineData.data'],
    [
      { contents: [], tools: [{ functionDeclarations: [{ name: 'f', parameters: [] }] }] },
      'tools[0].functionDeclarations[0].parameters',
    ],
    [{ contents: [], generationConfig: { temperature: null } }, 'generationConfig.temperature'],
    [{ contents: [], generationConfig: { stopSequences: [1] } }, 'generationConfig.stopSequences[0]'],
    [{ contents: [], toolConfig: { functionCallingConfig: { mode: 1 } } }, 'toolConfig.functionCallingConfig.mode'],
  ])('refuses %j with a 400 naming %s', (body, path) => {
    expect(() => checkRequest(body)).toThrow(
      expect.objectContaining({ status: 400, message: expect.stringContaining(path) }),
    )
  })
})
