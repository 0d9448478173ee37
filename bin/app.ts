// `cdk synth` entry. Environment-agnostic on purpose: no lookups, no account or region, so it
// synthesizes offline and without credentials.
import { createKagiApp } from '../lib/kagi-app.js';

const { app } = createKagiApp();
app.synth();
