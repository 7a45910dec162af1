// zod, in its small build (zod/mini: a twentieth of the code to load at every start), with the
// English messages the full build has by default. Import it as a namespace (`import * as z`),
// so that the bundle keeps only what is used.
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
