/**
 * A chart in a box of its height. ECharts (its own chunk, about 600 kB) loads when a chart is first
 * drawn, not with the page: a page's chunk is small, so its data read starts without waiting for ECharts.
 */
import { lazy, Suspense } from 'react';
import type { EChartsCoreOption } from 'echarts/core';

const EChart = lazy(() => import('./EChart').then((m) => ({ default: m.EChart })));

export function Chart({ option, height = 320, label }: { option: EChartsCoreOption; height?: number; label: string }) {
  return (
    <div role="img" aria-label={label} style={{ minHeight: height }}>
      <Suspense fallback={null}>
        <EChart option={option} height={height} />
      </Suspense>
    </div>
  );
}
