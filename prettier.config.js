// The one formatter (`npm run format`); ESLint (eslint.config.js) checks everything else.
/** @type {import('prettier').Config} */
export default {
  // Comments are wrapped by hand at ~105 characters; at 120 few of them stay over, and code gets room.
  printWidth: 120,
  semi: false,
  singleQuote: true,
  trailingComma: 'all',
  // The dashboard's html`…` and css`…` templates stay as written: re-indenting them changes the text
  // nodes Lit renders and that the component tests read.
  embeddedLanguageFormatting: 'off',
}
