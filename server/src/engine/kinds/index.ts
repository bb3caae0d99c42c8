// The artifact kinds, in content-detection order: the most specific signatures first.
import { agentAuditLog } from './agent-audit-log.ts';
import { agentPolicy } from './agent-policy.ts';
import { agentPolicyTests } from './agent-policy-tests.ts';
import { certificationBundle } from './certification-bundle.ts';
import { certificationPolicy } from './certification-policy.ts';
import { deploymentManifest } from './deployment-manifest.ts';
import { deploymentThresholds } from './deployment-thresholds.ts';
import { evidenceRegistry } from './evidence-registry.ts';
import { externalEvidence } from './external-evidence.ts';
import { governancePolicy } from './governance-policy.ts';
import { governanceRules } from './governance-rules.ts';
import type { ArtifactKind, KindId } from './kind.ts';
import { observabilityPolicy } from './observability-policy.ts';
import { shadowAuditLog } from './shadow-audit-log.ts';
import { signedOverride } from './signed-override.ts';
import { workflowScorecard } from './workflow-scorecard.ts';
import { workspaceConfig } from './workspace-config.ts';

export const KINDS: readonly ArtifactKind[] = [
  certificationBundle,
  certificationPolicy,
  externalEvidence,
  evidenceRegistry,
  deploymentManifest,
  governancePolicy,
  observabilityPolicy,
  shadowAuditLog,
  agentAuditLog,
  agentPolicy,
  agentPolicyTests,
  signedOverride,
  governanceRules,
  workflowScorecard,
  deploymentThresholds,
  workspaceConfig,
];

const BY_ID = new Map<string, ArtifactKind>(KINDS.map((kind) => [kind.id, kind]));

export function kindById(id: string): ArtifactKind | undefined {
  return BY_ID.get(id);
}

export type { ArtifactKind, KindId };
