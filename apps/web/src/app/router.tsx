/**
 * The router, built from the feature registry. Layout routes are pathless so a feature's absolute paths
 * are used as written; each layout has its own error boundary so a crashing page keeps the frame.
 * A feature path that duplicates a shell path wins over the shell's default.
 */
import { createBrowserRouter, type RouteObject } from 'react-router';
import { shellRoutes } from './home/routes';
import { ConsoleLayout } from './layouts/ConsoleLayout';
import { H5Layout, PublicLayout } from './layouts/H5Layout';
import { ChangePasswordPage } from './pages/ChangePasswordPage';
import { NotFoundPage, RouteErrorPage } from './pages/ErrorPages';
import { LoginPage } from './pages/LoginPage';
import { RootRedirect } from './pages/RootRedirect';
import type { AppRoute, FeatureRoutes } from './route-types';

/** Shell routes first, features after; for a duplicated path the feature's (later) entry is kept. */
export function withShell(features: FeatureRoutes[]): FeatureRoutes[] {
  return [shellRoutes, ...features];
}

function children(routes: AppRoute[], notFoundPath: string): RouteObject[] {
  const byPath = new Map<string, AppRoute>();
  for (const r of routes) byPath.set(r.path, r);
  const list: RouteObject[] = [...byPath.values()].map((r) => ({
    path: r.path,
    element: r.element,
    handle: { title: r.title ?? r.menu?.label },
  }));
  return [{ errorElement: <RouteErrorPage />, children: [...list, { path: notFoundPath, element: <NotFoundPage /> }] }];
}

export function buildRoutes(all: FeatureRoutes[]): RouteObject[] {
  const pick = (k: keyof FeatureRoutes) => all.flatMap((f) => f[k] ?? []);
  return [
    {
      errorElement: <RouteErrorPage />,
      children: [
        { path: '/', element: <RootRedirect /> },
        { path: '/login', element: <LoginPage /> },
        { path: '/change-password', element: <ChangePasswordPage /> },
        { element: <ConsoleLayout />, children: children(pick('console'), '/console/*') },
        { element: <H5Layout />, children: children(pick('h5'), '/h5/*') },
        { element: <PublicLayout />, children: children(pick('public'), '/p/*') },
        { children: children(pick('screen'), '/screen/*') },
        { path: '*', element: <NotFoundPage standalone /> },
      ],
    },
  ];
}

export const buildRouter = (all: FeatureRoutes[]) => createBrowserRouter(buildRoutes(all));
