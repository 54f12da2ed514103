/** ECharts through echarts-for-react, with only the chart kinds the console draws (a smaller bundle); loaded by ./Chart. */
// The ESM build: the CommonJS one (lib/) reaches Vite as a module object, not a component.
import { useEffect, useState } from 'react';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { HeatmapChart, LineChart, SankeyChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapPiecewiseComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([HeatmapChart, LineChart, SankeyChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapPiecewiseComponent, CanvasRenderer]);

export function EChart({ option, height }: { option: EChartsCoreOption; height: number }) {
  // Drawn in the task after the page first paints: ECharts lays a chart out as it mounts, before the
  // browser paints, so the page's tables would otherwise wait for every chart (a Sankey layout takes a
  // while). The box (./Chart) keeps the chart's height meanwhile, so nothing moves when it arrives.
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    const timer = window.setTimeout(() => setDrawn(true), 0);
    return () => window.clearTimeout(timer);
  }, []);
  return drawn ? <ReactEChartsCore echarts={echarts} option={{ aria: { enabled: true }, ...option }} style={{ height }} notMerge lazyUpdate /> : null;
}
