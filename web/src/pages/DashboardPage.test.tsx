import { describe, expect, it } from 'vitest';
import { translator } from '../i18n';
import { flowsOption } from './DashboardPage';

// The household stream's flows as the API gives them: node ids are the aggregate's codes (labels = ids).
const household = {
  nodes: ['collected: KITCHEN', 'transfer station', 'TRANSFER_STATION', 'FOOD_WASTE_PLANT', 'unknown facility', 'collected: NEW_CODE'].map((id) => ({ id, label: id })),
  links: [
    { source: 'collected: KITCHEN', target: 'FOOD_WASTE_PLANT', grams: '2500000' },
    { source: 'transfer station', target: 'TRANSFER_STATION', grams: '1000000' },
    { source: 'collected: NEW_CODE', target: 'unknown facility', grams: '1000' },
  ],
};

type Series = { data: { name: string }[]; label: { formatter(params: { name: string }): string } };
type Tooltip = { formatter(params: { dataType?: string; name: string; value: number; data: { source?: string; target?: string } }): string };

function labelsOf(option: ReturnType<typeof flowsOption>): string[] {
  const series = option.series[0] as unknown as Series;
  return series.data.map((node) => series.label.formatter({ name: node.name }));
}

describe('the dashboard flows (Sankey)', () => {
  it('labels its nodes from the i18n table: Chinese by default', () => {
    const option = flowsOption(household, translator('zh'));
    // the nodes keep their ids: the two transfer-station nodes stay apart
    expect((option.series[0] as unknown as Series).data.map((node) => node.name)).toEqual(household.nodes.map((node) => node.id));
    expect(labelsOf(option)).toEqual(['收集：厨余垃圾', '转运站', '转运站', '餐厨垃圾处理厂', '未登记设施', '收集：NEW_CODE']);
  });

  it('labels its nodes and tooltips in English with the switch', () => {
    const option = flowsOption(household, translator('en'));
    expect(labelsOf(option)).toEqual(['Collected: Kitchen waste', 'Transfer station', 'Transfer station', 'Food-waste plant', 'Unregistered facility', 'Collected: NEW_CODE']);
    const tooltip = option.tooltip as unknown as Tooltip;
    expect(tooltip.formatter({ dataType: 'edge', name: '', value: 2500000, data: { source: 'collected: KITCHEN', target: 'FOOD_WASTE_PLANT' } })).toBe('Collected: Kitchen waste → Food-waste plant: 2.500 t');
    expect(tooltip.formatter({ dataType: 'node', name: 'transfer station', value: 1000000, data: {} })).toBe('Transfer station: 1.000 t');
  });
});
