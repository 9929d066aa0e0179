/**
 * HTML to an A4 PDF with headless Chromium (playwright-core driving the system's Chromium): launched
 * on the first request, reused, closed on shutdown. Pages render offline with JavaScript off, and
 * any request other than a data: URL is aborted, so a report can never reach the network.
 */
import type { Browser } from 'playwright-core'

export class PdfRenderer {
  private browser: Promise<Browser> | null = null

  constructor(private readonly executablePath: string) {}

  private launch(): Promise<Browser> {
    // playwright-core is loaded with the first PDF, not at start-up (a quarter of a second of a restart).
    this.browser ??= import('playwright-core').then(({ chromium }) =>
      chromium.launch({ executablePath: this.executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] }))
      .catch((err) => { this.browser = null; throw err })
    return this.browser
  }

  async render(html: string, footer: string): Promise<Buffer> {
    const ctx = await (await this.launch()).newContext({ offline: true, javaScriptEnabled: false })
    try {
      const page = await ctx.newPage()
      await page.route('**/*', (r) => (r.request().url().startsWith('data:') ? r.continue() : r.abort()))
      await page.setContent(html, { waitUntil: 'load' })
      return await page.pdf({
        format: 'A4', printBackground: true, preferCSSPageSize: true,
        displayHeaderFooter: true, headerTemplate: '<span></span>',
        footerTemplate: `<div style="font-size:7pt;color:#555;width:100%;padding:0 12mm;display:flex;justify-content:space-between"><span>${footer}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
        margin: { top: '12mm', bottom: '14mm', left: '12mm', right: '12mm' },
      })
    } finally {
      await ctx.close()
    }
  }

  async close(): Promise<void> {
    const b = await this.browser?.catch(() => null)
    this.browser = null
    await b?.close()
  }
}
