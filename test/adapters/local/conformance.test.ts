import { runConformanceSuite } from '../../../src/adapter/conformance/index.js';
import { createLocalConformanceBackend } from '../../helpers/local-backend.js';

runConformanceSuite('local (IndexedDB)', createLocalConformanceBackend);
