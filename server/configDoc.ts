/** Prints the configuration table for the README from the settings in server/config.ts. */
import { projectRoot, settings } from './config'

const rows = Object.entries(settings).map(([k, s]) => {
  const def = s.default === undefined ? '(unset)' : s.default === '' ? '(empty)' : `\`${String(s.default).replace(projectRoot, '.')}\``
  return `| \`${k}\` | ${def} | ${s.doc} |`
})
process.stdout.write(['| Variable | Default | What it does |', '| --- | --- | --- |', ...rows].join('\n') + '\n')
