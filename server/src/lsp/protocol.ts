// The custom requests between the ProdGate client and server: names and message shapes only, so
// the client can import them without pulling in the server.
import type { CertificationReport } from '../engine/certification/certify.ts';
import type { InputName } from '../engine/certification/types.ts';
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
