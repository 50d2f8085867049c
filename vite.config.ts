import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

const api = `http://127.0.0.1:${process.env.ANLAN_API_PORT ?? 3000}`;

export default defineConfig({
  root: 'web',
  // Pre-compressed .br/.gz next to each asset: the server sends them as they are (no compression per request),
  // so a phone on the public report page downloads antd and echarts at a fraction of their size.
  plugins: [react(), compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024, logLevel: 'silent' })],
  server: {
    proxy: Object.fromEntries(['/api', '/docs', '/healthz', '/readyz', '/metrics'].map((p) => [p, { target: api }])),
  },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Vendor groups change rarely; splitting them keeps app deploys cache-friendly.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|scheduler|@tanstack)[\\/]/,
              priority: 30,
            },
            {
              name: 'echarts',
              test: /node_modules[\\/](echarts|zrender|echarts-for-react)[\\/]/,
              priority: 20,
            },
            {
              name: 'antd',
              test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs)[\\/]/,
              priority: 10,
            },
          ],
        },
      },
    },
  },
});
