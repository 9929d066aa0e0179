/** Import progress: a bar per dataset on a terminal, plain lines elsewhere (CI logs, pipes). */
import type { Reporter } from './runner'

export function consoleReporter(out: NodeJS.WriteStream): Reporter {
  const tty = !!out.isTTY && !process.env.CI
  const line = (s: string) => out.write(s + '\n')
  return {
    start(id, title) {
      if (tty) out.write(`\r\x1b[K${id.padEnd(20)} ${title.slice(0, 50)} …`)
      else line(`${id}: importing ${title}`)
    },
    progress(id, done, total) {
      if (!tty || total <= 0) return
      const width = 30
      const filled = Math.round((done / total) * width)
      out.write(`\r\x1b[K${id.padEnd(20)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`)
    },
    done(id, r) {
      const what = r.status === 'unchanged' ? 'unchanged (same files)' : r.status === 'missing' ? 'not in this folder, left as it is' : `${r.status}: ${r.loaded} loaded, ${r.rejected} rejected of ${r.read} read`
      if (tty) out.write('\r\x1b[K')
      line(`${id.padEnd(20)} ${what} in ${r.ms} ms${r.notes?.length ? `\n${r.notes.map((n) => `${' '.repeat(21)}${n}`).join('\n')}` : ''}`)
    },
  }
}
