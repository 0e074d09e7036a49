// Issue 5: "drop each generated sample file ... assert that the displayed numbers equal
// `jornada analyze --json` on the same files". The CLI writes the 10k sample company in
// Portuguese and in English; each of its 14 files is dropped alone on a fresh page, and every
// metric card on the five dashboard views must equal the CLI's value for that one file, every
// card metric the CLI computed must be shown, and the file's recognised kind must be the CLI's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { useServerAndBrowser, newPage, foreignRequests, cliBinary, cliReport, compareCardsWithCli,
  cardMetricIds, dashboardRendered } from './harness.mjs';

const env = useServerAndBrowser();
let tmp;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jornada-samples-'));
});

after(async () => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

for (const lang of ['pt', 'en']) {
  test(`sample 10k (${lang}): each file alone shows the CLI's numbers and kind`, { timeout: 1_800_000 }, async () => {
    const dir = path.join(tmp, lang);
    execFileSync(cliBinary(), ['sample', '--size', '10k', '--lang', lang, '--out', dir], { stdio: 'ignore' });
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.csv')).sort();
    assert.equal(files.length, 14, files.join(', '));
    let total = 0;
    for (const name of files) {
      const file = path.join(dir, name);
      const report = cliReport([file]);
      assert.ok(!report.error, `the CLI must run on ${name}: ${report.error}`);
      assert.equal(report.tables.length, 1, name);
      const page = await newPage(env.browser, { locale: lang === 'pt' ? 'pt-BR' : 'en-US' });
      await page.goto(env.srv.url);
      await page.waitForSelector('#file-input', { state: 'attached' });
      await page.setInputFiles('#file-input', [file]);
      await dashboardRendered(page, 'journey', 120_000);
      const { compared, ids } = await compareCardsWithCli(page, report);
      // Nothing the CLI computed is missing from the dashboard.
      const missing = cardMetricIds(report).filter((id) => !ids.has(id));
      assert.deepEqual(missing, [], `${name}: computed by the CLI but not shown`);
      await page.click('nav a[href$="/mapping"]');
      assert.equal(await page.locator('#kind-0').inputValue(), report.tables[0].kind, `${name}: recognised kind`);
      assert.deepEqual(foreignRequests(page, env.srv.origin), []);
      assert.deepEqual(page.errors, [], name);
      console.log(`# ${lang} ${name}: kind ${report.tables[0].kind}, ${report.tables[0].rows} rows, ${compared} card values equal the CLI's`);
      total += compared;
      await page.context().close();
    }
    assert.ok(total >= 50, `compared ${total} values in all`);
  });
}
