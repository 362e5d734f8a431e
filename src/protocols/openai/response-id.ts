/** The client-facing completion id: the upstream id with `chatcmpl-` in front (once). */
export function completionId(id: string): string {
  return id.startsWith('chatcmpl-') ? id : `chatcmpl-${id}`
}
