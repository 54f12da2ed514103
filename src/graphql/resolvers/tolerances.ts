/** Rule tolerances and severities as versioned data (src/reconcile/tolerances.ts); ADMIN only by `@auth`. */
import { z } from 'zod';
import { callerActor } from '../../reconcile/flags';
import { FLAG_SEVERITIES } from '../../reconcile/flagModel';
import { RULES } from '../../reconcile/rules';
import { changeRuleSettings, loadRuleSetVersions, ruleSetFor, RuleSettingsError, type RuleSetVersionInfo } from '../../reconcile/tolerances';
import { parsePeriod } from '../../indicators/periods';
import { badInput, HubError } from '../errors';
import type { Resolvers } from '../generated/resolvers';

export type RuleSetVersionParent = RuleSetVersionInfo;

const changeInput = z.object({
  effectiveFrom: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-01$/, 'must be the first day of a month, YYYY-MM-01'),
  changes: z
    .array(z.object({ rule: z.string(), tolerance: z.number().finite().min(0, 'must not be negative').nullish(), severity: z.enum(FLAG_SEVERITIES).nullish() }))
    .min(1, 'name at least one rule'),
  reason: z.string().trim().min(1, 'a change needs a reason').max(2000),
});

export const toleranceResolvers: Resolvers = {
  Query: {
    ruleSetVersions: () => loadRuleSetVersions(),
    ruleSetInForce: async (_parent, { period }) => {
      let key: string;
      try {
        key = parsePeriod(period).key;
      } catch (err) {
        throw badInput(`period: ${(err as Error).message}`, 'period');
      }
      const versions = await loadRuleSetVersions();
      const resolved = ruleSetFor(key, {}, versions);
      const info = versions.filter((v) => v.version === resolved.version).at(-1)!;
      return { ...info, rules: resolved.settings };
    },
  },
  Mutation: {
    changeRuleSettings: async (_parent, { input }, { caller }) => {
      const parsed = changeInput.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = issue.path.join('.');
        throw badInput(`${field}: ${issue.message}`, field);
      }
      try {
        return await changeRuleSettings({ ...parsed.data, actor: callerActor(caller!) });
      } catch (err) {
        if (err instanceof RuleSettingsError) throw new HubError(err.code, err.message);
        throw err;
      }
    },
  },
  RuleSetVersion: {
    note: (v) => v.note ?? null,
    createdBy: (v) => v.createdBy?.label ?? null,
    // a version may leave rules out: they take their file's defaults, as ruleSetFor applies them
    rules: (v) => RULES.map((rule) => ({ rule: rule.id, ...rule.defaults, ...v.rules[rule.id] })),
  },
};
