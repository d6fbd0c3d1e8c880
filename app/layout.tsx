import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { AccountNav } from "@/components/account/account-nav";
import { StrictCsp } from "@/components/site/strict-csp";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "PRIME+ profile tool", template: "%s · PRIME+ profile tool" },
  description: "Define your PRIME+ DLMS/COSEM user profile and testbook without DLMS knowledge.",
  icons: { icon: { url: "/favicon.svg", type: "image/svg+xml" } },
};

/** Every page renders per request: its scripts carry the request's CSP nonce (see proxy.ts). */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>
        <StrictCsp />
        <a className="skip-link" href="#main">Skip to content</a>
        <header className="site">
          <Link href="/">PRIME+ profile tool</Link>
          <nav aria-label="Main">
            <Link href="/">Home</Link>
            <AccountNav />
          </nav>
        </header>
        <main id="main" tabIndex={-1}>{children}</main>
      </body>
    </html>
  );
}
