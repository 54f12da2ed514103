/**
 * The flag queue's filters. Controlled: the value is the API's FlagFilter, so what the steward picks is
 * exactly what the query asks. Rule and status options carry the API's facet counts.
 */
import { useEffect, useState } from 'react';
import { Button, Input, Select, Space } from 'antd';
import type { FlagFilter, FlagSeverity, FlagStatus, FlagQueueQuery } from '../graphql/generated';
import { useLanguage } from '../i18n';
import { FLAG_SEVERITIES, FLAG_STATUSES, SEVERITY_LABEL, STATUS_LABEL } from '../labels';
import { DEFAULT_FLAG_FILTER } from '../firstPages';

export type FlagFacets = FlagQueueQuery['flags']['facets'];


interface Props {
  value: FlagFilter;
  onChange(next: FlagFilter): void;
  facets?: FlagFacets;
  streams: readonly string[];
  /** the signed-in key: "assigned to me" */
  callerKeyId: string;
}

/** Drops empty fields so the query (and the cache key) only carries what is set. */
export function cleanFilter(filter: FlagFilter): FlagFilter {
  const clean: FlagFilter = {};
  for (const [name, value] of Object.entries(filter) as [keyof FlagFilter, FlagFilter[keyof FlagFilter]][]) {
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    Object.assign(clean, { [name]: value });
  }
  return clean;
}

function countOf(facet: readonly { value: string; count: number }[] | undefined, value: string): number | undefined {
  return facet?.find((f) => f.value === value)?.count;
}

/** A text field that applies on Enter or when it loses focus, not on every keystroke. */
function CommitInput({ label, value, onCommit, placeholder }: { label: string; value: string | null | undefined; onCommit(next: string): void; placeholder?: string }) {
  const [draft, setDraft] = useState(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  const commit = () => {
    if (draft.trim() !== (value ?? '')) onCommit(draft.trim());
  };
  return <Input aria-label={label} placeholder={placeholder ?? label} value={draft} onChange={(e) => setDraft(e.target.value)} onPressEnter={commit} onBlur={commit} allowClear style={{ width: 170 }} />;
}

export function FlagFilters({ value, onChange, facets, streams, callerKeyId }: Props) {
  const { t } = useLanguage();
  const set = (patch: Partial<FlagFilter>) => onChange(cleanFilter({ ...value, ...patch }));
  const ruleOptions = (facets?.byRule ?? []).map((f) => ({ value: f.value, label: `${f.value} (${f.count})` }));
  // A chosen rule the facets no longer list still shows, so it can be removed.
  for (const rule of value.rule ?? []) if (!ruleOptions.some((o) => o.value === rule)) ruleOptions.push({ value: rule, label: rule });

  return (
    <Space wrap data-testid="flag-filters">
      <Select<string[]>
        mode="multiple"
        aria-label={t('filterRule')}
        placeholder={t('filterRule')}
        value={value.rule ?? []}
        options={ruleOptions}
        onChange={(rule) => set({ rule })}
        style={{ minWidth: 180 }}
        allowClear
      />
      <Select<FlagSeverity[]>
        mode="multiple"
        aria-label={t('filterSeverity')}
        placeholder={t('filterSeverity')}
        value={value.severity ?? []}
        options={FLAG_SEVERITIES.map((s) => ({ value: s, label: t(SEVERITY_LABEL[s]) }))}
        onChange={(severity) => set({ severity })}
        style={{ minWidth: 140 }}
        allowClear
      />
      <Select<string[]>
        mode="multiple"
        aria-label={t('filterStream')}
        placeholder={t('filterStream')}
        value={value.stream ?? []}
        options={streams.map((s) => ({ value: s, label: s }))}
        onChange={(stream) => set({ stream })}
        style={{ minWidth: 140 }}
        allowClear
      />
      <Select<FlagStatus[]>
        mode="multiple"
        aria-label={t('filterStatus')}
        placeholder={t('filterStatus')}
        value={value.status ?? []}
        options={FLAG_STATUSES.map((s) => {
          const count = countOf(facets?.byStatus, s);
          return { value: s, label: count === undefined ? t(STATUS_LABEL[s]) : `${t(STATUS_LABEL[s])} (${count})` };
        })}
        onChange={(status) => set({ status })}
        style={{ minWidth: 200 }}
        allowClear
      />
      <CommitInput label={t('filterStreet')} value={value.street} onCommit={(street) => set({ street })} />
      <CommitInput label={t('filterPeriod')} value={value.period} onCommit={(period) => set({ period })} />
      <Select<string>
        aria-label={t('filterAssignee')}
        value={value.assignee ? 'me' : 'anyone'}
        options={[
          { value: 'anyone', label: t('assigneeAnyone') },
          { value: 'me', label: t('assigneeMe') },
        ]}
        onChange={(choice) => set({ assignee: choice === 'me' ? callerKeyId : null })}
        style={{ width: 130 }}
      />
      <CommitInput label={t('filterText')} value={value.text} onCommit={(text) => set({ text })} />
      <Button onClick={() => onChange(DEFAULT_FLAG_FILTER)}>{t('filterReset')}</Button>
    </Space>
  );
}
