"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export interface NavItem {
  href: string;
  label: string;
  /** Also current below these paths (a key's page under the keys page), not only on `href` itself. */
  prefixes?: string[];
}

/** Links with aria-current on the page the organiser is on. */
export function NavLinks({ items, label, className }: { items: NavItem[]; label: string; className: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className={className}>
      <ul>
        {items.map((item) => {
          const current =
            pathname === item.href ||
            item.prefixes?.some((prefix) => pathname.startsWith(`${prefix}/`) || pathname === prefix);
          return (
            <li key={item.href}>
              <Link href={item.href} aria-current={current ? "page" : undefined}>
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
