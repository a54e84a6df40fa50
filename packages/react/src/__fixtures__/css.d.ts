/** Stylesheets imported for their side effect by the stories and the browser page (bundled by Vite). */
declare module '*.css';
