/** The client-facing message id: the upstream id with `msg_` in front (once). */
export function messageId(id: string): string {
  return id.startsWith('msg_') ? id : `msg_${id}`
}
