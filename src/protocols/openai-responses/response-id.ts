/** The client-facing response id: the upstream id with `resp_` in front (once). */
export function responseId(id: string): string {
  return id.startsWith('resp_') ? id : `resp_${id}`
}
