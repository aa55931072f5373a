import { DEFAULT_POLICY, type Policy } from '../core/policy.js';
import { ClientStoreController, type ControllerHost } from './store-controller.js';

/** The backend's limits (message length, invitees); `DEFAULT_POLICY` until it has answered. */
export class PolicyController extends ClientStoreController<Policy> {
  constructor(host: ControllerHost) {
    super(host, (client) => client.policy, DEFAULT_POLICY);
  }
}
