// A language feature of the server: the capabilities it announces and the handlers it registers.
// Features read documents through the shared analyses (one parse per version) and the index.
import type { Connection, ServerCapabilities, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AgentPolicies } from '../agents.ts';
import type { DocumentAnalyses } from '../analyses.ts';
import type { CommandSafety } from '../command-safety.ts';
import type { CertificationService } from '../certification.ts';
import type { WorkspaceIndex } from '../workspace-index.ts';

export interface FeatureContext {
  documents: TextDocuments<TextDocument>;
  analyses: DocumentAnalyses;
  index: WorkspaceIndex;
  certification: CertificationService;
  agents: AgentPolicies;
  commandSafety: CommandSafety;
}

export interface Feature {
  capabilities: ServerCapabilities;
  register(connection: Connection, context: FeatureContext): void;
}
