/**
 * A chart in a box of its height. ECharts (its own chunk, about 600 kB) is not part of a page's chunk: a
 * page's chunk is small, so its data read starts without waiting for ECharts. The signed-in console loads
 * it in idle time after the pages (pageChunks.ts); a chart drawn before then loads it.
 */
import { Suspense, useEffect, useState } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { lazyChunk, PAGE_CHUNKS } from '../pageChunks';

// once loaded, drawn without suspending: a suspended chart is revealed after React's fallback throttle
const EChart = lazyChunk(PAGE_CHUNKS.chart, (m) => m.EChart);

export function Chart({ option, height = 320, label }: { option: EChartsCoreOption; height?: number; label: string }) {
  // Not loaded yet, ECharts is asked for once the page has painted (after the next frame): fetched and run
  // while the page rendered, it held the first page's tables back (a partner's dashboard, as profiled).
  const [asked, setAsked] = useState(() => PAGE_CHUNKS.chart.loaded !== null);
  useEffect(() => {
    if (asked) return;
    let timer = 0;
    const frame = window.requestAnimationFrame(() => (timer = window.setTimeout(() => setAsked(true), 0)));
    return () => {
      window.cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [asked]);
  return (
    <div role="img" aria-label={label} style={{ minHeight: height }}>
      <Suspense fallback={null}>{asked && <EChart option={option} height={height} />}</Suspense>
    </div>
  );
}
