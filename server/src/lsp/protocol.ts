// The custom requests between the ProdGate client and server: names and message shapes only, so
// the client can import them without pulling in the server.
import type { CertificationReport } from '../engine/certification/certify.ts';
import type { InputName } from '../engine/certification/types.ts';
import type { GovernanceRun } from '../io/governance-inputs.ts';
import type { ScaffoldFile, ScaffoldFormat } from '../engine/scaffold.ts';
import type { BoundaryReportView } from '../report/view.ts';
import type { ApprovalRecord } from '../engine/commands/approval.ts';

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

export interface SourcePosition {
  line: number;
  character: number;
}

/** A place in a file the client may open (webviews may open only the links they were given). */
export interface SourceLink {
  uri: string;
  range: { start: SourcePosition; end: SourcePosition };
}

export type GovernanceInputName = 'scorecard' | 'rules' | 'thresholds' | 'override';

export interface GovernanceLinks {
  /** The file rule that decided (the matched rule of the trace), when a file rule decided. */
  rule?: SourceLink & { index: number };
  /** Each input file the evaluation read, at its start. */
  inputs: Array<SourceLink & { name: GovernanceInputName; file: string }>;
}

export interface EvaluateGovernanceResult {
  run: GovernanceRun;
  links: GovernanceLinks;
}

/** Client → server: the agents the workspace's policies govern (AgentSummary[]), to pick one from. */
export const AgentsRequest = 'prodgate/agents';
/** Client → server: what the policies decide for an agent's action (ProdGate: Check Agent Action). */
export const CheckActionRequest = 'prodgate/checkAction';
/** Client → server: run a policy test file's expectations. */
export const PolicyTestsRequest = 'prodgate/policyTests';

export interface AgentSummary {
  agent: string;
  /** The policy file, at its `agent` value. */
  link: SourceLink;
  /** Other policies that claim the same agent (a `policy-agent-duplicate` error). */
  duplicates: SourceLink[];
}

export interface CheckActionParams {
  agent: string;
  action: string;
  context?: Record<string, unknown>;
  /** The policy file the agent was picked from; without it, the first policy that governs the agent. */
  policyUri?: string;
}

export interface CheckActionResult {
  decision: 'allow' | 'deny' | 'escalate';
  reason: string;
  /** The rule that decided, with its place; absent for a missing policy and the default deny. */
  rule?: { list: 'escalate' | 'deny' | 'allow'; index: number; entry: unknown; link: SourceLink };
  /** The policy that governs the agent. */
  policy?: SourceLink;
}

export interface PolicyTestsParams {
  uri: string;
}

export interface PolicyTestOutcome {
  name: string;
  agent: string;
  action: string;
  expect: 'allow' | 'deny' | 'escalate';
  decision: 'allow' | 'deny' | 'escalate';
  reason: string;
  passed: boolean;
  /** The test in its file. */
  link: SourceLink;
  rule?: SourceLink;
}

export interface PolicyTestsResult {
  results: PolicyTestOutcome[];
}

/** Client → server: whether a shell command is blocked in the workspace's environment (ProdGate: Check Command). */
export const CheckCommandRequest = 'prodgate/checkCommand';
/** Client → server: record an approved exception for a blocked command, or say why it is refused. */
export const RequestExceptionRequest = 'prodgate/requestException';

export interface CheckCommandParams {
  command: string;
  /** A document of the workspace whose environment applies; without it, the first folder's. */
  uri?: string;
}

export interface CheckCommandResult {
  environment: 'production' | 'staging' | 'development';
  /** Where the environment came from, for the message. */
  environmentSource: string;
  /** True when the command breaks a rule of the blocklist (whatever the environment). */
  breaksPolicy: boolean;
  /** True when it breaks one and the environment is production. */
  blocked: boolean;
  matches: Array<{ id: string; blocks: string; reason: string; command: string }>;
}

export interface RequestExceptionParams {
  command: string;
  uri?: string;
  requestedBy: string;
  justification: string;
  rollbackPlan: string;
  confirmation: string;
}

export type RequestExceptionResult =
  | { approved: true; record: ApprovalRecord; log: string }
  | { approved: false; reasons: string[] };

/** Client → server: verify OpenClaw audit-log hash chains (ProdGate: Verify Audit Chain). */
export const VerifyAuditRequest = 'prodgate/verifyAudit';

export interface VerifyAuditParams {
  /** The audit logs to verify; without them, every agent audit log of the workspace. */
  uris?: string[];
}

export interface VerifyAuditResult {
  /** In verification (time) order. */
  files: Array<{
    uri: string;
    valid: boolean;
    entries: number;
    /** The first broken line (1-based), its reason and a message, when the chain is broken. */
    line?: number;
    reason?: string;
    message?: string;
  }>;
}
