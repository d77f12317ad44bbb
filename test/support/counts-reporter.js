import { writeSync } from 'node:fs';

/**
 * Prints the test counts as the very last line, in the plain form CI reads:
 * `Tests: N passed, N failed, N skipped`. Written at process exit, after
 * Jest's own closing "Ran all test suites." line.
 */
export default class CountsReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `Tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`;
    process.once('exit', () => writeSync(2, line));
  }
}
