/** The `--config` option shared by the commands that read the config file. */
export const configArg = {
  config: { type: 'string', description: 'path of the config file (default: PINAI_CONFIG or ./pinai.config.ts)' },
} as const
