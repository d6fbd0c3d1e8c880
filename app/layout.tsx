import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "PRIME+ profile tool", template: "%s · PRIME+ profile tool" },
  description: "Define your PRIME+ DLMS/COSEM user profile and testbook without DLMS knowledge.",
  icons: { icon: { url: "/favicon.svg", type: "image/svg+xml" } },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">Skip to content</a>
        <header className="site">
          <Link href="/">PRIME+ profile tool</Link>
          <nav aria-label="Main">
            <Link href="/">Home</Link>
          </nav>
        </header>
        <main id="main" tabIndex={-1}>{children}</main>
      </body>
    </html>
  );
}
