/**
 * A fresh store of an engine with a project of its own, for the store tests that need nothing
 * else (no collector, no key): opened in the calling describe's `before`, removed in its `after`.
 */

import { after, before } from 'node:test';
import type { Engine, EngineHandle } from '@faultline/test-support';
import type { ProjectId } from '../src/store/ids.js';
import type { Store } from '../src/store/store.js';

export interface ProjectStore {
  store: Store;
  projectId: ProjectId;
}

/**
 * The fields are filled once `before` has run.
 * @example const db = useProjectStore(engine, 'releases'); it('…', () => db.store.releaseHealth(db.projectId));
 */
export function useProjectStore(engine: Engine, projectName: string): ProjectStore {
  const view = {} as ProjectStore;
  let handle: EngineHandle | undefined;
  before(async () => {
    handle = await engine.open();
    view.store = handle.store;
    view.projectId = (await handle.store.createProject(projectName)).id;
  });
  after(() => handle?.dispose());
  return view;
}
