// The browser tests' checks: each prints "ok N - name" or "not ok N - name" with the error,
// and the tally gives the last line, "N passed, N failed".

export function checks({ onFailure = async () => {}, stopOnFailure = false } = {}) {
  const tally = { passed: 0, failed: 0 };
  async function check(name, fn) {
    try {
      await fn();
      tally.passed += 1;
      console.log(`ok ${tally.passed + tally.failed} - ${name}`);
    } catch (err) {
      tally.failed += 1;
      console.log(`not ok ${tally.passed + tally.failed} - ${name}\n  ${String((err && err.stack) || err).split('\n').join('\n  ')}`);
      await onFailure(err);
      if (stopOnFailure) throw err;
    }
  }
  return { check, tally };
}
