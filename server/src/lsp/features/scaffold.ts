// The files of a new readiness bundle, for ProdGate: New Readiness Bundle. The server builds them
// because the engine knows what each gate requires; the client only asks where to write them.
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { bundleFileName, scaffoldBundle } from '../../engine/scaffold.ts';
import { ScaffoldRequest, type ScaffoldParams, type ScaffoldResult } from '../protocol.ts';
import type { Feature } from './feature.ts';

export const scaffold: Feature = {
  capabilities: {},
  register(connection) {
    connection.onRequest(ScaffoldRequest, (params: ScaffoldParams | undefined): ScaffoldResult => {
      const format = params?.format;
      if (format !== 'json' && format !== 'yaml') {
        throw new ResponseError(ErrorCodes.InvalidParams, `A readiness bundle is scaffolded as "json" or "yaml", not ${JSON.stringify(format)}.`);
      }
      return { files: scaffoldBundle(format), bundle: bundleFileName(format) };
    });
  },
};
