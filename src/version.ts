import packageJson from '../package.json' with { type: 'json' }

/** pinai's version, from its package.json (bundled into the build). */
export const pinaiVersion: string = packageJson.version
