import '@grantkit/react/styles.css';
import './app.css';
import type { ReactNode } from 'react';

export const metadata = { title: 'Grantkit · Next.js app router' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
