/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The hub serves dist/ at / (src/webConsole.ts): hashed file names under assets/ get long cache headers.
export default defineConfig({
  plugins: [react()],
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
