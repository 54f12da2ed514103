/// <reference types="vitest/config" />
import { createElement, type ReactElement } from 'react';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { extractStyle } from '@ant-design/static-style-extract';
import { ConfigProvider } from 'antd';
import { STYLED_COMPONENTS, THEME } from './src/theme.ts';

/**
 * `virtual:antd-theme.css`: Ant Design's styles for the console's theme, rendered once at build time (the
 * components of STYLED_COMPONENTS, with THEME's tokens), so the browser generates none (`zeroRuntime`).
 */
function antdThemeStyles(): Plugin {
  const id = 'virtual:antd-theme.css';
  const resolved = `\0${id}`;
  let css: string | null = null;
  return {
    name: 'antd-theme-styles',
    resolveId: (source) => (source === id ? resolved : null),
    load(loading) {
      if (loading !== resolved) return null;
      // zeroRuntime off here: the extraction collects the styles the components generate as they render
      css ??= extractStyle({ includes: [...STYLED_COMPONENTS], customTheme: (node: ReactElement) => createElement(ConfigProvider, { theme: { ...THEME, zeroRuntime: false } }, node) });
      return css;
    },
  };
}

// The hub serves dist/ at / (src/webConsole.ts): hashed file names under assets/ get long cache headers.
export default defineConfig({
  plugins: [react(), antdThemeStyles()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    // The signed-in console and its pages are lazy chunks (App.tsx, Console.tsx). Vendor chunks change less often than the console's code, so a new
    // console build leaves them cached: React and the router, Apollo and graphql, and ECharts, loaded only
    // by the pages that draw charts. Ant Design is left to the automatic split: one group would make the
    // sign-in page load every component of every page. A group takes its modules' dependencies with them:
    // React and Apollo (tslib) go first, or the ECharts chunk takes them (echarts-for-react imports both)
    // and every page, sign-in too, loads ECharts.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', priority: 3, test: /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|cookie|set-cookie-parser)[\\/]/ },
            { name: 'apollo', priority: 2, test: /[\\/]node_modules[\\/](@apollo|graphql|rxjs|@wry|optimism|tslib|@graphql-typed-document-node)[\\/]/ },
            { name: 'echarts', priority: 1, test: /[\\/]node_modules[\\/](echarts|zrender|echarts-for-react|size-sensor)[\\/]/ },
          ],
        },
      },
    },
    // ECharts' chunk (about 600 kB) is over Vite's 500 kB; only charts load it
    chunkSizeWarningLimit: 800,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    // Ant Design's forms render slowly in jsdom on a shared 2-core machine: the default 5 s timed out
    // (forms that pass in 1 s when the machine is idle).
    testTimeout: 30_000,
  },
});
