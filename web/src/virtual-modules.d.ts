// Ant Design's styles for the console's theme, written at build time (vite.config.ts).
declare module 'virtual:antd-theme.css';
