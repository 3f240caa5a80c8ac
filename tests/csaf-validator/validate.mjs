// Runs BSI's CSAF validator library on CSAF 2.0 documents: the OASIS JSON Schema test, every
// mandatory test of section 6.1, every optional test of 6.2 and every informative test of 6.3
// (offline but for 6.3.6, which tries to resolve the URLs; 6.3.8 spell-checks with hunspell).
// Usage: node validate.mjs <document.json>...   Prints one JSON line per document:
// {"file": ..., "isValid": ..., "tests": n, "failed": [{"name": ..., "errors": [...],
// "warnings": [...], "infos": [...]}]}; exit status 1 if any document is invalid.
//
// The spell check runs `hunspell -d <lang>`, and the documents say `"lang": "en"`: hunspell has
// no dictionary of that name, so one is made here from British English (the spelling of the
// regulation's English text and of cra-rs), in a folder given to hunspell as DICPATH.
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import validate from '@secvisogram/csaf-validator-lib/validate.js'
import * as schemaTests from '@secvisogram/csaf-validator-lib/schemaTests.js'
import * as mandatoryTests from '@secvisogram/csaf-validator-lib/mandatoryTests.js'
import * as optionalTests from '@secvisogram/csaf-validator-lib/optionalTests.js'
import * as informativeTests from '@secvisogram/csaf-validator-lib/informativeTests.js'

const system = '/usr/share/hunspell'
if (!existsSync(join(system, 'en_GB.dic'))) {
  console.error('hunspell with its British English dictionary is needed (Debian: hunspell hunspell-en-gb)')
  process.exit(2)
}
const dictionaries = join(tmpdir(), `cra-rs-hunspell-${process.pid}`)
mkdirSync(dictionaries, { recursive: true })
for (const extension of ['aff', 'dic']) {
  const link = join(dictionaries, `en.${extension}`)
  if (!existsSync(link)) symlinkSync(join(system, `en_GB.${extension}`), link)
}
process.env.DICPATH = dictionaries

const tests = [
  ...Object.values(schemaTests),
  ...Object.values(mandatoryTests),
  ...Object.values(optionalTests),
  ...Object.values(informativeTests),
]
let allValid = true
for (const file of process.argv.slice(2)) {
  const document = JSON.parse(readFileSync(file, 'utf8'))
  const result = await validate(tests, document)
  const failed = result.tests
    .filter((t) => !t.isValid || t.errors.length > 0 || t.warnings.length > 0 || t.infos.length > 0)
    .map((t) => ({ name: t.name, errors: t.errors, warnings: t.warnings, infos: t.infos }))
  allValid = allValid && result.isValid
  console.log(JSON.stringify({ file, isValid: result.isValid, tests: result.tests.length, failed }))
}
process.exit(allValid ? 0 : 1)
