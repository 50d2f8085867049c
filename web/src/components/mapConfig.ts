// The web configuration (GET /api/system/config): the map tile URL (empty when the deployment has no tile
// server: the maps then draw the towns as labelled points and say they are offline) and the upload limit.
import { useQuery } from '@tanstack/react-query';
import type { WebConfig } from '../../../shared/platform.dto.ts';
import { api } from '../app/api';

export function useMapConfig() {
  return useQuery({
    queryKey: ['system', 'config'],
    queryFn: () => api.get<WebConfig>('/api/system/config'),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}
