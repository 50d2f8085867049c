// Vite bundles the stylesheet; TypeScript only needs to know the side-effect import exists.
declare module 'leaflet/dist/leaflet.css';
