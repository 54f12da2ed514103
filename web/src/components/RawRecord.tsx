/** A raw source payload as a field table or as JSON: what the agency's system sent, unaltered. */
import { useState } from 'react';
import { Segmented, Table } from 'antd';
import { useLanguage } from '../i18n';

function flatten(value: unknown, prefix = ''): { field: string; value: string }[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>).flatMap(([name, inner]) => flatten(inner, prefix ? `${prefix}.${name}` : name));
  }
  if (Array.isArray(value)) return value.flatMap((inner, index) => flatten(inner, `${prefix}[${index}]`));
  return [{ field: prefix || '·', value: value === null ? 'null' : String(value) }];
}

export function RawRecord({ payload }: { payload: unknown }) {
  const { t } = useLanguage();
  const [view, setView] = useState<'table' | 'json'>('table');
  return (
    <div>
      <Segmented
        size="small"
        value={view}
        onChange={(next) => setView(next === 'json' ? 'json' : 'table')}
        options={[
          { value: 'table', label: t('showTable') },
          { value: 'json', label: t('showJson') },
        ]}
      />
      {view === 'table' ? (
        <Table
          size="small"
          rowKey="field"
          pagination={false}
          dataSource={flatten(payload)}
          columns={[
            { title: t('field'), dataIndex: 'field' },
            { title: t('value'), dataIndex: 'value' },
          ]}
        />
      ) : (
        <pre style={{ maxHeight: 320, overflow: 'auto', background: '#f6f8f7', padding: 8 }} tabIndex={0}>
          {JSON.stringify(payload, null, 2)}
        </pre>
      )}
    </div>
  );
}
