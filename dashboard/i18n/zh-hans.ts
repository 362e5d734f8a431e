export const zhHans: Readonly<Record<string, string>> = {}
