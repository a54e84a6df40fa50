/** @type {import('next').NextConfig} */
const nextConfig = {
  // The grants server runs in Node as published (PGlite loads its WebAssembly from its package).
  serverExternalPackages: ['@grantkit/server', '@electric-sql/pglite'],
};

export default nextConfig;
