// menace deployment-governance rule files: a list of {decision, condition, reason_code}.
import schema from '../../../../schemas/governance-rules.schema.json';
import { conditionNames, evaluateCondition, parseCondition } from '../governance/condition.ts';
import { GOVERNANCE_VARIABLES } from '../governance/variables.ts';
import { asArray, get, has, isObject, Report } from '../values.ts';
import { spanWithin, type ArtifactKind } from './kind.ts';
import { SIGNATURE_KEYS } from './signatures.ts';

const KNOWN = new Set<string>(GOVERNANCE_VARIABLES);

export const governanceRules: ArtifactKind = {
  id: 'governance-rules',
  title: 'deployment-governance rule file',
  formats: ['json', 'jsonc', 'yaml'],
  schema,
  signatureKeys: SIGNATURE_KEYS['governance-rules'],
  matches: (value) =>
    Array.isArray(value) && value.length > 0 && isObject(value[0]) && has(value[0], 'decision') && has(value[0], 'condition'),
  check(value, source) {
    const report = new Report();
    const reasons = new Map<string, number>();
    let alwaysTrue: number | undefined;
    asArray(value).forEach((rule, index) => {
      if (!isObject(rule)) return;
      if (alwaysTrue !== undefined) {
        report.warning('rule-unreachable', `This rule never decides: the condition of rule ${alwaysTrue + 1} is always true, so evaluation stops there.`, [index], 'key');
      }
      const condition = get(rule, 'condition');
      if (typeof condition === 'string' && condition !== '') { // an empty one is the schema's to report
        const parsed = parseCondition(condition);
        if ('error' in parsed) {
          report.findings.push({
            code: 'condition-invalid',
            severity: 'error',
            message: `Invalid condition: ${parsed.error.message}`,
            path: [index, 'condition'],
            ...(source ? { span: spanWithin(source, [index, 'condition'], parsed.error) } : {}),
          });
        } else {
          const unknown = conditionNames(parsed.condition).filter((name) => !KNOWN.has(name));
          for (const name of unknown) {
            report.warning('condition-unknown-variable', `Unknown variable "${name}": conditions can read ${GOVERNANCE_VARIABLES.join(', ')}. The rule would be skipped.`, [index, 'condition']);
          }
          // A condition that reads nothing and is true decides for every scorecard.
          const constant = evaluateCondition(parsed.condition, {});
          if (alwaysTrue === undefined && 'value' in constant && isTruthy(constant.value)) alwaysTrue = index;
        }
      }
      const reason = get(rule, 'reason_code');
      if (typeof reason !== 'string' || reason.trim() === '') {
        if (!has(rule, 'reason_code') || typeof reason === 'string') {
          const path = has(rule, 'reason_code') ? [index, 'reason_code'] : [index, 'decision'];
          report.warning('reason-code-missing', 'This rule has no reason_code: the decision name is reported as the reason instead.', path, has(rule, 'reason_code') ? 'value' : 'key');
        }
      } else if (reasons.has(reason)) {
        report.warning('reason-code-duplicate', `reason_code "${reason}" is also used by rule ${reasons.get(reason)! + 1}: reports cannot tell the two apart.`, [index, 'reason_code']);
      } else {
        reasons.set(reason, index);
      }
    });
    return report.findings;
  },
};

/** Python truthiness of a constant condition's value. */
function isTruthy(value: unknown): boolean {
  return value !== null && value !== false && value !== 0 && value !== '';
}

