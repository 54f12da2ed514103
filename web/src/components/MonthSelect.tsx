/**
 * The dashboard's month: every month with priority values, newest first, each with how many of the
 * priority indicators have a value, so a reader sees why the dashboard opened on an earlier month than
 * the newest (a month a month-end sync has only just opened; the rule is the API's `dashboardMonths`).
 */
import { Select } from 'antd';
import type { DashboardMonthsFieldsFragment } from '../graphql/generated';
import { useLanguage } from '../i18n';

type Months = DashboardMonthsFieldsFragment;

export function MonthSelect({ months, value, onChange }: { months: Months; value: string; onChange(month: string): void }) {
  const { t } = useLanguage();
  return (
    <Select
      aria-label={t('dashboardMonth')}
      value={value}
      onChange={(month: string) => onChange(month)}
      style={{ width: 330 }}
      data-testid="month-select"
      options={[...months.months].reverse().map((m) => ({
        value: m.period,
        label: t(m.period === months.defaultMonth ? 'dashboardMonthDefault' : 'dashboardMonthOption', { period: m.period, valued: m.valued, count: months.priorityCount }),
      }))}
    />
  );
}
