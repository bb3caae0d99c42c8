// The custom requests between the ProdGate client and server: names and message shapes only, so
// the client can import them without pulling in the server.
import type { CertificationReport } from '../engine/certification/certify.ts';
import type { InputName } from '../engine/certification/types.ts';
import type { GovernanceRun } from '../io/governance-inputs.ts';
import type { ScaffoldFile, ScaffoldFormat } from '../engine/scaffold.ts';
import type { BoundaryReportView } from '../report/view.ts';

/** Client → server: run the certification. */
export const CertifyRequest = 'prodgate/certify';
/** Client → server: the files the user picked for ambiguous kinds (used by cross-file diagnostics too). */
export const SelectionNotification = 'prodgate/selection';
/** Client → server: the files of a new readiness bundle (ProdGate: New Readiness Bundle). */
export const ScaffoldRequest = 'prodgate/scaffold';

export interface CertifyParams {
  /** Certify this bundle file; without it, the workspace's bundle or its artifacts by kind. */
  bundleUri?: string;
  /** Input name → the file URI the user picked for it. */
  selection?: Partial<Record<InputName, string>>;
}

export type CertifyResult =
  | { status: 'done'; report: CertificationReport; view: BoundaryReportView; bundleUri?: string }
  /** Several files of a kind and no pick: the client asks the user and calls again. */
  | { status: 'choose'; candidates: Partial<Record<InputName, string[]>> }
  | { status: 'error'; message: string };

export interface ScaffoldParams {
  format: ScaffoldFormat;
}

export interface ScaffoldResult {
  /** Paths relative to the new bundle's folder. */
  files: ScaffoldFile[];
  /** Which of the files is the bundle file: the one to open and certify. */
  bundle: string;
}

/** Client → server: evaluate a workflow scorecard's deployment governance. */
export const EvaluateGovernanceRequest = 'prodgate/evaluateGovernance';
/** Client → server: the URIs of the workspace's workflow scorecards (string[]), to pick one from. */
export const GovernanceScorecardsRequest = 'prodgate/governanceScorecards';

export interface EvaluateGovernanceParams {
  scorecardUri: string;
}

export interface GovernancePosition {
  line: number;
  character: number;
}

/** A place the panel may open: only these are opened, whatever the webview asks. */
export interface GovernanceLink {
  uri: string;
  range: { start: GovernancePosition; end: GovernancePosition };
}

export type GovernanceInputName = 'scorecard' | 'rules' | 'thresholds' | 'override';

export interface GovernanceLinks {
  /** The file rule that decided (the matched rule of the trace), when a file rule decided. */
  rule?: GovernanceLink & { index: number };
  /** Each input file the evaluation read, at its start. */
  inputs: Array<GovernanceLink & { name: GovernanceInputName; file: string }>;
}

export interface EvaluateGovernanceResult {
  run: GovernanceRun;
  links: GovernanceLinks;
}
