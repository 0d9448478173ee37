import { createDeviceService } from '../core/client/devices.js';
import { createDeviceStore } from '../adapters/dynamodb/device-store.js';
import { clock, ids } from './clock.js';

/** Enrollment keys and devices (企業情報 › 端末, and the client's credential check): no bus, no Cognito. */
export const deviceService = () => createDeviceService({ store: createDeviceStore(), clock, ids });
