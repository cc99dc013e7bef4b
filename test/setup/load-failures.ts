import type { RunnerTestFile } from 'vitest';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Mutation testing only (vitest.mutate.config.ts): a test file that fails while loading (a fixture's policy
 * refused at import under a mutant) has no test results, and Stryker's vitest runner counts a run without a
 * failed test as a surviving mutant. The file did fail: this reporter gives it one failed test, "loads",
 * carrying the load error, so that Stryker sees the failure vitest reports.
 */
export default class LoadFailures implements Reporter {
  onTestRunEnd(modules: readonly TestModule[]): void {
    for (const module of modules) {
      // The runner's own task, which Stryker's runner reads back from vitest's state.
      const file = (module as unknown as { readonly task: RunnerTestFile }).task;
      if (file.result?.state !== 'fail' || file.tasks.length > 0) continue;
      file.tasks.push({
        type: 'test',
        id: `${file.id}_loads`,
        name: 'loads',
        fullName: `${file.name} loads`,
        mode: 'run',
        context: undefined as never,
        file,
        suite: file,
        meta: {},
        timeout: 0,
        annotations: [],
        artifacts: [],
        result: { state: 'fail', errors: file.result.errors ?? [] },
      } as unknown as (typeof file.tasks)[number]);
    }
  }
}
