/**
 * How a feature plugs into the app: each `features/<domain>/routes.tsx` exports a `FeatureRoutes`
 * object, and `app/features.ts` lists them. The shell builds the router and the console menu from it.
 */
import type { Permission } from '@grassroots/shared/auth/permissions';
import type { Role } from '@grassroots/shared/auth/roles';
import type { ReactNode } from 'react';

export interface Label {
  'zh-CN': string;
  en: string;
}

export interface MenuEntry {
  key: string; // unique, e.g. 'areas'
  label: Label;
  icon?: ReactNode;
  order: number; // lower first
  group?: 'governance' | 'grid' | 'system'; // menu section
  /** Shown only if the user has this permission (or one of these roles). */
  permission?: Permission;
  roles?: Role[];
}

export interface AppRoute {
  path: string; // absolute, e.g. '/console/areas' or '/console/areas/:id'
  element: ReactNode;
  menu?: MenuEntry;
  /** Page title for the browser tab, the console breadcrumb and the H5 top bar (default: menu label). */
  title?: Label;
}

export interface FeatureRoutes {
  /** Inside the console layout (login required), paths under /console. */
  console?: AppRoute[];
  /** Phone pages for residents and grid workers (H5 layout, 375 px first), paths under /h5. */
  h5?: AppRoute[];
  /** No login, e.g. the 亮身份 page from a building's QR code, paths under /p. */
  public?: AppRoute[];
  /** Full-window pages without any frame (the command-centre wall, /screen); the page checks the login itself. */
  screen?: AppRoute[];
}
