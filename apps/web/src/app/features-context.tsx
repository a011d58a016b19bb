/**
 * The feature registry as seen by the shell: router, console menu, home quick links and the H5 home
 * tiles all read it from here (the shell adds its own console home in front of `features`).
 */
import { createContext, useContext, useMemo } from 'react';
import { useMe } from '../lib/auth';
import { type VisibleEntry, visibleEntries } from './menu';
import type { FeatureRoutes } from './route-types';

export { activeEntry, isEntryVisible, menuGroups, type VisibleEntry, visibleEntries } from './menu';

export const FeaturesContext = createContext<FeatureRoutes[]>([]);
export const useFeatures = () => useContext(FeaturesContext);

/** The console menu entries the signed-in user may see, ordered by `order`. */
export function useConsoleMenu(): VisibleEntry[] {
  const features = useFeatures();
  const { data: me } = useMe();
  return useMemo(
    () =>
      visibleEntries(
        features.flatMap((f) => f.console ?? []),
        me,
      ),
    [features, me],
  );
}

/** Same for the H5 pages (tiles on the H5 home). */
export function useH5Menu(): VisibleEntry[] {
  const features = useFeatures();
  const { data: me } = useMe();
  return useMemo(
    () =>
      visibleEntries(
        features.flatMap((f) => f.h5 ?? []),
        me,
      ),
    [features, me],
  );
}
