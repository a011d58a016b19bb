/** Data access for places: TanStack Query hooks over /api/compounds, /api/buildings, /api/rooms, /api/households. */
import type { Page } from '@grassroots/shared/common/pagination';
import type {
  BuildingDetail,
  BuildingView,
  CompoundDetail,
  CompoundView,
  HouseholdDetail,
  HouseholdView,
  QrSheet,
  RoomView,
} from '@grassroots/shared/places/places.schema';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export type { BuildingDetail, BuildingView, CompoundDetail, CompoundView, HouseholdDetail, HouseholdView, RoomView };

type Query = Record<string, string | number | boolean | undefined | null>;

export const placesKeys = {
  all: ['places'] as const,
  compounds: (q: Query) => ['places', 'compounds', q] as const,
  compound: (id: string) => ['places', 'compound', id] as const,
  buildings: (q: Query) => ['places', 'buildings', q] as const,
  building: (id: string) => ['places', 'building', id] as const,
  rooms: (buildingId: string) => ['places', 'rooms', buildingId] as const,
  households: (q: Query) => ['places', 'households', q] as const,
  qrSheet: (id: string) => ['places', 'qr-sheet', id] as const,
};

export const useCompounds = (q: Query) =>
  useQuery({
    queryKey: placesKeys.compounds(q),
    queryFn: () => api.get<Page<CompoundView>>('/api/compounds', q),
    placeholderData: keepPreviousData,
  });

export const useCompound = (id: string) =>
  useQuery({ queryKey: placesKeys.compound(id), queryFn: () => api.get<CompoundDetail>(`/api/compounds/${id}`) });

export const useBuildings = (q: Query, enabled = true) =>
  useQuery({
    queryKey: placesKeys.buildings(q),
    queryFn: () => api.get<Page<BuildingView>>('/api/buildings', q),
    placeholderData: keepPreviousData,
    enabled,
  });

export const useBuilding = (id: string) =>
  useQuery({ queryKey: placesKeys.building(id), queryFn: () => api.get<BuildingDetail>(`/api/buildings/${id}`) });

export const useRooms = (buildingId: string | null | undefined) =>
  useQuery({
    queryKey: placesKeys.rooms(buildingId ?? ''),
    queryFn: () => api.get<{ items: RoomView[] }>(`/api/buildings/${buildingId}/rooms`),
    enabled: !!buildingId,
  });

export const useHouseholds = (q: Query, enabled = true) =>
  useQuery({
    queryKey: placesKeys.households(q),
    queryFn: () => api.get<Page<HouseholdView>>('/api/households', q),
    placeholderData: keepPreviousData,
    enabled,
  });

export const useQrSheet = (id: string) =>
  useQuery({ queryKey: placesKeys.qrSheet(id), queryFn: () => api.get<QrSheet>(`/api/compounds/${id}/qr-sheet`) });

export interface OrgOption {
  id: string;
  name: string;
  kind: string;
}
export const usePropertyCompanies = () =>
  useQuery({
    queryKey: ['organisations', 'property_company'],
    queryFn: () => api.get<Page<OrgOption>>('/api/organisations', { kind: 'property_company', pageSize: 200 }),
    staleTime: 5 * 60_000,
  });

/** Any write under places invalidates every places query: counts on parents change with children. */
export function usePlacesMutation<TVars, TResult = unknown>(fn: (v: TVars) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: placesKeys.all }) });
}
