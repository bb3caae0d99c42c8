// The language features the server offers, each in its own module.
import type { Feature } from './feature.ts';
import { agents } from './agents.ts';
import { codeActions } from './code-actions.ts';
import { codeLens } from './code-lens.ts';
import { commandSafety } from './command-safety.ts';
import { completion } from './completion.ts';
import { definition } from './definition.ts';
import { folding } from './folding.ts';
import { governance } from './governance.ts';
import { hover } from './hover.ts';
import { scaffold } from './scaffold.ts';
import { documentSymbols } from './symbols.ts';

export const FEATURES: readonly Feature[] = [documentSymbols, folding, definition, codeLens, scaffold, codeActions, completion, hover, governance, agents, commandSafety];
