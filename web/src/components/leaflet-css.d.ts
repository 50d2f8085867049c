// Vite bundles the stylesheets; TypeScript only needs to know the side-effect imports exist (MapView.tsx).
declare module 'leaflet/dist/leaflet.css';
declare module 'leaflet.markercluster/dist/MarkerCluster.css';
