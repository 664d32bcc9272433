import { ClusterOverview } from '@/components/cluster-overview';

export default function HomePage() {
  return <ClusterOverview />;
}
