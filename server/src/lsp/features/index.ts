// The language features the server offers, each in its own module.
import type { Feature } from './feature.ts';

export const FEATURES: readonly Feature[] = [];
