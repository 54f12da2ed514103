/**
 * The console's Ant Design theme, shared by the console (Console.tsx) and the build (vite.config.ts), which
 * writes Ant Design's styles for it into a CSS file: the console renders with `zeroRuntime`, so no
 * component generates its styles in the browser on its first render.
 */
import type { ThemeConfig } from 'antd';

export const THEME: ThemeConfig = {
  // Darker secondary, placeholder and link colours than Ant Design's defaults: WCAG AA contrast (axe).
  token: {
    colorPrimary: '#0b6e4f',
    colorLink: '#0b6e4f',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    colorError: '#cf1322',
  },
  // Plain class names (no hash) and a fixed key for the theme's CSS variables: the same selectors at build
  // time and in the browser.
  hashed: false,
  cssVar: { key: 'console' },
  zeroRuntime: true,
};

/**
 * The Ant Design components whose styles the build writes (vite.config.ts): those the console imports
 * (theme.test.ts checks) and those they render inside (a table's checkboxes, selection dropdown, sort
 * tooltips, pagination and empty state; a form's tooltips; the App's messages). Every component's styles,
 * 1 MB, slowed down every style recalculation: the dashboard's paint after its data took 140-200 ms of
 * main thread, 75-110 ms with these (partner's first page, profiled at load 4-5).
 */
export const STYLED_COMPONENTS = [
  ...['Alert', 'App', 'Button', 'Card', 'Col', 'Descriptions', 'Drawer', 'Form', 'Input', 'InputNumber', 'Layout', 'List', 'Menu', 'Modal', 'Radio', 'Row', 'Segmented'],
  ...['Select', 'Space', 'Spin', 'Statistic', 'Switch', 'Table', 'Tag', 'Timeline', 'Typography'],
  ...['Checkbox', 'Divider', 'Dropdown', 'Empty', 'Flex', 'Pagination', 'Popover', 'Skeleton', 'Tooltip', 'message', 'notification'],
];
