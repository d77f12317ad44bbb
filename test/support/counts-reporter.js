/**
 * Prints the test counts as the very last line, in the plain form CI reads:
 * `Tests: N passed, N failed, N skipped`.
 */
export default class CountsReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`Tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`);
  }
}
