import { KILL_GRACE_MS, runTool, ToolSpawnError } from './run-tool.js';

describe('runTool', () => {
  it('escalates to SIGKILL when the child ignores SIGTERM, and settles only after it exited', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const started = Date.now();
    const run = runTool({ command: 'sh', args: ['-c', 'trap "" TERM; exec sleep 30'], signal: controller.signal });
    setTimeout(() => controller.abort(reason), 100);
    await expect(run).rejects.toBe(reason);
    expect(Date.now() - started).toBeGreaterThanOrEqual(KILL_GRACE_MS);
    expect(Date.now() - started).toBeLessThan(KILL_GRACE_MS + 3000);
  });

  it('keeps only the tail of stderr', async () => {
    const exit = await runTool({ command: 'sh', args: ['-c', 'i=0; while [ $i -lt 500 ]; do echo "line $i" >&2; i=$((i+1)); done; exit 3'] });
    expect(exit.code).toBe(3);
    const lines = exit.stderrTail.split('\n');
    expect(lines).toHaveLength(20);
    expect(lines[19]).toBe('line 499');
  });

  it('reports a missing executable as ToolSpawnError', async () => {
    await expect(runTool({ command: '/nonexistent/tool', args: [] })).rejects.toBeInstanceOf(ToolSpawnError);
  });
});
