import type { Viewer } from '../core/types.js';
import { ClientStoreController, type ControllerHost } from './store-controller.js';

/** Who is viewing (from the cache, then the adapter); `undefined` until known. */
export class ViewerController extends ClientStoreController<Viewer | undefined> {
  constructor(host: ControllerHost) {
    super(host, (client) => client.viewer, undefined);
  }
}
