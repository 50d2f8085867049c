// The map tile URL from the server's configuration (empty when the deployment has no tile server: the
// maps then draw the towns as labelled points and say they are offline).
import { useQuery } from '@tanstack/react-query';
import { api } from '../app/api';

export function useMapConfig() {
  return useQuery({
    queryKey: ['system', 'config'],
    queryFn: () => api.get<{ tileUrl: string }>('/api/system/config'),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}
