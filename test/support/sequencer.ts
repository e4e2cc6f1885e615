import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The end-to-end files (one to two minutes each on PostgreSQL + Redis) start first. Without a results
 * cache, as on a fresh CI clone, vitest keeps discovery order, and an e2e file that starts last runs on
 * alone while the other worker has nothing left: the whole run is then as long as that tail.
 */
export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const e2e = (spec: TestSpecification) => /[\\/]test[\\/]e2e[\\/]/.test(spec.moduleId);
    return [...sorted.filter(e2e), ...sorted.filter((spec) => !e2e(spec))];
  }
}
