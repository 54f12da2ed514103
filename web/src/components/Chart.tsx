/** ECharts through echarts-for-react, with only the chart kinds the console draws (a smaller bundle). */
// The ESM build: the CommonJS one (lib/) reaches Vite as a module object, not a component.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { HeatmapChart, LineChart, SankeyChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapPiecewiseComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([HeatmapChart, LineChart, SankeyChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapPiecewiseComponent, CanvasRenderer]);

export function Chart({ option, height = 320, label }: { option: EChartsCoreOption; height?: number; label: string }) {
  return (
    <div role="img" aria-label={label}>
      <ReactEChartsCore echarts={echarts} option={{ aria: { enabled: true }, ...option }} style={{ height }} notMerge lazyUpdate />
    </div>
  );
}
