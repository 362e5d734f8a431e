import { css } from 'lit'

/** The CSV box and its options. */
export const importStyles = css`
  textarea { min-height: 180px; }
  .options { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin: 10px 0; }
`
