// The build loads stylesheets as text (esbuild's `text` loader), for a shadow root's adopted styles.
declare module '*.css' {
  const text: string
  export default text
}
