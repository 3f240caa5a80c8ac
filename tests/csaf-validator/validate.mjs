// Runs BSI's CSAF validator library on CSAF 2.0 documents: the OASIS JSON Schema test and every
// mandatory test of section 6.1 (offline: none of them fetches anything).
// Usage: node validate.mjs <document.json>...   Prints one JSON line per document:
// {"file": ..., "isValid": ..., "failed": [{"name": ..., "errors": [...]}]}; exit status 1 if any
// document is invalid.
import { readFileSync } from 'node:fs'
import validate from '@secvisogram/csaf-validator-lib/validate.js'
import * as schemaTests from '@secvisogram/csaf-validator-lib/schemaTests.js'
import * as mandatoryTests from '@secvisogram/csaf-validator-lib/mandatoryTests.js'

const tests = [...Object.values(schemaTests), ...Object.values(mandatoryTests)]
let allValid = true
for (const file of process.argv.slice(2)) {
  const document = JSON.parse(readFileSync(file, 'utf8'))
  const result = await validate(tests, document)
  const failed = result.tests
    .filter((t) => !t.isValid || t.errors.length > 0)
    .map((t) => ({ name: t.name, errors: t.errors }))
  allValid = allValid && result.isValid
  console.log(JSON.stringify({ file, isValid: result.isValid, tests: result.tests.length, failed }))
}
process.exit(allValid ? 0 : 1)
